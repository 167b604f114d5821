//! The Excalidraw scene reader (`onsite diagram`, whiteboards): any bytes give a graph or a
//! `DiagramError`, and an accepted graph yields findings (with and without an answer), paths,
//! the components an answer mentions and the report's picture (sketch, SVG, outlines) without
//! panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(graph) = onsite_diagram::read(data) {
        let _ = graph.findings(None);
        let _ = graph.findings(Some(
            "We put Redis in front of Postgres; if it fails we fail over.",
        ));
        let _ = graph.paths();
        let _ = graph.mentioned_in("The API writes to Postgres and reads from the cache.");
        if let Some(sketch) = graph.sketch() {
            let _ = sketch.to_svg("fuzz", true);
            for mark in &sketch.marks {
                let _ = mark.outline();
            }
        }
    }
});
