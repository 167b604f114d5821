//! `onsite report` on a real store: the HTML is one self-contained file with no remote reference
//! of any kind, the PDF's text (pdftotext) holds every question and score, Markdown matches,
//! and bad ids get clear errors.

mod common;
use onsite_testkit::seed;

use std::path::Path;
use std::process::Command;

use common::{fail, onsite};
use onsite_rubric::QuestionKind;
use seed::Seeder;

const DESIGN_Q: &str = "Design a rate limiter for a public API used by ten thousand customers.";
const STORY_Q: &str = "Tell me about a time you changed another team's mind.";
const DESIGN: &str = "Before designing anything I would ask about scale and latency. Um, let's \
    assume ten thousand requests per second. || At a high level each gateway keeps a token bucket \
    in Redis, and the trade-off is latency against accuracy. Uh, if Redis fails we fail open and \
    alert on error rate.";
const STORY: &str = "At Acme I needed the payments team to change their retry logic. I met their \
    lead, understood their roadmap and offered to pair one of our engineers with theirs. We agreed \
    a phased rollout. As a result failed payments dropped by thirty percent within a month.";

fn run_report(data: &Path, id: &str, format: &str, out: &Path) -> String {
    let o = onsite(data)
        .args(["report", id, "--format", format, "--out"])
        .arg(out)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn html_pdf_and_markdown_reports_of_a_seeded_session() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let mut s = Seeder::open(&data);
    let t0 = 1_790_000_000_000;
    let id = s.session("quick-15", t0);
    let design = s.answer(
        &id,
        t0,
        "sd-rate-limiter",
        DESIGN_Q,
        QuestionKind::SystemDesign,
        DESIGN,
    );
    let story = s.answer(
        &id,
        t0 + 120_000,
        "ld-influence",
        STORY_Q,
        QuestionKind::Behavioural,
        STORY,
    );
    s.finish(&id, t0 + 300_000);
    drop(s);
    let id = id.to_string();

    // HTML: one file, nothing remote, font inlined, charts inline, evidence and fillers marked.
    let html_path = tmp.path().join("report.html");
    let printed = run_report(&data, &id, "html", &html_path);
    eprintln!("html: {}", printed.trim());
    let html = std::fs::read_to_string(&html_path).expect("html");
    for forbidden in [
        "http://", "https://", "//", "src=\"", "href=", "@import", "xmlns",
    ] {
        assert!(!html.contains(forbidden), "report holds {forbidden:?}");
    }
    assert!(
        html.contains("src:url(\"data:font\\/ttf;base64,AAEAAA"),
        "font inlined as data: URI"
    );
    assert!(
        html.contains(DESIGN_Q)
            && html.contains("Tell me about a time you changed another team&#39;s mind.")
    );
    for overall in [design.assessment.overall, story.assessment.overall] {
        assert!(
            html.contains(&format!("{overall:.1} / 5")),
            "score {overall}"
        );
    }
    assert!(html.contains("<svg") && html.contains("class=\"pace\""));
    assert!(html.contains("class=\"pause\""), "the 3 s silence is drawn");
    assert!(
        html.contains("<mark class=\"filler\""),
        "fillers highlighted"
    );
    assert!(
        html.contains("<mark class=\"evidence\""),
        "evidence highlighted"
    );
    let quote = &story.assessment.competencies.leadership_influence.evidence[0].text;
    assert!(
        html.contains(&format!("“{quote}”")),
        "evidence quoted: {quote}"
    );
    assert!(html.contains("Session summary") && html.contains("Next steps"));

    // PDF: real text extracted by poppler holds every question and its score.
    let pdf_path = tmp.path().join("report.pdf");
    let printed = run_report(&data, &id, "pdf", &pdf_path);
    eprintln!("pdf: {}", printed.trim());
    let pdf = std::fs::read(&pdf_path).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = Command::new("pdftotext")
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (scripts/setup: poppler-utils)");
    assert!(text.status.success());
    let text = squash(&String::from_utf8_lossy(&text.stdout));
    for (q, a) in [(DESIGN_Q, &design.assessment), (STORY_Q, &story.assessment)] {
        assert!(text.contains(q), "{q} in {text}");
        assert!(
            text.contains(&format!("Score {:.1} / 5", a.overall)),
            "{text}"
        );
    }
    assert!(text.contains("Session summary") && text.contains("Technical depth"));

    // Markdown: the same content.
    let md_path = tmp.path().join("report.md");
    run_report(&data, &id, "md", &md_path);
    let md = std::fs::read_to_string(&md_path).expect("md");
    assert!(md.contains(DESIGN_Q) && md.contains(STORY_Q));
    assert!(md.contains(&format!("Score **{:.1} / 5**", story.assessment.overall)));
    assert!(md.contains("Pace (wpm):"));
}

#[test]
fn unknown_or_malformed_session_ids_and_bad_paths_are_clear_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("r.html");
    let err = fail(
        &onsite(tmp.path())
            .args(["report", "0b8e2a52-95f5-4c8e-9d49-2f0f4b0d3c11", "--out"])
            .arg(&out)
            .output()
            .expect("run"),
    );
    assert!(
        err.contains("no session with id") && err.contains("report_unknown_session"),
        "{err}"
    );
    assert!(!out.exists());
    let err = fail(
        &onsite(tmp.path())
            .args(["report", "last-tuesday", "--format", "pdf", "--out"])
            .arg(&out)
            .output()
            .expect("run"),
    );
    assert!(err.contains("report_bad_session_id"), "{err}");
    let err = fail(
        &onsite(tmp.path())
            .args(["report", "x", "--format", "docx", "--out"])
            .arg(&out)
            .output()
            .expect("run"),
    );
    assert!(err.contains("docx"), "{err}");

    let mut s = Seeder::open(tmp.path());
    let id = s.session("quick-15", 1_790_000_000_000);
    drop(s);
    let err = fail(
        &onsite(tmp.path())
            .args([
                "report",
                &id.to_string(),
                "--out",
                "/nonexistent/dir/r.html",
            ])
            .output()
            .expect("run"),
    );
    assert!(err.contains("/nonexistent/dir"), "{err}");
}
