//! Tailoring from résumés and job descriptions, with real documents, and follow-ups chosen from
//! the real rubric's biggest gap.

use std::io::Write;

use onsite_interview::follow_up::{self, FollowUpSource};
use onsite_interview::score::{rubric_question, ScoreCard};
use onsite_interview::{
    document, pick, Bank, Level, Plan, PlanId, PlanOptions, Profile, Taxonomy, Track,
};

const STREAMING_RESUME: &str = "\
Jane Doe - Senior Software Engineer

Experience
Senior Software Engineer, Acme Streaming (2019-2024)
- Built and operated a Kafka-based event streaming platform processing 2M events/s.
- Designed Flink jobs for real-time clickstream aggregation with exactly-once sinks.
- Led the migration from RabbitMQ to Kafka across 12 services with zero downtime.
- Ran Kafka in production: partition rebalancing, consumer lag alerting, MSK upgrades.
- Mentored three engineers; on call for the stream processing pipeline.

Skills: Kafka, Kafka Streams, Flink, Java, Go, PostgreSQL, Kubernetes, stream processing.
";

const STAFF_JOB: &str = "\
Staff Software Engineer, Platform

You will set technical direction for the platform organisation and drive technical strategy
across multiple teams. You will influence without authority, write org-wide RFCs and
shape the multi-year roadmap. 10+ years of experience. Kubernetes and AWS at scale.
";

fn setup() -> (Bank, Taxonomy) {
    (
        Bank::builtin().expect("bank"),
        Taxonomy::builtin().expect("taxonomy"),
    )
}

#[test]
fn streaming_resume_gets_streaming_questions_and_says_why() {
    let (bank, tax) = setup();
    let profile = Profile::build(&tax, Some(STREAMING_RESUME), None);
    assert_eq!(
        profile.terms[0].id, "kafka",
        "Kafka dominates: {:?}",
        profile.terms
    );
    assert_eq!(profile.level, Some(Level::Senior));

    let plan = Plan::with_options(PlanId::Quick15, PlanOptions::default()).expect("plan");
    let sel = pick(&bank, &plan, &profile, 0).expect("pick");
    assert_eq!(sel.questions.len(), 3);
    let design = &sel.questions[0];
    assert_eq!(
        design.question.id, "sd-streaming-pipeline",
        "{:#?}",
        sel.questions
    );
    // The template is filled from the résumé.
    assert!(
        design
            .question
            .text
            .starts_with("You've run Kafka in production"),
        "{}",
        design.question.text
    );
    assert!(
        design.reason.contains("your résumé mentions Kafka"),
        "{}",
        design.reason
    );
    // The operations slot also goes to a streaming question.
    let ops = &sel.questions[2];
    assert!(
        ops.question
            .tags
            .iter()
            .any(|t| t == "kafka" || t == "streaming"),
        "{:?}",
        ops.question
    );
    assert!(ops.reason.contains("Kafka"), "{}", ops.reason);
    // Every question says why; quick-15 caps times.
    for q in &sel.questions {
        assert!(!q.reason.is_empty());
        assert!(q.question.answer_s <= 240);
        assert!(q.reason.contains("senior level"), "{}", q.reason);
    }

    // Deterministic: same input, same output.
    assert_eq!(sel, pick(&bank, &plan, &profile, 0).expect("pick"));

    // Without a résumé, the design question is not the streaming one by default reasoning.
    let plain = pick(&bank, &plan, &Profile::default(), 0).expect("pick");
    assert!(
        plain.questions[0].reason.contains("Nothing in your résumé"),
        "{}",
        plain.questions[0].reason
    );
    assert!(
        !plain.questions[0].question.text.contains('{'),
        "templates are always filled"
    );
}

