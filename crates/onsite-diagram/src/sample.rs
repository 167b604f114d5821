//! Generated scenes for benchmarks and tests: a believable web architecture of any size.

/// An Excalidraw scene of about `elements` elements: a client, then a chain of labelled boxes
/// (services, caches, stores, queues…) joined by labelled arrows, four elements per box
/// (box, its text, arrow, arrow text).
pub fn scene(elements: usize) -> String {
    const LABELS: [&str; 10] = [
        "API gateway",
        "Order service",
        "Redis cache",
        "Postgres primary",
        "Postgres replica",
        "Kafka",
        "Email worker",
        "S3 bucket",
        "Elasticsearch",
        "Stripe",
    ];
    let boxes = (elements / 4).max(1);
    let mut out = Vec::with_capacity(boxes * 4);
    for i in 0..boxes {
        let label = if i == 0 {
            "Mobile client".to_string()
        } else {
            format!("{} {}", LABELS[i % LABELS.len()], i / LABELS.len())
        };
        let (x, y) = ((i % 10) as f64 * 220.0, (i / 10) as f64 * 160.0);
        out.push(format!(
            r#"{{"id":"box{i}","type":"rectangle","x":{x},"y":{y},"width":160,"height":80,"angle":0,"isDeleted":false,"groupIds":[],"frameId":null,"boundElements":[{{"type":"text","id":"label{i}"}},{{"type":"arrow","id":"arrow{i}"}}]}}"#
        ));
        out.push(format!(
            r#"{{"id":"label{i}","type":"text","x":{},"y":{},"width":140,"height":25,"angle":0,"isDeleted":false,"groupIds":[],"frameId":null,"text":"{label}","originalText":"{label}","containerId":"box{i}"}}"#,
            x + 10.0,
            y + 27.0
        ));
        if i > 0 {
            let verb = if i % 2 == 0 { "writes" } else { "reads" };
            out.push(format!(
                r#"{{"id":"arrow{i}","type":"arrow","x":{},"y":{},"width":60,"height":0,"angle":0,"isDeleted":false,"groupIds":[],"frameId":null,"points":[[0,0],[60,0]],"startArrowhead":null,"endArrowhead":"arrow","startBinding":{{"elementId":"box{}","focus":0,"gap":1}},"endBinding":{{"elementId":"box{i}","focus":0,"gap":1}},"boundElements":[{{"type":"text","id":"arrowlabel{i}"}}]}}"#,
                x - 60.0,
                y + 40.0,
                i - 1
            ));
            out.push(format!(
                r#"{{"id":"arrowlabel{i}","type":"text","x":{},"y":{},"width":40,"height":20,"angle":0,"isDeleted":false,"groupIds":[],"frameId":null,"text":"{verb}","originalText":"{verb}","containerId":"arrow{i}"}}"#,
                x - 50.0,
                y + 30.0
            ));
        }
    }
    format!(
        r##"{{"type":"excalidraw","version":2,"source":"onsite sample","elements":[{}],"appState":{{"viewBackgroundColor":"#ffffff"}},"files":{{}}}}"##,
        out.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_reads_as_a_connected_chain() {
        let g = crate::read(super::scene(200).as_bytes()).expect("the sample is a valid scene");
        assert_eq!(g.nodes.len(), 50);
        assert_eq!(g.edges.len(), 49);
        assert!(g.loose_arrows.is_empty());
        assert!(!g
            .findings(None)
            .iter()
            .any(|f| f.id == crate::FindingKind::Disconnected));
    }
}
