# Onsite: two commands for everyone (`make run`, `make test`); the other targets are their steps.
# Each step is its own target so engine crates can add theirs next to it.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

CARGO ?= cargo
XVFB_RUN ?= xvfb-run -a -s "-screen 0 1280x800x24"
APP_BIN := target/debug/onsite-app
# Every input of the UI build: ui/dist is rebuilt only when one of these changes, so that the
# shell (which embeds ui/dist at compile time) is not recompiled on every make.
UI_INPUTS := $(shell find ui/src ui/public -type f 2>/dev/null) \
	ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package.json ui/package-lock.json

.PHONY: run test setup ui lint test-rust test-ui test-e2e test-package app bindings fuzz package

## make run: set up, build the UI and the app, start the app
run: setup app
	./$(APP_BIN)

## make test: set up, then every check CI runs
test: setup lint test-rust test-ui test-e2e test-package

## make setup: system packages, UI packages, tauri-driver, the default model (idempotent)
setup:
	scripts/setup

## make ui: the web front end, built into ui/dist (embedded into the app at compile time)
ui: ui/dist/index.html

ui/dist/index.html: $(UI_INPUTS)
	cd ui && npm run --silent build

## make lint: formatting and clippy for the whole workspace
lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## make test-rust: the workspace's tests (the end-to-end ones are #[ignore]d here)
test-rust: ui
	$(CARGO) test --workspace

## make test-ui: the front end's type check and component tests
test-ui: ui
	cd ui && npm run --silent typecheck && npm test --silent

## make test-e2e: drive the built app in a virtual display
# `cargo test --workspace` builds target/debug/onsite-app (for the shell's own tests) with the
# workspace's feature set; building it and the e2e tests the same way (never `-p`) means nothing
# is compiled twice after test-rust. The e2e tests are `e2e_*` targets, #[ignore]d elsewhere.
# They run in a network namespace with loopback only (tests/privacy/offline): every flow of the
# app, a whole session included, is shown to work with no network.
test-e2e: ui
	$(CARGO) test --workspace --no-run
	$(XVFB_RUN) tests/privacy/offline $(CARGO) test --offline --workspace --test 'e2e_*' -- --ignored --test-threads=1
	tests/privacy/app-offline $(APP_BIN)

## make test-package: bundle a .deb from the debug build, install it here, use it offline, remove it
# The debug binaries are the ones the steps before built (`--workspace`: the same features, so
# this build is a no-op after them); a release build would add half an hour to CI. Needs root.
test-package: ui
	$(CARGO) build --workspace
	tests/package/install-test

## make package: release .deb and .rpm in target/release/bundle/{deb,rpm}/ (app, CLI, model)
# cargo builds the binaries (the workspace's features, as `make test` has them); the Tauri
# bundler (scripts/bundle) only packages them. The default model comes from `make setup`.
package: setup ui
	$(CARGO) build --release --workspace
	scripts/bundle release deb rpm

## make app: the desktop app (debug build, UI embedded, no dev server)
# `--workspace --bin onsite-app` builds only the app, with the features the whole workspace
# resolves: the same build `make test` makes, so either order compiles once. `-p onsite-app`
# would resolve the app's dependencies alone (fewer tokio and syn features) and rebuild about
# a hundred crates, tauri among them, in both directions.
app: ui
	$(CARGO) build --workspace --bin onsite-app

## make bindings: regenerate ui/src/bindings.ts from the Rust commands
bindings: ui
	ONSITE_UPDATE_BINDINGS=1 $(CARGO) test --workspace --test bindings

## make fuzz: every cargo-fuzz target for FUZZ_SECONDS each (nightly; not part of `make test`)
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz $(FUZZ_SECONDS)