#[test]
fn staff_job_description_yields_staff_questions() {
    let (bank, tax) = setup();
    let profile = Profile::build(&tax, Some(STREAMING_RESUME), Some(STAFF_JOB));
    assert_eq!(profile.level, Some(Level::Staff));
    for plan_id in [
        PlanId::Quick15,
        PlanId::SystemDesign45,
        PlanId::Behavioural30,
    ] {
        let plan = Plan::with_options(plan_id, PlanOptions::default()).expect("plan");
        let sel = pick(&bank, &plan, &profile, 0).expect("pick");
        assert_eq!(sel.level, Level::Staff);
        for q in &sel.questions {
            assert_eq!(q.question.level, Level::Staff, "{}", q.question.id);
            assert!(
                q.reason.contains("the job description signals staff level"),
                "{}",
                q.reason
            );
        }
    }
    // The job description outranks the résumé's senior signals.
    assert!(profile
        .level_evidence()
        .iter()
        .any(|p| p.contains("technical direction") || p.contains("staff")));
}

#[test]
fn staff_loop_is_staff_even_without_inputs_and_plans_are_configurable() {
    let (bank, _) = setup();
    let plan = Plan::with_options(PlanId::StaffLoop, PlanOptions::default()).expect("plan");
    let sel = pick(&bank, &plan, &Profile::default(), 7).expect("pick");
    assert_eq!(sel.questions.len(), 5);
    assert!(sel
        .questions
        .iter()
        .all(|q| q.question.level == Level::Staff));
    assert_eq!(sel.questions[0].question.track, Track::SystemDesign);

    let opts = PlanOptions {
        questions: Some(7),
        answer_s: Some(90),
        prep_s: Some(10),
        ..Default::default()
    };
    let plan = Plan::with_options(PlanId::Behavioural30, opts).expect("plan");
    let sel = pick(&bank, &plan, &Profile::default(), 0).expect("pick");
    assert_eq!(sel.questions.len(), 7);
    let mut ids: Vec<_> = sel
        .questions
        .iter()
        .map(|q| q.question.id.clone())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 7, "no question twice");
    assert!(sel
        .questions
        .iter()
        .all(|q| q.question.answer_s == 90 && q.question.prep_s == 10));

    assert!(Plan::with_options(
        PlanId::Quick15,
        PlanOptions {
            questions: Some(0),
            ..Default::default()
        }
    )
    .is_err());
    assert_eq!(
        PlanId::parse("nope").expect_err("unknown").code(),
        "plan_unknown"
    );
}

#[test]
fn documents_in_every_supported_format_tailor_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tax = Taxonomy::builtin().expect("taxonomy");

    let md = dir.path().join("resume.md");
    std::fs::write(&md, format!("# Résumé\n\n{STREAMING_RESUME}")).expect("write");
    let text = document::read_text(&md).expect("md");
    assert!(text.contains("Kafka"));

    let docx = dir.path().join("resume.docx");
    write_docx(&docx, STREAMING_RESUME);
    let text = document::read_text(&docx).expect("docx");
    assert!(
        text.contains("Kafka-based event streaming platform"),
        "{text}"
    );
    assert_eq!(Profile::build(&tax, Some(&text), None).terms[0].id, "kafka");

    let pdf = dir.path().join("resume.pdf");
    write_pdf(
        &pdf,
        &[
            "Senior Software Engineer",
            "Built a Kafka streaming platform with Flink.",
            "Kafka consumer lag alerting; Kafka upgrades.",
        ],
    );
    let text = document::read_text(&pdf).expect("pdf");
    assert!(text.contains("Kafka streaming platform"), "{text:?}");
    assert_eq!(Profile::build(&tax, Some(&text), None).terms[0].id, "kafka");

    // Bad inputs: clear errors, no panic.
    let junk = dir.path().join("broken.pdf");
    std::fs::write(&junk, b"%PDF-1.4 this is not really a pdf").expect("write");
    assert_eq!(
        document::read_text(&junk).expect_err("broken pdf").code(),
        "document_pdf_invalid"
    );
    let junk = dir.path().join("broken.docx");
    std::fs::write(&junk, b"PK not a zip").expect("write");
    assert_eq!(
        document::read_text(&junk).expect_err("broken docx").code(),
        "document_docx_invalid"
    );
    let odd = dir.path().join("resume.rtf");
    std::fs::write(&odd, "x").expect("write");
    assert_eq!(
        document::read_text(&odd).expect_err("rtf").code(),
        "document_unsupported_format"
    );
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n").expect("write");
    assert_eq!(
        document::read_text(&empty).expect_err("empty").code(),
        "document_empty"
    );
}

