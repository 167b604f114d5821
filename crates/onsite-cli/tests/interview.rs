//! `onsite questions` and `onsite interview` as a user runs them: the JSON contracts, tailoring
//! from real files, and whole headless sessions scored by the rubric and kept in the real store.

mod common;

use std::path::{Path, PathBuf};

use common::{fail, ok, onsite};

use onsite_datadir::DataDir;
use onsite_store::Store;
use onsite_testkit::espeak;

const RESUME: &str = "Senior Software Engineer at a streaming company. Built and ran a Kafka \
    event streaming platform; Kafka Streams and Flink jobs for clickstream aggregation; \
    migrated RabbitMQ to Kafka; consumer lag alerting. Mentored three engineers.";
const STAFF_JOB: &str = "Staff Engineer. Set technical direction and technical strategy across \
    multiple teams; org-wide architecture reviews; 10+ years of experience.";

const DESIGN: &str = "Before designing anything I would ask about scale and latency. Let's assume \
    two million events per second at peak and a dashboard that tolerates a one minute delay. At a \
    high level, producers write to Kafka topics partitioned by page id, a Flink job aggregates one \
    minute windows on event time with ten minutes of allowed lateness, and the results go to \
    Postgres. The trade-off is latency against cost. If Flink fails it restarts from its last \
    checkpoint, and we alert on consumer lag.";
const SHORT: &str =
    "We kept late events in state until the watermark passed, then updated the window.";
