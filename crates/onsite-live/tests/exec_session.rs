//! The shared effects executor (`onsite_live::exec`) driven through a whole session by the
//! prerecorded source and driver that `onsite interview` uses: a real SQLite store file, the
//! real Whisper model transcribing jfk.wav, the rubric, a virtual clock. What is checked is
//! what the store holds afterwards, read back through a fresh connection as the app would.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use onsite_datadir::DataDir;
use onsite_interview::flow::{Outcome, StopReason};
use onsite_interview::{Part, TakeId};
use onsite_live::exec::{Clock, Executor};
use onsite_live::plan::{resolve, PlanRequest};
use onsite_live::prerecorded::{self, Prerecorded};
use onsite_rubric::RubricPack;
use onsite_store::{NewSession, Store, TakeStatus};

/// Question 1's answer limit: jfk.wav (11 s) is cut by it.
const LIMIT_MS: u64 = 8_000;

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write answer");
    p
}

fn lower(s: &str) -> String {
    s.to_lowercase().replace([',', '.'], "")
}

#[test]
fn a_whole_prerecorded_session_is_stored_by_the_shared_executor() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = DataDir::open(Some(&tmp.path().join("data"))).expect("data dir");
    let mut plan = resolve(
        &PlanRequest {
            plan: "quick-15".into(),
            questions: Some(2),
            follow_ups: Some(true),
            ..Default::default()
        },
        None,
    )
    .expect("plan");
    plan.config.questions[0].answer_ms = LIMIT_MS;
    let follow_up_answer = "We would shard by customer and accept a few seconds of lag.";
    let answers = vec![
        common::jfk_wav(),
        write(tmp.path(), "follow-up.txt", follow_up_answer),
        write(tmp.path(), "q2.txt", "We used Kafka."),
    ];
    let pack = Arc::new(RubricPack::embedded().expect("pack"));

    let mut exec = Executor::create(
        Store::open(&data).expect("store"),
        &NewSession {
            plan: plan.selection.plan.to_string(),
            level: plan.selection.level.to_string(),
            tailoring: serde_json::json!({}),
            started_at_ms: onsite_store::now_ms(),
        },
        plan.config.clone(),
        Clock::Virtual(0),
    )
    .expect("session");
    let session_id = exec.session_id().clone();
    let mut src = Prerecorded::new(answers, Some(common::model()), Arc::clone(&pack));
    prerecorded::drive(&mut exec, &mut src).expect("the session runs");

    // The machine: question 1 cut at its limit, its follow-up answered, question 2 answered,
    // then the session ended early (no answer left for question 2's follow-up).
    let session = exec.session();
    assert!(session.is_finished() && session.ended_early);
    let scored: Vec<TakeId> = session
        .takes
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Scored { .. }))
        .map(|r| r.take)
        .collect();
    assert_eq!(
        scored
            .iter()
            .map(|t| (t.question, t.part))
            .collect::<Vec<_>>(),
        [(0, Part::Main), (0, Part::FollowUp), (1, Part::Main)]
    );
    // A virtual clock moved by what was "spoken": question 1's answer lasted its limit.
    assert!(exec.now_ms() >= LIMIT_MS, "{}", exec.now_ms());
    let follow_up_text = exec.follow_up(0).expect("a follow-up was asked").to_owned();
    let answered = src.into_answered();
    assert_eq!(answered[&scored[0]].stopped, StopReason::TimeLimit);
    assert_eq!(answered[&scored[1]].stopped, StopReason::Stopped);
    drop(exec);

    // The store, read back as the app reads it.
    let store = Store::open(&data).expect("reopen");
    assert!(store.recovered_takes().is_empty());
    let detail = store.session(&session_id).expect("detail");
    assert!(detail.ended_at_ms.is_some(), "the session is ended");
    assert_eq!(
        detail.utc_offset_minutes,
        onsite_store::local_utc_offset_minutes(detail.started_at_ms)
    );
    let q1 = &plan.config.questions[0].question;
    let q2 = &plan.config.questions[1].question;
    let asked: Vec<(&str, &str)> = detail
        .questions
        .iter()
        .map(|q| (q.question.question_id.as_str(), q.question.text.as_str()))
        .collect();
    let follow_up_id = format!("{}/follow-up", q1.id);
    assert_eq!(
        asked,
        [
            (q1.id.as_str(), q1.text.as_str()),
            (follow_up_id.as_str(), follow_up_text.as_str()),
            (q2.id.as_str(), q2.text.as_str()),
        ]
    );
    for q in &detail.questions {
        assert_eq!(
            q.takes.len(),
            1,
            "{}: {:?}",
            q.question.question_id,
            q.takes
        );
        let t = &q.takes[0];
        assert_eq!(t.status, TakeStatus::Complete);
        assert!(t.ended_at_ms.is_some());
        let rubric = t.rubric.as_ref().expect("scored");
        assert_eq!(rubric.rubric_version, pack.version_label());
        assert_eq!(rubric.scores.len(), 6, "{:?}", rubric.scores);
        // Prerecorded answers have no recording.
        assert_eq!(t.media_path, None);
    }

    // Question 1: what Whisper heard of jfk.wav up to the limit, committed segment by segment.
    let main = &detail.questions[0].takes[0];
    let heard = lower(
        &main
            .segments
            .iter()
            .map(|s| s.text.trim())
            .collect::<Vec<_>>()
            .join(" "),
    );
    assert!(heard.contains("my fellow americans"), "{heard}");
    assert!(main.segments.iter().all(|s| s.end_ms <= LIMIT_MS));
    assert!(main
        .segments
        .iter()
        .flat_map(|s| &s.words)
        .all(|w| w.start_ms < LIMIT_MS));
    // The stored rubric result is the assessment of that transcript.
    let result = &main.rubric.as_ref().expect("rubric").result;
    let overall = result["overall"].as_f64().expect("overall");
    assert!(
        (overall - answered[&scored[0]].assessment.overall).abs() < 1e-9,
        "{overall}"
    );
    // The follow-up is kept on the take it follows, and its answer is the typed text.
    assert_eq!(
        main.follow_ups
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>(),
        [follow_up_text.as_str()]
    );
    let follow_up = &detail.questions[1].takes[0];
    assert_eq!(
        follow_up
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>(),
        [follow_up_answer]
    );
}

