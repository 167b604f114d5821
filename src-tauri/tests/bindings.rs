//! `ui/src/bindings.ts` must match the commands the shell registers.
//! `make bindings` (ONSITE_UPDATE_BINDINGS=1) rewrites the file instead of failing.

use std::path::Path;

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("bindings.ts");
    onsite_app::bindings::builder()
        .export(onsite_app::bindings::typescript(), &fresh)
        .unwrap();
    let fresh = std::fs::read_to_string(&fresh).unwrap();

    if std::env::var_os("ONSITE_UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == fresh,
        "ui/src/bindings.ts is stale: run `make bindings` and commit the result"
    );
}