const STORY: &str = "At my last company I needed the payments team to change their retry logic. \
    I met their lead, understood their roadmap and offered to pair one of our engineers with \
    theirs. We agreed a phased rollout together. As a result failed payments dropped by thirty \
    percent within a month.";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn answers_arg(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn questions_list_prints_the_bank_with_every_field() {
    let tmp = tempfile::tempdir().expect("tmp");
    let all = ok(&onsite(tmp.path())
        .args(["questions", "list", "--format", "json"])
        .output()
        .expect("run"));
    let all = all.as_array().expect("array");
    assert!(all.len() >= 150, "{}", all.len());
    for q in all {
        for key in [
            "id",
            "track",
            "level",
            "kind",
            "text",
            "prep_s",
            "answer_s",
            "talking_points",
            "follow_ups",
            "tags",
        ] {
            assert!(q.get(key).is_some(), "{key} missing in {q}");
        }
        assert!(!q["follow_ups"].as_object().expect("object").is_empty());
    }
    let some = ok(&onsite(tmp.path())
        .args([
            "questions",
            "list",
            "--track",
            "leadership",
            "--level",
            "staff",
            "--format",
            "json",
        ])
        .output()
        .expect("run"));
    let some = some.as_array().expect("array");
    assert!(!some.is_empty());
    assert!(some
        .iter()
        .all(|q| q["track"] == "leadership" && q["level"] == "staff"));

    let err = fail(
        &onsite(tmp.path())
            .args(["questions", "list", "--track", "cooking"])
            .output()
            .expect("run"),
    );
    assert!(
        err.contains("unknown track") && err.contains("system-design"),
        "{err}"
    );

    // A user's own question file extends the bank; a broken one is named with its line.
    let qdir = DataDir::open(Some(tmp.path()))
        .expect("data dir")
        .questions_dir();
    std::fs::create_dir_all(&qdir).expect("mkdir");
    write(&qdir, "mine.toml", "[[question]]\nid = \"my-q\"\ntrack = \"learning\"\nlevel = \"senior\"\nkind = \"general\"\nprep_s = 30\nanswer_s = 120\ntext = \"What did you learn most recently, and how?\"\ntalking_points = [\"a\"]\nfollow_ups.no_result = \"So what?\"\n");
    let mine = ok(&onsite(tmp.path())
        .args([
            "questions",
            "list",
            "--track",
            "learning",
            "--format",
            "json",
        ])
        .output()
        .expect("run"));
    assert!(mine
        .as_array()
        .expect("array")
        .iter()
        .any(|q| q["id"] == "my-q"));
    write(
        &qdir,
        "zz-broken.toml",
        "[[question]]\nid = \"x\"\ntext = 5\n",
    );
    let err = fail(
        &onsite(tmp.path())
            .args(["questions", "list"])
            .output()
            .expect("run"),
    );
    assert!(err.contains("zz-broken.toml:3:"), "{err}");
}

#[test]
fn questions_pick_tailors_and_explains() {
    let tmp = tempfile::tempdir().expect("tmp");
    let resume = write(tmp.path(), "resume.md", RESUME);
    let job = write(tmp.path(), "job.txt", STAFF_JOB);
    let picked = ok(&onsite(tmp.path())
        .args([
            "questions",
            "pick",
            "--plan",
            "quick-15",
            "--format",
            "json",
            "--resume",
        ])
        .arg(&resume)
        .output()
        .expect("run"));
    let picked = picked.as_array().expect("array");
    assert_eq!(picked.len(), 3);
    assert!(
        picked[0]["text"].as_str().expect("text").contains("Kafka"),
        "{}",
        picked[0]
    );
    assert!(picked[0]["reason"]
        .as_str()
        .expect("reason")
        .contains("your résumé mentions Kafka"));
    assert!(picked
        .iter()
        .all(|q| q["level"] == "senior" && q["reason"].as_str().is_some_and(|r| !r.is_empty())));

    let staff = ok(&onsite(tmp.path())
        .args([
            "questions",
            "pick",
            "--plan",
            "behavioural-30",
            "--format",
            "json",
            "--resume",
        ])
        .arg(&resume)
        .arg("--job")
        .arg(&job)
        .output()
        .expect("run"));
    let staff = staff.as_array().expect("array");
    assert_eq!(staff.len(), 5);
    assert!(staff.iter().all(|q| q["level"] == "staff"), "{staff:?}");

    let err = fail(
        &onsite(tmp.path())
            .args(["questions", "pick", "--plan", "lunch-60"])
            .output()
            .expect("run"),
    );
    assert!(err.contains("unknown plan"), "{err}");
    let err = fail(
        &onsite(tmp.path())
            .args(["questions", "pick", "--resume", "/nonexistent/cv.pdf"])
            .output()
            .expect("run"),
    );
    assert!(err.contains("/nonexistent/cv.pdf"), "{err}");
}

#[test]
fn interview_runs_a_whole_text_session_and_stores_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let resume = write(d, "resume.md", RESUME);
    let files = vec![
        write(d, "a1.txt", DESIGN),
        write(d, "a2.txt", SHORT),
        write(d, "a3.txt", STORY),
        write(d, "a4.txt", STORY),
        write(d, "a5.txt", SHORT),
        write(d, "a6.txt", SHORT),
    ];
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "quick-15",
            "--format",
            "json",
            "--resume",
        ])
        .arg(&resume)
        .arg("--answers")
        .arg(answers_arg(&files))
        .output()
        .expect("run"));
    assert_eq!(v["ended_early"], false);
    let qs = v["questions"].as_array().expect("questions");
    assert_eq!(qs.len(), 3);
    for (i, q) in qs.iter().enumerate() {
        assert_eq!(q["answer"]["file"], files[2 * i].display().to_string());
        assert!(q["answer"]["score"]["overall"]
            .as_f64()
            .is_some_and(|o| (1.0..=5.0).contains(&o)));
        assert!(q["answer"]["transcript"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let f = &q["follow_up"];
        // A question or an instruction ("Trace exactly what your pipeline does with it."): the
        // bank's follow-ups are both.
        assert!(
            f["text"]
                .as_str()
                .is_some_and(|t| t.len() > 10 && (t.ends_with('?') || t.ends_with('.'))),
            "{f}"
        );
        // The follow-up aims at the biggest gap the rubric found in the main answer.
        let gaps = q["answer"]["score"]["gaps"].as_array().expect("gaps");
        assert_eq!(
            f["gap"],
            gaps.first().cloned().unwrap_or(serde_json::Value::Null),
            "{q}"
        );
        assert_eq!(f["answer"]["file"], files[2 * i + 1].display().to_string());
    }
    let summary = &v["summary"];
    assert_eq!(summary["answered"], 6);
    assert_eq!(summary["practise_next"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        summary["recommended_next"].as_array().map(Vec::len),
        Some(3)
    );
    assert!(summary["weakest"]["competency"].is_string());

    // Stored exactly as the app stores it: questions, follow-ups, takes, segments, rubric.
    let store = Store::open(&DataDir::open(Some(d)).expect("dir")).expect("store");
    let id = v["session_id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("session id");
    let s = store.session(&id).expect("stored session");
    assert_eq!(s.plan, "quick-15");
    assert!(s.ended_at_ms.is_some());
    assert_eq!(s.questions.len(), 6, "3 questions and 3 follow-ups");
    assert_eq!(
        s.questions[1].question.question_id,
        format!("{}/follow-up", qs[0]["id"].as_str().expect("id"))
    );
    assert_eq!(s.questions[0].takes[0].follow_ups.len(), 1);
    assert_eq!(
        s.questions[0].takes[0].follow_ups[0].text,
        qs[0]["follow_up"]["text"].as_str().expect("t")
    );
    for q in &s.questions {
        assert_eq!(q.takes.len(), 1);
        let t = &q.takes[0];
        assert_eq!(t.status.as_str(), "complete");
        assert!(!t.segments.is_empty());
        assert!(t.rubric.is_some());
    }
}

#[test]
fn fewer_answers_end_early_and_too_many_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let a = write(d, "a.txt", DESIGN);
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "system-design-45",
            "--format",
            "json",
            "--answers",
        ])
        .arg(answers_arg(std::slice::from_ref(&a)))
        .output()
        .expect("run"));
    assert_eq!(v["ended_early"], true);
    let qs = v["questions"].as_array().expect("qs");
    assert_eq!(qs.len(), 2);
    assert!(qs[0]["answer"].is_object());
    assert!(
        qs[0]["follow_up"]["answer"].is_null(),
        "no answer left for the follow-up"
    );
    assert!(qs[1]["answer"].is_null() && qs[1]["skipped"] == true);

    let err = fail(
        &onsite(d)
            .args(["interview", "--plan", "system-design-45", "--answers"])
            .arg(answers_arg(&vec![a.clone(); 5]))
            .output()
            .expect("run"),
    );
    assert!(
        err.contains("5 answers given") && err.contains("at most 4"),
        "{err}"
    );
    // Nothing was stored for the refused run.
    let store = Store::open(&DataDir::open(Some(d)).expect("dir")).expect("store");
    assert_eq!(store.list_sessions().expect("list").len(), 1);

    let err = fail(
        &onsite(d)
            .args(["interview", "--answers", "/nonexistent/answer.wav"])
            .output()
            .expect("run"),
    );
    assert!(err.contains("/nonexistent/answer.wav"), "{err}");
}

