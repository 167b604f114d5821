//! Reading scenes: the scene files under tests/scenes/ as the engine sees them, and bad input
//! refused with its stable code (truncated, not JSON, not Excalidraw, wrong shapes, too large).

use std::time::Instant;

use onsite_diagram::{read, ComponentKind, DiagramError, FindingKind, Graph};

fn scene(name: &str) -> Graph {
    let path = format!("{}/tests/scenes/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("scene file");
    read(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ids(g: &Graph, transcript: Option<&str>) -> Vec<&'static str> {
    g.findings(transcript).iter().map(|f| f.id.id()).collect()
}

fn err(bytes: &[u8]) -> DiagramError {
    read(bytes).expect_err("refused")
}

#[test]
fn a_good_design_reads_whole_and_has_no_findings() {
    let g = scene("good.excalidraw");
    let kinds: Vec<(&str, ComponentKind)> = g
        .nodes
        .iter()
        .map(|n| (n.label.as_deref().unwrap_or(""), n.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Mobile client", ComponentKind::Client),
            ("Load balancer", ComponentKind::LoadBalancer),
            ("Order service", ComponentKind::Service),
            ("Redis cluster", ComponentKind::Cache),
            ("Postgres primary", ComponentKind::SqlStore),
            ("Postgres replica", ComponentKind::Replica),
            ("Kafka (3 brokers)", ComponentKind::Queue),
            ("Email worker", ComponentKind::Worker),
            ("Stripe", ComponentKind::ExternalProvider),
        ]
    );
    assert_eq!(g.edges.len(), 8);
    let replicates = g.edges.iter().find(|e| e.id == "a5").expect("a5");
    assert_eq!(
        (replicates.from.as_str(), replicates.to.as_str()),
        ("pg", "pgr")
    );
    assert_eq!(replicates.label.as_deref(), Some("replicates"));
    // The enclosing VPC box takes no arrow: a boundary, named by the free text inside it.
    assert_eq!(g.boundaries.len(), 1);
    assert_eq!(g.boundaries[0].label.as_deref(), Some("VPC (us-east-1)"));
    assert_eq!(g.boundaries[0].nodes.len(), 8);
    assert_eq!(g.groups.len(), 1);
    assert_eq!(g.groups[0].nodes, ["pg", "pgr"]);
    assert_eq!(ids(&g, None), Vec::<&str>::new());
    let paths: Vec<(String, Vec<String>)> = g
        .paths()
        .iter()
        .map(|p| (p.kind.id().to_string(), p.nodes.clone()))
        .collect();
    assert!(paths.contains(&(
        "write".into(),
        ["client", "lb", "api", "pg"].map(String::from).to_vec()
    )));
    assert!(paths.contains(&(
        "read".into(),
        ["client", "lb", "api", "redis"].map(String::from).to_vec()
    )));
}

#[test]
fn the_spoken_answer_is_compared_with_the_drawing() {
    let g = scene("good.excalidraw");
    let said = "Mobile clients reach the order service through a load balancer. Reads hit the \
        Redis cluster. Writes go to the Postgres primary and a replica takes over if it fails. \
        Orders are published to Kafka and an email worker sends receipts; Stripe charges cards. \
        We also index orders in Elasticsearch.";
    let findings = g.findings(Some(said));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].id, FindingKind::SpokenNotDrawn);
    assert!(findings[0]
        .message
        .contains("search index (\"elasticsearch\")"));

    let terse = "Clients call the order service, which writes to Postgres.";
    let unexplained: Vec<String> = g
        .findings(Some(terse))
        .into_iter()
        .filter(|f| f.id == FindingKind::DrawnNotExplained)
        .flat_map(|f| f.elements)
        .collect();
    assert_eq!(unexplained, ["lb", "redis", "kafka", "worker", "stripe"]);
}

#[test]
fn a_lone_database_needs_a_replica_or_a_failure_story() {
    let g = scene("single_db.excalidraw");
    let f = g.findings(None);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].id, FindingKind::NoReplica);
    assert_eq!(f[0].elements, ["db"]);
    assert!(
        f[0].message.starts_with("\"Postgres\" (SQL store)"),
        "{}",
        f[0].message
    );
    let silent = g.findings(Some(
        "The web client calls the API server, which queries Postgres.",
    ));
    assert!(silent[0]
        .message
        .contains("never says what happens when it fails"));
    let told = "The API server reads from Postgres. If Postgres fails we restore from the \
        last snapshot and replay the WAL. The web client retries.";
    assert_eq!(ids(&g, Some(told)), Vec::<&str>::new());
}

