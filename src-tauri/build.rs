use std::path::Path;

// Every command the UI may call is listed here: tauri-build generates an `allow-<command>`
// permission for each, and capabilities/main-window.json grants exactly those. A command that
// is registered but not listed (or not granted) is refused at the IPC boundary.
const COMMANDS: &[&str] = &["app_info"];

fn main() {
    // generate_context! embeds the built UI; say how to get it rather than fail obscurely.
    let dist = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    assert!(
        dist.is_file(),
        "ui/dist is missing: build the UI first with `make ui` (it runs `npm run build` in ui/)"
    );
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed: see the message above");
}
