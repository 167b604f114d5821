//! The layering ARCHITECTURE.md describes, checked against every crate's Cargo.toml: a crate
//! depends only on crates of a strictly lower layer, and nothing below the shells on Tauri.
//! And the desktop shell's own rule, checked against its sources: commands stay short and
//! never import each other, slow work goes through the one `blocking` helper, and only
//! `state::Settings` reads or writes the stored settings.

use std::path::Path;

/// Each workspace crate's layer, as ARCHITECTURE.md's table gives it.
const LAYERS: &[(&str, u8)] = &[
    ("onsite-transcript", 0),
    ("onsite-datadir", 0),
    ("onsite-diagram", 0),
    ("onsite-capture", 1),
    ("onsite-speech", 1),
    ("onsite-models", 1),
    ("onsite-rubric", 1),
    ("onsite-interview", 2),
    ("onsite-store", 2),
    ("onsite-voice", 2),
    ("onsite-meaning", 2),
    ("onsite-live", 3),
    ("onsite-report", 3),
    ("onsite-cli", 4),
    ("onsite-app", 4),
];

fn layer(name: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

/// The names in a manifest's `[dependencies]` and `[build-dependencies]`, platform-specific
/// ones (`[target.'cfg(..)'.dependencies]`) included; not dev: tests may reach anywhere.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]") && !line.ends_with("dev-dependencies]");
            continue;
        }
        if in_deps && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim();
                out.push(name.split('.').next().unwrap_or(name).to_owned());
            }
        }
    }
    out
}

#[test]
fn every_dependency_points_to_a_lower_layer_and_no_engine_uses_tauri() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut manifests: Vec<_> = std::fs::read_dir(root.join("crates"))
        .expect("crates/ is readable")
        .map(|e| e.expect("a crates/ entry").path().join("Cargo.toml"))
        .collect();
    manifests.push(root.join("src-tauri/Cargo.toml"));
    let mut checked = 0;
    let mut wrong = Vec::new();
    for manifest in manifests {
        let text = std::fs::read_to_string(&manifest).expect("Cargo.toml is readable");
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .map(|n| n.trim_matches('"').to_owned())
            .expect("a package name");
        if name == "onsite-testkit" {
            continue;
        }
        let Some(own) = layer(&name) else {
            wrong.push(format!(
                "{name} is in no layer: add it to ARCHITECTURE.md and here"
            ));
            continue;
        };
        checked += 1;
        for dep in dependencies(&text) {
            if dep.starts_with("tauri") && own < 4 {
                wrong.push(format!("{name} (layer {own}) depends on {dep}"));
            }
            if let Some(theirs) = layer(&dep) {
                if theirs >= own {
                    wrong.push(format!(
                        "{name} (layer {own}) depends on {dep} (layer {theirs})"
                    ));
                }
            }
        }
    }
    assert_eq!(checked, LAYERS.len(), "every layered crate was read");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_sees_normal_and_build_dependencies_only() {
    let manifest = "[package]\nname = \"x\"\n[dependencies]\nonsite-store.workspace = true\n\
        # a comment = no\nserde = { version = \"1\" }\n[dev-dependencies]\nonsite-live = \"*\"\n\
        [build-dependencies]\ntauri-build = \"2\"\n[target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n\
        [target.'cfg(unix)'.dev-dependencies]\nonsite-cli = \"*\"\n";
    assert_eq!(
        dependencies(manifest),
        ["onsite-store", "serde", "tauri-build", "libc"]
    );
}

fn shell_sources(under: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/src");
    let mut out = Vec::new();
    let mut folders = vec![dir.join(under)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a shell source folder is readable") {
            let path = entry.expect("a source folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path
                    .strip_prefix(&dir)
                    .expect("under src-tauri/src")
                    .display()
                    .to_string();
                let text = std::fs::read_to_string(&path).expect("a shell source is readable");
                out.push((name, text));
            }
        }
    }
    out.sort();
    out
}

/// A source file without its `#[cfg(test)]` module (which the shell keeps at the end).
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

/// How long a command file may grow before its logic belongs in `state/`, `views/` or an
/// engine crate (tests not counted).
const MAX_COMMAND_LINES: usize = 200;

#[test]
fn shell_commands_are_short_and_never_import_each_other() {
    let commands = shell_sources("commands");
    assert!(commands.len() >= 10, "the command files were found");
    let mut wrong = Vec::new();
    for (name, text) in &commands {
        let code = without_tests(text);
        let lines = code.lines().count();
        if lines > MAX_COMMAND_LINES {
            wrong.push(format!(
                "{name}: {lines} lines outside its tests (at most {MAX_COMMAND_LINES})"
            ));
        }
        if code.contains("crate::commands") || code.contains("super::") {
            wrong.push(format!("{name} reaches another command module"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn one_blocking_helper_and_settings_only_through_state() {
    let mut wrong = Vec::new();
    for (name, text) in shell_sources("") {
        let code = without_tests(&text);
        if code.contains("spawn_blocking") && name != "blocking.rs" {
            wrong.push(format!(
                "{name} runs blocking work itself: use crate::blocking"
            ));
        }
        let touches_settings = [".setting(", ".set_setting(", "SETTINGS_KEY"]
            .iter()
            .any(|s| code.contains(s));
        if touches_settings && name != "state/settings.rs" {
            wrong.push(format!(
                "{name} reads or writes a stored setting: use state::Settings"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
