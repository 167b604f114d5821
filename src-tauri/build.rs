use std::path::Path;

// Every command the UI may call is listed here: tauri-build generates an `allow-<command>`
// permission for each, and capabilities/main-window.json grants exactly those. A command that
// is registered but not listed (or not granted) is refused at the IPC boundary.
const COMMANDS: &[&str] = &[
    "app_info",
    "sessions_list",
    "session_detail",
    "sessions_search",
    "session_delete",
    "data_delete_all",
    "progress_data",
    "story_bank",
    "take_media_info",
    "take_media_chunk",
    "settings_get",
    "settings_set_theme",
    "settings_set_threads",
    "models_list",
    "model_import",
    "model_verify",
    "model_choose",
    "model_presets",
    "model_preset_install",
    "rubric_packs",
    "rubric_choose",
    "privacy_facts",
    "first_run_status",
    "first_run_done",
    "report_export",
    "interview_options",
    "document_text",
    "session_start",
    "session_control",
    "session_view",
    "take_feedback",
    "devices_list",
    "devices_choose",
    "preview_start",
    "preview_stop",
    "preview_frame",
    "mic_monitor_start",
    "mic_monitor_stop",
    "mic_test",
    "model_status",
    "voice_status",
    "voice_sentences",
    "voice_sentence",
    "voice_prepare",
    "voice_settings_set",
    "voice_plan_ahead",
    "voice_list",
    "voice_choose",
    "turns_settings_set",
    "interviewer_line_save",
    "scene_append",
    "scene_at",
    "scenes",
];

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