#[test]
fn unlabelled_shapes_are_named_by_their_neighbours() {
    let g = scene("unlabelled.excalidraw");
    let f = g.findings(None);
    assert_eq!(ids(&g, None), ["unlabelled", "unlabelled"]);
    assert_eq!(f[0].elements, ["mystery"]);
    assert!(f[0]
        .message
        .starts_with("A box connected to \"Browser\" and \"Search service\" has no label"));
    assert!(f[1]
        .message
        .starts_with("An ellipse connected to \"Search service\""));
}

#[test]
fn disconnected_parts_are_reported_apart_from_the_main_one() {
    let g = scene("disconnected.excalidraw");
    let f = g.findings(None);
    assert_eq!(ids(&g, None), ["disconnected", "disconnected"]);
    assert_eq!(f[0].elements, ["audit", "auditdb"]);
    assert_eq!(f[1].elements, ["cdn"]);
    assert!(f[1]
        .message
        .starts_with("\"CDN\" is not connected to the rest"));
}

#[test]
fn loose_arrows_say_where_their_end_lies() {
    let g = scene("loose_arrows.excalidraw");
    assert_eq!(g.edges.len(), 1);
    assert_eq!(g.loose_arrows.len(), 2);
    let f: Vec<_> = g
        .findings(None)
        .into_iter()
        .filter(|f| f.id == FindingKind::LooseArrow)
        .collect();
    assert_eq!(f[0].elements, ["a2"]);
    assert!(f[0].message.contains("from \"API\" ends on nothing"));
    assert!(f[0].message.contains("lies over \"Redis cluster\""));
    assert_eq!(f[1].elements, ["a3"]);
    assert!(f[1].message.contains("\"events\" is attached to nothing"));
}

#[test]
fn deleted_elements_leave_no_trace() {
    let g = scene("deleted.excalidraw");
    assert_eq!(g.nodes.len(), 3);
    assert_eq!(g.edges.len(), 2);
    assert!(g.nodes.iter().all(|n| n.id != "gone"));
    assert!(g.notes.is_empty());
    assert_eq!(ids(&g, None), Vec::<&str>::new());
}

#[test]
fn labels_come_from_bound_text_free_text_inside_or_the_text_itself() {
    let g = read(
        br#"{"type":"excalidraw","elements":[
        {"id":"outer","type":"rectangle","x":0,"y":0,"width":400,"height":300},
        {"id":"inner","type":"rectangle","x":20,"y":20,"width":100,"height":60},
        {"id":"t1","type":"text","x":30,"y":30,"width":60,"height":20,"text":"Memcached"},
        {"id":"t2","type":"text","x":600,"y":10,"width":60,"height":20,"text":"Twilio"},
        {"id":"t3","type":"text","x":600,"y":200,"width":60,"height":20,"text":"Title"},
        {"id":"a","type":"arrow","x":120,"y":50,"width":480,"height":0,"points":[[0,0],[480,0]],
         "startBinding":{"elementId":"t1"},"endBinding":{"elementId":"t2"}}
    ]}"#,
    )
    .expect("reads");
    let nodes: Vec<(&str, Option<&str>, ComponentKind)> = g
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.label.as_deref(), n.kind))
        .collect();
    // The outer box encloses the inner one and takes no arrow: a boundary, not a component. An
    // arrow attached to a text inside a box attaches to the box.
    assert_eq!(
        nodes,
        [
            ("inner", Some("Memcached"), ComponentKind::Cache),
            ("t2", Some("Twilio"), ComponentKind::ExternalProvider),
        ]
    );
    assert_eq!(g.edges[0].from, "inner");
    assert_eq!(g.notes, ["Title"]);
}