#[test]
fn answers_over_the_time_limit_are_stopped_at_the_limit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    // 400 words at 150 words a minute is 160 s, over a 60 s limit.
    let long = write(
        d,
        "long.txt",
        &"we measured the latency and decided ".repeat(67),
    );
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "quick-15",
            "--answer-seconds",
            "60",
            "--no-follow-ups",
            "--format",
            "json",
            "--answers",
        ])
        .arg(answers_arg(&[long]))
        .output()
        .expect("run"));
    assert_eq!(v["questions"][0]["answer"]["stopped"], "time_limit");
    assert!(v["questions"][0]["follow_up"].is_null());
}

/// The whole quick-15 loop from spoken audio: espeak-ng → Whisper → rubric → store.
#[test]
fn quick_15_from_espeak_audio_end_to_end() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let resume = write(d, "resume.md", RESUME);
    let files = vec![
        espeak(d, "a1.wav", DESIGN),
        espeak(d, "a2.wav", SHORT),
        espeak(d, "a3.wav", STORY),
        espeak(
            d,
            "a4.wav",
            "I wrote a short onboarding guide and paired each new engineer with a buddy.",
        ),
        espeak(
            d,
            "a5.wav",
            "First I would check consumer lag per partition and look for a poison message.",
        ),
    ];
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "quick-15",
            "--format",
            "json",
            "--resume",
        ])
        .arg(&resume)
        .arg("--answers")
        .arg(answers_arg(&files))
        .output()
        .expect("run"));
    let qs = v["questions"].as_array().expect("qs");
    // Five answers for three questions with follow-ups: the last follow-up is left unanswered.
    assert_eq!(v["ended_early"], true);
    let t1 = qs[0]["answer"]["transcript"]["text"]
        .as_str()
        .expect("t")
        .to_lowercase();
    assert!(
        t1.contains("flink") || t1.contains("kafka") || t1.contains("latency"),
        "{t1}"
    );
    assert!(qs[0]["answer"]["transcript"]["segments"][0]["words"]
        .as_array()
        .is_some_and(|w| !w.is_empty()));
    assert!(
        qs[0]["answer"]["score"]["delivery"]["wpm"].is_number(),
        "timed transcript gives WPM"
    );
    let t3 = qs[1]["answer"]["transcript"]["text"]
        .as_str()
        .expect("t")
        .to_lowercase();
    assert!(t3.contains("payment"), "{t3}");
    let t5 = qs[2]["answer"]["transcript"]["text"]
        .as_str()
        .expect("t")
        .to_lowercase();
    assert!(t5.contains("lag"), "{t5}");
    assert!(qs[2]["follow_up"]["answer"].is_null());
    let store = Store::open(&DataDir::open(Some(d)).expect("dir")).expect("store");
    let id = v["session_id"].as_str().expect("id").parse().expect("id");
    let s = store.session(&id).expect("session");
    let takes: usize = s.questions.iter().map(|q| q.takes.len()).sum();
    assert_eq!(takes, 5);
    assert!(s
        .questions
        .iter()
        .flat_map(|q| &q.takes)
        .all(|t| t.rubric.is_some()));
}