/// The candidate's actions the prerecorded driver never takes (retry, end while answering, an
/// action out of turn), stepped one by one through the executor with typed answers: each
/// thrown-away take is `failed` in the store, the kept one scored, nothing left `recording`.
#[test]
fn retried_and_abandoned_takes_are_stored_as_the_app_stores_them() {
    use onsite_interview::flow::{Effect, Event};

    let tmp = tempfile::tempdir().expect("tmp");
    let data = DataDir::open(Some(&tmp.path().join("data"))).expect("data dir");
    let plan = resolve(
        &PlanRequest {
            plan: "quick-15".into(),
            questions: Some(2),
            follow_ups: Some(false),
            ..Default::default()
        },
        None,
    )
    .expect("plan");
    let answers = vec![
        write(tmp.path(), "thrown-away.txt", "Um, let me start again."),
        write(
            tmp.path(),
            "kept.txt",
            "First I would ask about scale: ten thousand writes a second. We chose Postgres \
             over Cassandra, trading write throughput for simpler consistency.",
        ),
        write(tmp.path(), "abandoned.txt", "We had an incident where"),
    ];
    let mut store = Store::open(&data).expect("store");
    let session_id = store
        .create_session(&NewSession {
            plan: "quick-15".into(),
            level: plan.selection.level.to_string(),
            tailoring: serde_json::json!({}),
            started_at_ms: onsite_store::now_ms(),
        })
        .expect("session");
    let mut exec = Executor::new(
        store,
        session_id.clone(),
        plan.config.clone(),
        Clock::Virtual(0),
    );
    let pack = Arc::new(RubricPack::embedded().expect("pack"));
    let mut src = Prerecorded::new(answers, None, pack);
    let step = |exec: &mut Executor, src: &mut Prerecorded, event: Event| {
        let s = exec.step(event, src).expect("step");
        assert!(s.errors.is_empty() && s.failed.is_empty(), "{s:?}");
        s.effects
    };

    step(&mut exec, &mut src, Event::Start { now_ms: 0 });
    step(&mut exec, &mut src, Event::BeginAnswer { now_ms: 0 });
    // An action out of turn is refused and changes nothing.
    let refused = exec
        .step(Event::Next { now_ms: 500 }, &mut src)
        .expect_err("next while answering");
    assert_eq!(refused.code(), "flow_event_not_allowed");
    step(&mut exec, &mut src, Event::Retry { now_ms: 1_000 });
    // Stopping scores the kept take at once (the source has the answer) and the machine moves
    // on to its feedback within the same step.
    let effects = step(&mut exec, &mut src, Event::StopAnswer { now_ms: 20_000 });
    assert!(
        matches!(effects.last(), Some(Effect::ShowFeedback { .. })),
        "{effects:?}"
    );
    step(&mut exec, &mut src, Event::Next { now_ms: 21_000 });
    step(&mut exec, &mut src, Event::BeginAnswer { now_ms: 22_000 });
    let effects = step(&mut exec, &mut src, Event::EndEarly { now_ms: 23_000 });
    assert!(matches!(
        effects.as_slice(),
        [
            Effect::DiscardTake { .. },
            Effect::Finished { ended_early: true }
        ]
    ));
    assert_eq!(src.remaining(), 0);
    drop(exec);

    let store = Store::open(&data).expect("reopen");
    assert!(store.recovered_takes().is_empty());
    let detail = store.session(&session_id).expect("detail");
    assert!(detail.ended_at_ms.is_some());
    let takes: Vec<Vec<(u32, TakeStatus, bool)>> = detail
        .questions
        .iter()
        .map(|q| {
            q.takes
                .iter()
                .map(|t| (t.attempt, t.status, t.rubric.is_some()))
                .collect()
        })
        .collect();
    assert_eq!(
        takes,
        [
            vec![
                (1, TakeStatus::Failed, false),
                (2, TakeStatus::Complete, true)
            ],
            vec![(1, TakeStatus::Failed, false)],
        ]
    );
}
