//! The window's security settings, read from the files the app is built from, must not widen:
//! a Content Security Policy that names nothing remote, capabilities that grant only Onsite's
//! own registered commands (no fs, http, shell, dialog or opener plugin), no remote origins, and
//! no asset-protocol scope beyond Onsite's data folder.
//!
//! Each rule is also run against a deliberately widened copy, so the test proves it would fail.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn src_tauri() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Names in `const COMMANDS: &[&str] = &[ ... ];` of build.rs.
fn build_rs_commands(text: &str) -> BTreeSet<String> {
    let start = text
        .find("const COMMANDS")
        .expect("build.rs declares COMMANDS");
    let body = &text[start..];
    let open = body.find("&[").expect("COMMANDS list") + 2;
    let close = body[open..].find("];").expect("end of COMMANDS") + open;
    body[open..close]
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .flat_map(|l| l.split('"').skip(1).step_by(2))
        .map(str::to_string)
        .collect()
}

/// Function names in `collect_commands![ ... ]` of bindings.rs: what the app registers.
fn registered_commands(text: &str) -> BTreeSet<String> {
    let start = text
        .find("collect_commands![")
        .expect("bindings.rs calls collect_commands!")
        + "collect_commands![".len();
    let close = text[start..].find(']').expect("end of collect_commands!") + start;
    text[start..close]
        .split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// CSP sources that stay on the machine: the app's own origin, in-memory URLs, Tauri's IPC and
/// asset protocols (local by construction), and CSP keywords.
fn local_source(token: &str) -> bool {
    let keyword = token.starts_with('\'') && token.ends_with('\'') && token.len() > 2;
    keyword
        || matches!(
            token,
            "blob:"
                | "data:"
                | "ipc:"
                | "asset:"
                | "http://ipc.localhost"
                | "http://asset.localhost"
        )
}

/// Everything wrong with a CSP value (`app.security.csp`).
fn csp_problems(csp: &Value) -> Vec<String> {
    let directives: Vec<(String, String)> = match csp {
        Value::Null => return vec!["the CSP is null: the window would load anything".into()],
        Value::String(s) => s
            .split(';')
            .filter_map(|d| {
                let mut parts = d.trim().splitn(2, char::is_whitespace);
                let name = parts.next().filter(|n| !n.is_empty())?;
                Some((name.to_string(), parts.next().unwrap_or("").to_string()))
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let sources = match v {
                    Value::Array(a) => a
                        .iter()
                        .map(|s| s.as_str().unwrap_or("<not a string>"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => other.as_str().unwrap_or("<not a string>").to_string(),
                };
                (k.clone(), sources)
            })
            .collect(),
        other => return vec![format!("the CSP is not a string or object: {other}")],
    };
    let mut problems = Vec::new();
    if !directives.iter().any(|(n, _)| n == "default-src") {
        problems.push("the CSP has no default-src".into());
    }
    for (name, sources) in &directives {
        for token in sources.split_whitespace() {
            if !local_source(token) {
                problems.push(format!("CSP {name} allows `{token}`, which is not local"));
            }
        }
    }
    problems
}

/// Core permissions the UI may hold: listening to the app's own events reads nothing from the
/// machine and reaches nothing outside it.
const HARMLESS_CORE: &[&str] = &[
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "core:event:allow-emit",
    "core:event:allow-emit-to",
];

/// Everything wrong with one capability file, given the commands the app registers.
fn capability_problems(cap: &Value, registered: &BTreeSet<String>) -> Vec<String> {
    let id = cap["identifier"].as_str().unwrap_or("<no identifier>");
    let mut problems = Vec::new();
    if !cap["remote"].is_null() {
        problems.push(format!(
            "capability {id} lets remote URLs call the app: {}",
            cap["remote"]
        ));
    }
    for p in cap["permissions"].as_array().into_iter().flatten() {
        let Some(name) = p.as_str() else {
            problems.push(format!(
                "capability {id} grants a scoped permission object {p}; grant plain \
                 allow-<command> names only"
            ));
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if ["fs", "http", "shell", "dialog", "opener"]
            .iter()
            .any(|plugin| lower.starts_with(&format!("{plugin}:")))
        {
            problems.push(format!("capability {id} grants plugin permission `{name}`"));
        } else if HARMLESS_CORE.contains(&name) {
            // allowed
        } else if let Some(cmd) = name.strip_prefix("allow-") {
            let cmd = cmd.replace('-', "_");
            if !registered.contains(&cmd) {
                problems.push(format!(
                    "capability {id} grants `{name}` but `{cmd}` is not both in build.rs \
                     COMMANDS and registered in bindings.rs"
                ));
            }
        } else {
            problems.push(format!(
                "capability {id} grants `{name}`: only allow-<command> for Onsite's own \
                 commands (and event listening) are permitted"
            ));
        }
    }
    problems
}

/// Tauri's path variable for Onsite's data folder (directories' `ProjectDirs("onsite")`).
const DATA_SCOPE: &str = "$DATA/onsite/";

fn asset_problems(security: &Value) -> Vec<String> {
    let asset = &security["assetProtocol"];
    if asset.is_null() || asset["enable"] != json!(true) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let scope = &asset["scope"];
    let allow: Vec<&Value> = match scope {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o
            .get("allow")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    if allow.is_empty() {
        problems.push(format!("asset protocol enabled with scope {scope}"));
    }
    for entry in allow {
        let path = entry.as_str().unwrap_or("");
        if !path.starts_with(DATA_SCOPE) || path.contains("..") {
            problems.push(format!(
                "asset protocol scope `{entry}` is wider than the data folder {DATA_SCOPE}"
            ));
        }
    }
    problems
}

fn conf_problems(conf: &Value) -> Vec<String> {
    let security = &conf["app"]["security"];
    let mut problems = Vec::new();
    match security.get("csp") {
        None => problems.push("app.security.csp is missing".into()),
        Some(csp) => problems.extend(csp_problems(csp)),
    }
    if let Some(dev) = security.get("devCsp") {
        problems.extend(
            csp_problems(dev)
                .into_iter()
                .map(|p| format!("devCsp: {p}")),
        );
    }
    if security["dangerousDisableAssetCspModification"] != Value::Null
        && security["dangerousDisableAssetCspModification"] != json!(false)
    {
        problems.push("dangerousDisableAssetCspModification is set".into());
    }
    problems.extend(asset_problems(security));
    for w in conf["app"]["windows"].as_array().into_iter().flatten() {
        if let Some(url) = w["url"].as_str() {
            if url.contains("://") {
                problems.push(format!("window {} loads the remote URL {url}", w["label"]));
            }
        }
    }
    if let Some(plugins) = conf["plugins"].as_object() {
        for name in plugins.keys() {
            if ["fs", "http", "shell", "dialog", "opener"].contains(&name.as_str()) {
                problems.push(format!("tauri.conf.json configures the {name} plugin"));
            }
        }
    }
    problems
}

fn cargo_problems(cargo_toml: &str) -> Vec<String> {
    ["fs", "http", "shell", "dialog", "opener"]
        .iter()
        .filter(|p| cargo_toml.contains(&format!("tauri-plugin-{p}")))
        .map(|p| format!("src-tauri depends on tauri-plugin-{p}"))
        .collect()
}

fn registered() -> BTreeSet<String> {
    let build = std::fs::read_to_string(src_tauri().join("build.rs")).expect("build.rs");
    let bindings =
        std::fs::read_to_string(src_tauri().join("src/bindings.rs")).expect("bindings.rs");
    let listed = build_rs_commands(&build);
    let collected = registered_commands(&bindings);
    assert!(listed.contains("app_info") && collected.contains("app_info"));
    listed.intersection(&collected).cloned().collect()
}

#[test]
fn the_built_configuration_is_strict() {
    let conf = read_json(&src_tauri().join("tauri.conf.json"));
    let mut problems = conf_problems(&conf);
    let registered = registered();
    let mut caps = 0;
    for e in std::fs::read_dir(src_tauri().join("capabilities")).expect("capabilities") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "json") {
            caps += 1;
            problems.extend(capability_problems(&read_json(&path), &registered));
        }
    }
    assert!(caps >= 1, "no capability files found");
    let cargo = std::fs::read_to_string(src_tauri().join("Cargo.toml")).expect("Cargo.toml");
    problems.extend(cargo_problems(&cargo));
    assert!(
        problems.is_empty(),
        "the app's security configuration widened:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn a_widened_csp_is_caught() {
    let strict = json!({"default-src": "'self'", "connect-src": "ipc: http://ipc.localhost"});
    assert!(csp_problems(&strict).is_empty());
    assert!(csp_problems(&json!("default-src 'self'; img-src 'self' blob:")).is_empty());
    for bad in [
        json!(null),
        json!({"connect-src": "ipc:"}),
        json!({"default-src": "'self' https:"}),
        json!({"default-src": "'self'", "connect-src": "http:"}),
        json!({"default-src": "'self'", "connect-src": "ws://localhost:1420"}),
        json!({"default-src": "*"}),
        json!({"default-src": "'self'", "img-src": "https://cdn.example.com"}),
        json!({"default-src": "'self'", "font-src": "fonts.gstatic.com"}),
        json!({"default-src": "'self'", "connect-src": "http://127.0.0.1:8080"}),
        json!("default-src 'self' *.example.com"),
    ] {
        assert!(!csp_problems(&bad).is_empty(), "not caught: {bad}");
    }
}

#[test]
fn a_widened_capability_is_caught() {
    let registered: BTreeSet<String> = ["app_info", "sessions_list"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let ok = json!({"identifier": "w", "permissions": ["allow-app-info", "allow-sessions-list",
        "core:event:allow-listen"]});
    assert!(capability_problems(&ok, &registered).is_empty());
    for bad in [
        "fs:default",
        "fs:allow-read-file",
        "http:default",
        "shell:allow-execute",
        "dialog:allow-open",
        "opener:default",
        "core:default",
        "core:webview:allow-create-webview-window",
        "allow-not-registered",
    ] {
        let cap = json!({"identifier": "w", "permissions": [bad]});
        assert!(
            !capability_problems(&cap, &registered).is_empty(),
            "not caught: {bad}"
        );
    }
    let scoped = json!({"identifier": "w", "permissions": [{"identifier": "fs:allow-read", "allow": [{"path": "**"}]}]});
    assert!(!capability_problems(&scoped, &registered).is_empty());
    let remote = json!({"identifier": "w", "remote": {"urls": ["https://*.example.com"]}, "permissions": []});
    assert!(!capability_problems(&remote, &registered).is_empty());
}

#[test]
fn a_wide_asset_scope_and_plugins_are_caught() {
    let good = json!({"app": {"security": {"csp": {"default-src": "'self'"},
        "assetProtocol": {"enable": true, "scope": ["$DATA/onsite/media/**"]}}}});
    assert!(
        conf_problems(&good).is_empty(),
        "{:?}",
        conf_problems(&good)
    );
    for scope in [
        json!(["**"]),
        json!(["$HOME/**"]),
        json!({"allow": ["$DATA/**"]}),
        json!(["$DATA/onsite/../**"]),
        json!([]),
    ] {
        let conf = json!({"app": {"security": {"csp": {"default-src": "'self'"},
            "assetProtocol": {"enable": true, "scope": scope}}}});
        assert!(!conf_problems(&conf).is_empty(), "not caught: {scope}");
    }
    let remote_window = json!({"app": {"security": {"csp": {"default-src": "'self'"}},
        "windows": [{"label": "main", "url": "https://example.com"}]}});
    assert!(!conf_problems(&remote_window).is_empty());
    assert!(!cargo_problems("tauri-plugin-shell = \"2\"").is_empty());
    assert!(cargo_problems("tauri = { version = \"2\" }").is_empty());
}

#[test]
fn command_lists_are_read_from_the_sources() {
    let build = "const COMMANDS: &[&str] = &[\n    // the home screen\n    \"app_info\",\n    \"sessions_list\", // \"not_this\"\n];";
    assert_eq!(
        build_rs_commands(build),
        BTreeSet::from(["app_info".to_string(), "sessions_list".to_string()])
    );
    let bindings = "collect_commands![\n commands::app::app_info,\n commands::x::y_z,\n ])";
    assert_eq!(
        registered_commands(bindings),
        BTreeSet::from(["app_info".to_string(), "y_z".to_string()])
    );
}
