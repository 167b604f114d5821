//! The Excalidraw scene reader (`onsite diagram`, whiteboards): any bytes give a graph or a
//! `DiagramError`, and an accepted graph yields findings (with and without an answer) and paths
//! without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(graph) = onsite_diagram::read(data) {
        let _ = graph.findings(None);
        let _ = graph.findings(Some(
            "We put Redis in front of Postgres; if it fails we fail over.",
        ));
        let _ = graph.paths();
    }
});
