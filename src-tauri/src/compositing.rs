//! Software rendering: WebKitGTK's compositing mode without a GPU.
//!
//! With Excalidraw on the page WebKitGTK composites the window with OpenGL. Without a GPU that
//! is Mesa's software renderer, and the interview room drops to 2-5 frames a second while a
//! whiteboard is open (README, "The whiteboard"); with `WEBKIT_DISABLE_COMPOSITING_MODE=1` it
//! paints at 60. So when the machine has no GPU render node and the user has not chosen either
//! way, the shell turns compositing off before GTK or WebKit start.

use std::ffi::OsStr;
use std::path::Path;

/// The WebKitGTK variable that turns its accelerated compositing off.
pub const DISABLE_COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether to turn compositing off: only when the user left the variable unset (any value they
/// gave, even empty or "0", is theirs to keep) and no GPU render node (`/dev/dri/renderD*`)
/// exists.
pub fn should_disable(env_value: Option<&OsStr>, render_nodes: &[String]) -> bool {
    env_value.is_none() && render_nodes.is_empty()
}

/// The GPU render nodes in `dri` (normally `/dev/dri`): its entries named `renderD*`. A missing
/// or unreadable folder has none.
pub fn render_nodes(dri: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dri) else {
        return Vec::new();
    };
    let mut nodes: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.starts_with("renderD"))
        .collect();
    nodes.sort();
    nodes
}

/// Applies the decision to this process's environment; to be called first thing in `main`,
/// before any thread starts and before GTK or WebKit read the environment. Returns true when it
/// turned compositing off, for the caller to log once logging is set up.
pub fn disable_without_gpu() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let env = std::env::var_os(DISABLE_COMPOSITING_ENV);
    if should_disable(env.as_deref(), &render_nodes(Path::new("/dev/dri"))) {
        std::env::set_var(DISABLE_COMPOSITING_ENV, "1");
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn turns_compositing_off_only_without_a_gpu_and_without_the_users_choice() {
        let gpu = vec!["renderD128".to_string()];
        // No GPU, nothing chosen: off.
        assert!(should_disable(None, &[]));
        // A GPU: leave WebKit's default.
        assert!(!should_disable(None, &gpu));
        // The user's choice stands, whatever it is.
        for value in ["1", "0", ""] {
            let v = OsString::from(value);
            assert!(!should_disable(Some(&v), &[]), "{value:?}");
            assert!(!should_disable(Some(&v), &gpu), "{value:?}");
        }
    }

    #[test]
    fn finds_render_nodes_and_ignores_other_dri_entries() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(render_nodes(&tmp.path().join("missing")).is_empty());
        std::fs::write(tmp.path().join("card0"), b"").unwrap();
        assert!(
            render_nodes(tmp.path()).is_empty(),
            "a card node is no render node"
        );
        std::fs::write(tmp.path().join("renderD129"), b"").unwrap();
        std::fs::write(tmp.path().join("renderD128"), b"").unwrap();
        assert_eq!(render_nodes(tmp.path()), ["renderD128", "renderD129"]);
    }
}