#[test]
fn an_arrow_with_its_head_at_the_start_points_backwards() {
    let g = read(
        br#"{"type":"excalidraw","elements":[
        {"id":"a","type":"rectangle","x":0,"y":0,"width":100,"height":50},
        {"id":"b","type":"rectangle","x":300,"y":0,"width":100,"height":50},
        {"id":"x","type":"arrow","startArrowhead":"arrow","endArrowhead":null,
         "startBinding":{"elementId":"a"},"endBinding":{"elementId":"b"}},
        {"id":"y","type":"arrow","startArrowhead":"arrow","endArrowhead":"arrow",
         "startBinding":{"elementId":"a"},"endBinding":{"elementId":"b"}}
    ]}"#,
    )
    .expect("reads");
    assert_eq!((g.edges[0].from.as_str(), g.edges[0].directed), ("b", true));
    assert!(!g.edges[1].directed);
}

#[test]
fn bad_input_gets_a_typed_error_that_says_what_to_do() {
    let good = std::fs::read(format!(
        "{}/tests/scenes/good.excalidraw",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("good scene");
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (good[..good.len() / 2].to_vec(), "diagram_truncated", "save it again"),
        (b"".to_vec(), "diagram_truncated", "cut short"),
        (b"PK\x03\x04 not json".to_vec(), "diagram_not_json", "Save to disk"),
        (vec![0xff, 0xfe, 0x00], "diagram_not_json", ".excalidraw"),
        (b"[1,2,3]".to_vec(), "diagram_not_excalidraw", "a JSON array"),
        (
            br#"{"segments":[{"start":0,"end":1,"text":"hi"}]}"#.to_vec(),
            "diagram_not_excalidraw",
            "no \"type\"",
        ),
        (
            br#"{"type":"excalidrawlib","libraryItems":[]}"#.to_vec(),
            "diagram_not_excalidraw",
            "library",
        ),
        (
            br#"{"type":"excalidraw"}"#.to_vec(),
            "diagram_not_excalidraw",
            "no \"elements\"",
        ),
        (
            br#"{"type":"excalidraw","elements":{"a":1}}"#.to_vec(),
            "diagram_invalid",
            "an array of elements",
        ),
        (
            br#"{"type":"excalidraw","elements":[{"id":7,"type":"rectangle"}]}"#.to_vec(),
            "diagram_invalid",
            "line 1",
        ),
        (
            br#"{"type":"excalidraw","elements":[{"type":"rectangle"}]}"#.to_vec(),
            "diagram_invalid",
            "missing field `id`",
        ),
        (
            br#"{"type":"excalidraw","elements":[{"id":"a","type":"text"},{"id":"a","type":"text"}]}"#
                .to_vec(),
            "diagram_invalid",
            "two elements have the id \"a\"",
        ),
        (
            format!("{}{}", "[".repeat(500), "]".repeat(500)).into_bytes(),
            "diagram_not_excalidraw",
            "JSON array",
        ),
    ];
    for (bytes, code, says) in cases {
        let e = err(&bytes);
        assert_eq!(e.code(), code, "{e}");
        assert!(e.to_string().contains(says), "{e:?} lacks {says:?}");
    }
}

/// A million elements (under the byte limit) is refused after reading the first ten thousand,
/// quickly, and a file over the byte limit without being parsed at all.
#[test]
fn huge_scenes_are_refused_quickly() {
    let element = r#"{"id":"x","type":"text"},"#;
    let mut s = String::from(r#"{"type":"excalidraw","elements":["#);
    s.push_str(&element.repeat(1_000_000));
    s.push_str(r#"{"id":"y","type":"text"}]}"#);
    assert!(s.len() < onsite_diagram::MAX_BYTES);
    let start = Instant::now();
    let e = err(s.as_bytes());
    assert_eq!(e.code(), "diagram_too_many_elements");
    assert!(e.to_string().contains("10000"));
    // Generous: reading ~1 MB in a debug build; a hang would take far longer.
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());

    let big = vec![b' '; onsite_diagram::MAX_BYTES + 1];
    assert_eq!(err(&big).code(), "diagram_too_large");
}

/// Deleted elements count toward the cap (they are in the file): exactly the cap reads, one
/// more is refused.
#[test]
fn the_element_cap_is_exact() {
    let with = |n: usize| {
        let deleted = r#"{"id":"d","type":"rectangle","isDeleted":true},"#;
        format!(
            r#"{{"type":"excalidraw","elements":[{}{{"id":"last","type":"rectangle"}}]}}"#,
            deleted.repeat(n - 1)
        )
    };
    let g = read(with(onsite_diagram::MAX_ELEMENTS).as_bytes()).expect("the cap reads");
    assert_eq!(g.nodes.len(), 1);
    let e = err(with(onsite_diagram::MAX_ELEMENTS + 1).as_bytes());
    assert_eq!(e.code(), "diagram_too_many_elements");
}

/// What the answer takes back is not proposed; a replica is explained by talk of what it
/// copies; a label's abbreviation is heard in the full word.
#[test]
fn negations_replicas_and_abbreviations_in_the_answer() {
    let g = read(
        br#"{"type":"excalidraw","elements":[
        {"id":"c","type":"ellipse","x":0,"y":0,"width":100,"height":50},
        {"id":"ct","type":"text","text":"users","containerId":"c"},
        {"id":"s","type":"rectangle","x":200,"y":0,"width":100,"height":50},
        {"id":"st","type":"text","text":"svc-docs","containerId":"s"},
        {"id":"r","type":"rectangle","x":400,"y":0,"width":100,"height":50},
        {"id":"rt","type":"text","text":"redis cache","containerId":"r"},
        {"id":"rr","type":"rectangle","x":600,"y":0,"width":100,"height":50},
        {"id":"rrt","type":"text","text":"redis replica","containerId":"rr"},
        {"id":"k","type":"rectangle","x":400,"y":200,"width":100,"height":50},
        {"id":"kt","type":"text","text":"Kafka cluster","containerId":"k"},
        {"id":"a1","type":"arrow","startBinding":{"elementId":"c"},"endBinding":{"elementId":"s"}},
        {"id":"a2","type":"arrow","startBinding":{"elementId":"s"},"endBinding":{"elementId":"r"}},
        {"id":"a3","type":"arrow","startBinding":{"elementId":"r"},"endBinding":{"elementId":"rr"}},
        {"id":"a4","type":"arrow","startBinding":{"elementId":"s"},"endBinding":{"elementId":"k"}}
    ]}"#,
    )
    .expect("reads");
    let said = "Users call the documents service. We don't need a CDN here. Events go to Kafka, \
        which keeps a replica of every partition.";
    let f = g.findings(Some(said));
    let unexplained: Vec<&str> = f
        .iter()
        .filter(|f| f.id == FindingKind::DrawnNotExplained)
        .flat_map(|f| f.elements.iter().map(String::as_str))
        .collect();
    // "documents" explains svc-docs; Kafka's replica does not explain Redis's.
    assert_eq!(unexplained, ["r", "rr"]);
    assert!(
        !f.iter().any(|f| f.id == FindingKind::SpokenNotDrawn),
        "{f:#?}"
    );
    let proposed = g.findings(Some("Users call the docs service. A CDN serves images."));
    assert!(proposed
        .iter()
        .any(|f| f.id == FindingKind::SpokenNotDrawn && f.message.contains("CDN")));
}