#[test]
fn follow_up_matches_the_real_rubrics_biggest_gap() {
    let (bank, _) = setup();
    let pack = onsite_rubric::RubricPack::embedded().expect("rubric");
    let q = bank.get("sd-rate-limiter").expect("question");
    // Designs straight away, no numbers asked or assumed, no trade-off named.
    let answer =
        "I would put a Redis cluster in front of the API. Each request increments a counter \
        keyed by the customer id with a one minute expiry. If the counter is above the limit we \
        return a 429 response. Paid customers get a bigger limit stored in a config table. \
        The gateway calls Redis on every request.";
    let a = pack
        .assess(
            &rubric_question(q),
            &onsite_rubric::Answer::from_text(answer),
        )
        .expect("assess");
    let card = ScoreCard::from_assessment(&a);
    let gap = card.biggest_gap().expect("a weak answer has gaps");
    assert_eq!(gap.as_str(), a.biggest_gap().expect("gap").as_str());
    let f = follow_up::choose(q, &card.gaps).expect("follow-up");
    assert_eq!(f.gap, Some(gap));
    match q.follow_ups.get(&gap) {
        Some(own) => {
            assert_eq!(&f.text, own);
            assert_eq!(f.source, FollowUpSource::Question);
        }
        None => assert_eq!(f.text, follow_up::generic(gap)),
    }

    // A behavioural story told only in "I" gets the question's people follow-up.
    let q = bank
        .get("ld-influence-without-authority")
        .expect("question");
    let story =
        "I needed the payments team to change their retry logic. I wrote the change myself, \
        I tested it, I deployed it and I fixed the dashboards. I did all of it over a weekend.";
    let a = pack
        .assess(
            &rubric_question(q),
            &onsite_rubric::Answer::from_text(story),
        )
        .expect("assess");
    let card = ScoreCard::from_assessment(&a);
    let f = follow_up::choose(q, &card.gaps).expect("follow-up");
    assert_eq!(f.gap, card.biggest_gap());
    assert!(!f.text.is_empty());
}

#[test]
fn follow_up_falls_back_to_related_then_generic() {
    let (bank, _) = setup();
    let q = bank.get("ld-influence-without-authority").expect("q");
    use onsite_interview::Gap;
    // The question has no_quantified_result; no_result borrows it as a related gap.
    let f = follow_up::choose(q, &[Gap::NoResult]).expect("f");
    assert_eq!(f.source, FollowUpSource::Question);
    assert_eq!(Some(&f.text), q.follow_ups.get(&Gap::NoQuantifiedResult));
    // Nothing related: the generic text for the gap.
    let f = follow_up::choose(q, &[Gap::NoConstraints]).expect("f");
    assert_eq!(f.source, FollowUpSource::Generic);
    assert_eq!(f.text, "What scale were you assuming: users, requests per second, data size? Would your design change at ten times that?");
    // Silence: no follow-up. A complete answer: a stretch question.
    assert!(follow_up::choose(q, &[Gap::NoSpeech]).is_none());
    assert_eq!(
        follow_up::choose(q, &[]).expect("stretch").source,
        FollowUpSource::Stretch
    );
}

fn write_docx(path: &std::path::Path, text: &str) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).expect("zip");
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).expect("w");
    zip.start_file("word/document.xml", opts).expect("zip");
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for line in text.lines() {
        let esc = line.replace('&', "&amp;").replace('<', "&lt;");
        // Split each line into two runs, as Word does, to check runs are joined.
        let mid = esc
            .char_indices()
            .nth(esc.chars().count() / 2)
            .map_or(0, |(i, _)| i);
        body.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", &esc[..mid], &esc[mid..]));
    }
    body.push_str("</w:body></w:document>");
    zip.write_all(body.as_bytes()).expect("w");
    zip.finish().expect("finish");
}

/// A minimal, valid one-page PDF with Helvetica text, xref offsets computed.
fn write_pdf(path: &std::path::Path, lines: &[&str]) {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for l in lines {
        content.push_str(&format!(
            "({}) Tj T*\n",
            l.replace('(', "\\(").replace(')', "\\)")
        ));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{}\nendobj\n", i + 1, o));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for off in offsets {
        out.push_str(&format!("{off:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    std::fs::write(path, out).expect("write pdf");
}