#[test]
fn no_preparation_time_starts_each_answer_at_once() {
    // With --prep-seconds 0 the flow starts the answer itself; the runner once asked it to
    // begin again and the session failed with flow_event_not_allowed.
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let a = write(d, "a.txt", DESIGN);
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "system-design-45",
            "--prep-seconds",
            "0",
            "--no-follow-ups",
            "--format",
            "json",
            "--answers",
        ])
        .arg(answers_arg(&[a.clone(), a]))
        .output()
        .expect("run"));
    let qs = v["questions"].as_array().expect("qs");
    assert!(
        qs.iter().all(|q| q["answer"].is_object()),
        "both questions answered: {v}"
    );
}

/// The first stored session in `d`, read back through a fresh connection (which recovers any
/// take left `recording`, as the app does at start-up).
fn only_session(d: &Path) -> (Store, onsite_store::SessionDetail) {
    let store = Store::open(&DataDir::open(Some(d)).expect("dir")).expect("store");
    let list = store.list_sessions().expect("list");
    assert_eq!(list.len(), 1);
    let s = store.session(&list[0].id).expect("session");
    (store, s)
}

#[test]
fn an_answer_the_rubric_refuses_is_a_failed_take_as_in_the_app() {
    // The headless runner once marked every stopped take complete before scoring it, so a take
    // the rubric refused stayed `complete` with no result, where the app's coordinator marks it
    // `failed`. Both now keep results through the same executor.
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    // Under the 10 MB text limit, over the rubric's 50,000 words.
    let long = write(d, "long.txt", &"trade-off ".repeat(60_000));
    let v = ok(&onsite(d)
        .args([
            "interview",
            "--plan",
            "quick-15",
            "--format",
            "json",
            "--answers",
        ])
        .arg(&long)
        .output()
        .expect("run"));
    assert_eq!(v["ended_early"], true);
    assert!(v["questions"][0]["answer"].is_null(), "{v}");
    let (store, s) = only_session(d);
    assert!(store.recovered_takes().is_empty());
    assert!(s.ended_at_ms.is_some());
    let t = &s.questions[0].takes[0];
    assert_eq!(t.status.as_str(), "failed");
    assert!(t.rubric.is_none());
    // What was said is kept.
    assert!(t.segments[0].text.starts_with("trade-off"));
}

#[test]
fn an_answer_that_cannot_be_transcribed_fails_its_take_and_leaves_none_recording() {
    // The headless runner once left such a take `recording` (found and "recovered" at the next
    // start as if the program had crashed); the app's coordinator fails it. Both now fail it
    // through the same executor. The command still stops with the error.
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let a1 = write(d, "a1.txt", DESIGN);
    let bad = d.join("a2.wav");
    std::fs::write(&bad, b"RIFF this is not audio at all").expect("write");
    let err = fail(
        &onsite(d)
            .args(["interview", "--plan", "quick-15", "--answers"])
            .arg(answers_arg(&[a1, bad]))
            .output()
            .expect("run"),
    );
    assert!(err.contains("cannot transcribe"), "{err}");
    let (store, s) = only_session(d);
    assert!(
        store.recovered_takes().is_empty(),
        "{:?}",
        store.recovered_takes()
    );
    let statuses: Vec<&str> = s
        .questions
        .iter()
        .flat_map(|q| &q.takes)
        .map(|t| t.status.as_str())
        .collect();
    assert_eq!(statuses, ["complete", "failed"]);
}

#[test]
fn a_session_keeps_the_utc_offset_it_was_started_at() {
    // India has no daylight saving: +5:30 whatever the date.
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let a = write(d, "a.txt", DESIGN);
    ok(&onsite(d)
        .env("TZ", "Asia/Kolkata")
        .args([
            "interview",
            "--plan",
            "quick-15",
            "--format",
            "json",
            "--answers",
        ])
        .arg(&a)
        .output()
        .expect("run"));
    let (_, s) = only_session(d);
    assert_eq!(s.utc_offset_minutes, Some(330));
}
