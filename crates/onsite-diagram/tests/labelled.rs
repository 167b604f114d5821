//! Agreement with the blind labelled set (tests/labelled/, written from the finding and kind
//! definitions by a writer who never saw this engine): each scene's expected findings must
//! appear naming the labels given, its `no_findings` must not, and its `kinds` must match.
//! Prints the figures; the target is 90% agreement on findings (the measure).

use std::collections::BTreeMap;
use std::path::Path;

use onsite_diagram::{read, Finding, Graph};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    scenes: BTreeMap<String, Scene>,
}

#[derive(Deserialize)]
struct Scene {
    file: String,
    transcript: Option<String>,
    #[serde(default)]
    kinds: BTreeMap<String, String>,
    #[serde(default)]
    findings: Vec<Expected>,
    #[serde(default)]
    no_findings: Vec<String>,
}

#[derive(Deserialize)]
struct Expected {
    id: String,
    labels: Vec<String>,
}

/// Whether `f` names `label` (see the set's README for what `labels` means per finding).
fn names(g: &Graph, f: &Finding, id: &str, label: &str) -> bool {
    match id {
        // The word as spoken, or the end the arrow is attached to, appears in the message.
        "spoken_not_drawn" | "loose_arrow" => {
            f.message.to_lowercase().contains(&label.to_lowercase())
        }
        _ => f
            .elements
            .iter()
            .filter_map(|id| g.node(id))
            .any(|n| n.label.as_deref() == Some(label)),
    }
}

/// Whether the expected finding is among `found`. A disconnected part is one finding naming
/// all its labels; the other findings are one per element, so their labels may be spread
/// over several findings of the id.
fn present(g: &Graph, found: &[Finding], want: &Expected) -> bool {
    let of_id: Vec<&Finding> = found.iter().filter(|f| f.id.id() == want.id).collect();
    if of_id.is_empty() {
        return false;
    }
    if want.id == "disconnected" {
        return of_id
            .iter()
            .any(|f| want.labels.iter().all(|l| names(g, f, &want.id, l)));
    }
    want.labels
        .iter()
        .all(|l| of_id.iter().any(|f| names(g, f, &want.id, l)))
}

#[test]
fn findings_agree_with_the_blind_labelled_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled");
    let labels: Labels =
        toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).expect("labels.toml"))
            .expect("labels.toml parses");
    assert!(labels.scenes.len() >= 20, "{} scenes", labels.scenes.len());
    let (mut agree, mut total) = (0usize, 0usize);
    let (mut kinds_agree, mut kinds_total) = (0usize, 0usize);
    let mut per_id: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (name, s) in &labels.scenes {
        let bytes = std::fs::read(dir.join(&s.file)).expect("scene file");
        let g = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let said = s
            .transcript
            .as_ref()
            .map(|t| std::fs::read_to_string(dir.join(t)).expect("transcript"));
        let found = g.findings(said.as_deref());
        let mut judge = |id: &str, ok: bool, what: String| {
            let e = per_id.entry(id.to_string()).or_default();
            e.1 += 1;
            total += 1;
            if ok {
                e.0 += 1;
                agree += 1;
            } else {
                misses.push(format!("{name}: {what}"));
            }
        };
        for want in &s.findings {
            let ok = present(&g, &found, want);
            judge(
                &want.id,
                ok,
                format!("expected {} {:?}; got {:#?}", want.id, want.labels, found),
            );
        }
        for id in &s.no_findings {
            let extra: Vec<&Finding> = found.iter().filter(|f| f.id.id() == id).collect();
            judge(id, extra.is_empty(), format!("unexpected {extra:#?}"));
        }
        for (label, kind) in &s.kinds {
            kinds_total += 1;
            let got = g
                .nodes
                .iter()
                .find(|n| n.label.as_deref() == Some(label.as_str()))
                .map(|n| n.kind.id());
            if got == Some(kind.as_str()) {
                kinds_agree += 1;
            } else {
                misses.push(format!(
                    "{name}: kind of {label:?}: {got:?}, expected {kind}"
                ));
            }
        }
    }
    let pct = |a: usize, t: usize| 100.0 * a as f64 / t.max(1) as f64;
    eprintln!(
        "labelled set: {} scenes; findings agree {agree}/{total} ({:.1}%); kinds agree \
         {kinds_agree}/{kinds_total} ({:.1}%)",
        labels.scenes.len(),
        pct(agree, total),
        pct(kinds_agree, kinds_total)
    );
    for (id, (a, t)) in &per_id {
        eprintln!("  {id:<20} {a}/{t}");
    }
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    assert!(
        pct(agree, total) >= 90.0,
        "findings agreement {:.1}% is under the 90% target",
        pct(agree, total)
    );
    assert!(
        pct(kinds_agree, kinds_total) >= 90.0,
        "kinds agreement {:.1}% is under 90%",
        pct(kinds_agree, kinds_total)
    );
}