/// A small, deterministic stand-in for the fuzz target that runs with every `cargo test`: the
/// scene files with bytes changed, deleted and cut at pseudo-random places never panic, and
/// whatever still reads yields findings and paths.
#[test]
fn mangled_scenes_never_panic() {
    let dir = format!("{}/tests/scenes", env!("CARGO_MANIFEST_DIR"));
    let scenes: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("scenes")
        .map(|e| std::fs::read(e.expect("entry").path()).expect("scene"))
        .collect();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut read_ok, mut refused) = (0, 0);
    for round in 0..600 {
        let mut bytes = scenes[round % scenes.len()].clone();
        for _ in 0..(1 + next() % 4) {
            let at = (next() as usize) % bytes.len().max(1);
            match next() % 4 {
                0 => bytes[at] = b"{}[]\":,0tn- "[(next() % 12) as usize],
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.truncate(at),
                _ => bytes[at] = next() as u8,
            }
            if bytes.is_empty() {
                break;
            }
        }
        match read(&bytes) {
            Ok(g) => {
                read_ok += 1;
                let _ = g.findings(Some(
                    "Postgres fails over to its replica; Redis is a cache.",
                ));
                let _ = g.paths();
            }
            Err(e) => {
                refused += 1;
                assert!(!e.code().is_empty());
            }
        }
    }
    assert!(
        read_ok > 0 && refused > 0,
        "{read_ok} read, {refused} refused"
    );
}
