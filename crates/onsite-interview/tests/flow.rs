//! The session state machine driven through every transition with an injected clock.

use std::collections::BTreeMap;

use onsite_interview::flow::{
    Effect, Event, Outcome, Part, Phase, Session, SessionConfig, SessionQuestion, Skipped,
    StepError, StopReason, TakeId, TimerKind, FOLLOW_UP_PREP_MS, WARN_BEFORE_MS,
};
use onsite_interview::follow_up::FollowUpSource;
use onsite_interview::{summarise, Bank, Gap, Level, ScoreCard};

const PREP: u64 = 60_000;
const ANSWER: u64 = 120_000;
const FOLLOW: u64 = 60_000;

fn config(n: usize, follow_ups: bool) -> SessionConfig {
    let bank = Bank::builtin().expect("bank");
    let ids = [
        "sd-rate-limiter",
        "ld-influence-without-authority",
        "op-worst-incident",
    ];
    SessionConfig {
        questions: ids[..n]
            .iter()
            .map(|id| SessionQuestion {
                question: bank.get(id).expect("question").clone(),
                prep_ms: PREP,
                answer_ms: ANSWER,
            })
            .collect(),
        follow_ups,
        follow_up_prep_ms: FOLLOW_UP_PREP_MS,
        follow_up_answer_ms: FOLLOW,
    }
}

fn card(overall: f64, gaps: &[Gap]) -> ScoreCard {
    let competencies: BTreeMap<String, f64> = [
        ("technical_depth", overall),
        ("architectural_thinking", overall + 0.5),
        ("leadership_influence", overall - 1.0),
        ("pragmatism", overall),
        ("ownership", overall),
        ("communication", overall),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    ScoreCard {
        overall,
        competencies,
        gaps: gaps.to_vec(),
        no_speech: false,
    }
}

/// Steps and asserts success.
fn go(s: &Session, e: Event) -> (Session, Vec<Effect>) {
    s.step(e.clone())
        .unwrap_or_else(|err| panic!("{e:?} in {:?}: {err}", s.phase))
}

fn take(q: usize, part: Part, take: u32) -> TakeId {
    TakeId {
        question: q,
        part,
        take,
    }
}

#[test]
fn full_session_with_follow_ups_reaches_summary() {
    let s = Session::new(config(2, true));
    let (s, fx) = go(&s, Event::Start { now_ms: 1_000 });
    assert_eq!(
        fx,
        vec![Effect::ShowQuestion {
            question: 0,
            prep_ms: PREP
        }]
    );
    assert!(matches!(s.phase, Phase::Prep { question: 0, .. }));

    let (s, fx) = go(&s, Event::BeginAnswer { now_ms: 11_000 });
    assert_eq!(
        fx,
        vec![Effect::StartTake {
            take: take(0, Part::Main, 1),
            limit_ms: ANSWER
        }]
    );

    let (s, fx) = go(&s, Event::StopAnswer { now_ms: 70_000 });
    assert_eq!(
        fx,
        vec![
            Effect::StopTake {
                take: take(0, Part::Main, 1),
                reason: StopReason::Stopped
            },
            Effect::Score {
                take: take(0, Part::Main, 1)
            },
        ]
    );
    // The rubric's biggest gap decides the follow-up: the question's own text for that gap.
    let (s, fx) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[Gap::NoTradeOffs, Gap::NoOperations]),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::ShowFeedback {
            take: take(0, Part::Main, 1)
        }]
    );
    let Phase::Feedback {
        follow_up: Some(f), ..
    } = &s.phase
    else {
        panic!("{:?}", s.phase)
    };
    assert_eq!(f.gap, Some(Gap::NoTradeOffs));
    assert_eq!(f.source, FollowUpSource::Question);
    assert!(
        f.text.contains("latency mattered more than exact accuracy"),
        "{}",
        f.text
    );

    // The follow-up is asked as a question is: shown, then prepared (the interviewer says it),
    // and its answer starts when the candidate begins.
    let (s, fx) = go(&s, Event::Next { now_ms: 80_000 });
    assert_eq!(fx.len(), 1, "{fx:?}");
    assert!(matches!(
        fx[0],
        Effect::AskFollowUp {
            question: 0,
            prep_ms: FOLLOW_UP_PREP_MS,
            ..
        }
    ));
    assert!(matches!(
        s.phase,
        Phase::Prep {
            question: 0,
            part: Part::FollowUp,
            ..
        }
    ));
    let (s, fx) = go(&s, Event::BeginAnswer { now_ms: 84_000 });
    assert_eq!(
        fx,
        vec![Effect::StartTake {
            take: take(0, Part::FollowUp, 1),
            limit_ms: FOLLOW
        }]
    );
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 100_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.5, &[Gap::NoQuantifiedResult]),
        },
    );
    // No follow-up to a follow-up.
    assert!(matches!(
        s.phase,
        Phase::Feedback {
            follow_up: None,
            ..
        }
    ));
    let (s, fx) = go(&s, Event::Next { now_ms: 101_000 });
    assert_eq!(
        fx,
        vec![Effect::ShowQuestion {
            question: 1,
            prep_ms: PREP
        }]
    );

    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 102_000 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 150_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(2.0, &[Gap::IndividualOnly]),
        },
    );
    let Phase::Feedback {
        follow_up: Some(f), ..
    } = &s.phase
    else {
        panic!()
    };
    assert!(
        f.text.contains("Who else helped you make the case"),
        "{}",
        f.text
    );
    let (s, _) = go(&s, Event::Next { now_ms: 151_000 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 152_000 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 170_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(2.5, &[]),
        },
    );
    let (s, fx) = go(&s, Event::Next { now_ms: 171_000 });
    assert_eq!(fx, vec![Effect::Finished { ended_early: false }]);
    assert!(s.is_finished());
    assert_eq!(s.final_takes().len(), 4);

    let bank = Bank::builtin().expect("bank");
    let sum = summarise(&s, &bank, Level::Senior);
    assert_eq!(sum.answered, 4);
    assert_eq!(
        sum.weakest.as_ref().map(|a| a.competency.as_str()),
        Some("leadership_influence")
    );
    assert_eq!(
        sum.strongest.as_ref().map(|a| a.competency.as_str()),
        Some("architectural_thinking")
    );
    assert_eq!(sum.practise_next.len(), 3);
    assert_eq!(sum.recommended_next.len(), 3);
    assert!(sum
        .recommended_next
        .iter()
        .all(|r| r.id != "sd-rate-limiter"));
    // Nothing happens after the summary.
    assert!(matches!(
        s.step(Event::Next { now_ms: 0 }),
        Err(StepError::NotAllowed {
            event: "next",
            phase: "summary"
        })
    ));
}

#[test]
fn prep_timeout_warns_then_starts_the_answer_at_the_deadline() {
    let s = Session::new(config(1, false));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, fx) = go(&s, Event::Tick { now_ms: 29_999 });
    assert!(fx.is_empty());
    let (s, fx) = go(
        &s,
        Event::Tick {
            now_ms: PREP - WARN_BEFORE_MS,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Warning {
            timer: TimerKind::Prep,
            remaining_ms: WARN_BEFORE_MS
        }]
    );
    // Warned once only.
    let (s, fx) = go(
        &s,
        Event::Tick {
            now_ms: PREP - 1_000,
        },
    );
    assert!(fx.is_empty());
    // The tick arrives late; the answer timer still starts at the prep deadline.
    let (s, fx) = go(
        &s,
        Event::Tick {
            now_ms: PREP + 5_000,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::StartTake {
            take: take(0, Part::Main, 1),
            limit_ms: ANSWER
        }]
    );
    let Phase::Answering { timer, .. } = &s.phase else {
        panic!()
    };
    assert_eq!(timer.remaining_ms(PREP + 5_000), ANSWER - 5_000);
}

#[test]
fn answer_timeout_warns_and_auto_stops() {
    let s = Session::new(config(1, false));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (s, fx) = go(
        &s,
        Event::Tick {
            now_ms: ANSWER - 25_000,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Warning {
            timer: TimerKind::Answer,
            remaining_ms: 25_000
        }]
    );
    let (s, fx) = go(&s, Event::Tick { now_ms: ANSWER });
    assert_eq!(
        fx,
        vec![
            Effect::StopTake {
                take: take(0, Part::Main, 1),
                reason: StopReason::TimeLimit
            },
            Effect::Score {
                take: take(0, Part::Main, 1)
            },
        ]
    );
    assert!(matches!(
        s.phase,
        Phase::Scoring {
            stopped: StopReason::TimeLimit,
            ..
        }
    ));
    // Stopping again is not possible while scoring.
    assert!(s.step(Event::StopAnswer { now_ms: ANSWER + 1 }).is_err());
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[Gap::NoTradeOffs]),
        },
    );
    let Outcome::Scored {
        stopped, follow_up, ..
    } = &s.takes[0].outcome
    else {
        panic!()
    };
    assert_eq!(*stopped, StopReason::TimeLimit);
    assert!(follow_up.is_none(), "plan without follow-ups asks none");
    let (s, fx) = go(&s, Event::Next { now_ms: ANSWER + 2 });
    assert_eq!(fx, vec![Effect::Finished { ended_early: false }]);
    assert!(s.is_finished());
}

#[test]
fn one_late_tick_past_the_limit_stops_without_a_stale_warning() {
    let s = Session::new(config(1, false));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (_, fx) = go(
        &s,
        Event::Tick {
            now_ms: ANSWER + 10_000,
        },
    );
    assert!(fx.iter().all(|e| !matches!(e, Effect::Warning { .. })));
    assert!(matches!(
        fx[0],
        Effect::StopTake {
            reason: StopReason::TimeLimit,
            ..
        }
    ));
}

#[test]
fn pause_freezes_the_timer_and_resume_continues_it() {
    let s = Session::new(config(1, false));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (s, _) = go(&s, Event::Pause { now_ms: 50_000 });
    assert_eq!(
        s.step(Event::Pause { now_ms: 50_001 }),
        Err(StepError::AlreadyPaused)
    );
    // Ten minutes pass while paused: nothing happens.
    let (s, fx) = go(&s, Event::Tick { now_ms: 650_000 });
    assert!(fx.is_empty());
    assert!(matches!(s.phase, Phase::Answering { .. }));
    let (s, _) = go(&s, Event::Resume { now_ms: 650_000 });
    assert_eq!(
        s.step(Event::Resume { now_ms: 650_001 }),
        Err(StepError::NotPaused)
    );
    // 50 s used before the pause; the limit comes 70 s after resuming.
    let (s2, fx) = go(
        &s,
        Event::Tick {
            now_ms: 650_000 + 69_999,
        },
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::StopTake { .. })));
    let (_, fx) = go(
        &s2,
        Event::Tick {
            now_ms: 650_000 + 70_000,
        },
    );
    assert!(matches!(
        fx[0],
        Effect::StopTake {
            reason: StopReason::TimeLimit,
            ..
        }
    ));

    // Prep can be paused too.
    let s = Session::new(config(1, false));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::Pause { now_ms: 10_000 });
    let (s, fx) = go(&s, Event::Tick { now_ms: 1_000_000 });
    assert!(fx.is_empty() && matches!(s.phase, Phase::Prep { .. }));
    let (s, _) = go(&s, Event::Resume { now_ms: 1_000_000 });
    let (_, fx) = go(
        &s,
        Event::Tick {
            now_ms: 1_000_000 + PREP - 10_000,
        },
    );
    assert!(matches!(fx[0], Effect::StartTake { .. }));
}

#[test]
fn retry_discards_the_take_and_starts_a_new_one() {
    let s = Session::new(config(1, true));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (s, fx) = go(&s, Event::Retry { now_ms: 20_000 });
    assert_eq!(
        fx,
        vec![
            Effect::DiscardTake {
                take: take(0, Part::Main, 1)
            },
            Effect::StartTake {
                take: take(0, Part::Main, 2),
                limit_ms: ANSWER
            },
        ]
    );
    let Phase::Answering { timer, .. } = &s.phase else {
        panic!()
    };
    assert_eq!(
        timer.remaining_ms(20_000),
        ANSWER,
        "a new take gets the full time"
    );
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 60_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(2.0, &[Gap::NoConstraints]),
        },
    );
    // Retry from the feedback too: take 3; the scored take 2 is superseded once take 3 scores.
    let (s, fx) = go(&s, Event::Retry { now_ms: 61_000 });
    assert_eq!(
        fx,
        vec![Effect::StartTake {
            take: take(0, Part::Main, 3),
            limit_ms: ANSWER
        }]
    );
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 90_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(4.0, &[Gap::NoAlternatives]),
        },
    );
    let finals = s.final_takes();
    assert_eq!(finals.len(), 1);
    assert_eq!(finals[0].take.take, 3);
    let Phase::Feedback {
        follow_up: Some(f), ..
    } = &s.phase
    else {
        panic!()
    };
    assert_eq!(
        f.gap,
        Some(Gap::NoAlternatives),
        "the follow-up follows the latest take"
    );
    assert_eq!(
        s.takes.len(),
        3,
        "discarded, scored and re-scored takes are all recorded"
    );
    assert!(matches!(s.takes[0].outcome, Outcome::Discarded));
}

#[test]
fn skips_from_prep_answering_and_follow_up() {
    let s = Session::new(config(3, true));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    // Skip during prep: next question.
    let (s, fx) = go(&s, Event::Skip { now_ms: 1_000 });
    assert_eq!(
        fx,
        vec![Effect::ShowQuestion {
            question: 1,
            prep_ms: PREP
        }]
    );
    // Skip while answering: the take is discarded.
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 2_000 });
    let (s, fx) = go(&s, Event::Skip { now_ms: 3_000 });
    assert_eq!(
        fx,
        vec![
            Effect::DiscardTake {
                take: take(1, Part::Main, 1)
            },
            Effect::ShowQuestion {
                question: 2,
                prep_ms: PREP
            },
        ]
    );
    // Answer the last one, then decline its follow-up: the session ends.
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 4_000 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 5_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[Gap::NoQuantifiedResult]),
        },
    );
    let (s, fx) = go(&s, Event::Skip { now_ms: 6_000 });
    assert_eq!(fx, vec![Effect::Finished { ended_early: false }]);
    assert_eq!(s.skipped.len(), 3);
    assert!(!s.ended_early);
    // Skipping a follow-up while it is being prepared declines it: the main answer stands.
    let s = Session::new(config(2, true));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 1_000 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 2_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[Gap::NoTradeOffs]),
        },
    );
    let (s, _) = go(&s, Event::Next { now_ms: 3_000 });
    let (s, fx) = go(&s, Event::Skip { now_ms: 4_000 });
    assert_eq!(
        fx,
        vec![Effect::ShowQuestion {
            question: 1,
            prep_ms: PREP
        }]
    );
    assert_eq!(
        s.skipped,
        vec![Skipped {
            question: 0,
            part: Part::FollowUp
        }]
    );
    assert_eq!(s.final_takes().len(), 1);
    // Skipping is not allowed while a take is being scored.
    let s = Session::new(config(1, true));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 1 });
    assert!(matches!(
        s.step(Event::Skip { now_ms: 2 }),
        Err(StepError::NotAllowed {
            event: "skip",
            phase: "scoring"
        })
    ));
}

#[test]
fn end_early_from_every_phase() {
    let base = Session::new(config(2, true));
    // Idle.
    let (s, fx) = go(&base, Event::EndEarly { now_ms: 0 });
    assert!(s.is_finished() && s.ended_early);
    assert_eq!(fx, vec![Effect::Finished { ended_early: true }]);
    // Answering: the take is discarded.
    let (s, _) = go(&base, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (e, fx) = go(&s, Event::EndEarly { now_ms: 5 });
    assert_eq!(
        fx[0],
        Effect::DiscardTake {
            take: take(0, Part::Main, 1)
        }
    );
    assert!(e.is_finished());
    // Scoring: the pending score is dropped.
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 10 });
    let (e, _) = go(&s, Event::EndEarly { now_ms: 11 });
    assert!(e.is_finished());
    assert!(matches!(
        e.takes.last().map(|t| &t.outcome),
        Some(Outcome::Discarded)
    ));
    // Feedback: the scored answer is kept.
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[]),
        },
    );
    let (e, _) = go(&s, Event::EndEarly { now_ms: 12 });
    assert_eq!(e.final_takes().len(), 1);
    assert!(e.step(Event::EndEarly { now_ms: 13 }).is_err());
}

#[test]
fn invalid_events_are_typed_errors_and_change_nothing() {
    let s = Session::new(config(1, true));
    for e in [
        Event::BeginAnswer { now_ms: 0 },
        Event::StopAnswer { now_ms: 0 },
        Event::Next { now_ms: 0 },
        Event::Retry { now_ms: 0 },
        Event::Skip { now_ms: 0 },
        Event::Pause { now_ms: 0 },
        Event::Scored {
            card: card(3.0, &[]),
        },
    ] {
        let err = s.step(e).expect_err("not allowed in idle");
        assert_eq!(err.code(), "flow_event_not_allowed");
    }
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    assert!(s.step(Event::Start { now_ms: 0 }).is_err());
    assert!(
        s.step(Event::StopAnswer { now_ms: 0 }).is_err(),
        "cannot stop before answering"
    );
    assert!(s
        .step(Event::Scored {
            card: card(3.0, &[])
        })
        .is_err());
    assert!(matches!(s.phase, Phase::Prep { .. }));
    let empty = Session::new(SessionConfig {
        questions: vec![],
        follow_ups: false,
        follow_up_prep_ms: 0,
        follow_up_answer_ms: 0,
    });
    assert_eq!(
        empty.step(Event::Start { now_ms: 0 }),
        Err(StepError::NoQuestions)
    );
}

#[test]
fn scoring_failure_shows_feedback_without_follow_up() {
    let s = Session::new(config(1, true));
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 0 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 1_000 });
    let (s, fx) = go(
        &s,
        Event::ScoringFailed {
            code: "transcribe_failed".into(),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::ShowFeedback {
            take: take(0, Part::Main, 1)
        }]
    );
    assert!(matches!(
        s.phase,
        Phase::Feedback {
            follow_up: None,
            ..
        }
    ));
    // A retry is the way forward.
    let (s, _) = go(&s, Event::Retry { now_ms: 2_000 });
    assert!(matches!(
        s.phase,
        Phase::Answering {
            take: TakeId { take: 2, .. },
            ..
        }
    ));
}

#[test]
fn zero_prep_time_goes_straight_to_answering() {
    let mut c = config(1, false);
    c.questions[0].prep_ms = 0;
    let (s, fx) = go(&Session::new(c), Event::Start { now_ms: 0 });
    assert!(matches!(fx[1], Effect::StartTake { .. }));
    assert!(matches!(s.phase, Phase::Answering { .. }));
}

/// Answers question 0 and reaches its feedback, with a follow-up to ask.
fn at_follow_up(c: SessionConfig) -> Session {
    let s = Session::new(c);
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::BeginAnswer { now_ms: 1_000 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 2_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[Gap::NoTradeOffs]),
        },
    );
    assert!(matches!(
        s.phase,
        Phase::Feedback {
            follow_up: Some(_),
            ..
        }
    ));
    s
}

#[test]
fn follow_up_prep_runs_out_and_starts_its_answer_at_the_deadline() {
    let (s, _) = go(
        &at_follow_up(config(1, true)),
        Event::Next { now_ms: 10_000 },
    );
    // Paused and resumed, the follow-up is still the part being prepared.
    let (s, _) = go(&s, Event::Pause { now_ms: 12_000 });
    let (s, _) = go(&s, Event::Resume { now_ms: 14_000 });
    assert!(matches!(
        s.phase,
        Phase::Prep {
            part: Part::FollowUp,
            ..
        }
    ));
    let deadline = 10_000 + FOLLOW_UP_PREP_MS + 2_000;
    let (s, fx) = go(
        &s,
        Event::Tick {
            now_ms: deadline - 1,
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
    let (s, fx) = go(
        &s,
        Event::Tick {
            now_ms: deadline + 400,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::StartTake {
            take: take(0, Part::FollowUp, 1),
            limit_ms: FOLLOW
        }]
    );
    let Phase::Answering { timer, .. } = &s.phase else {
        panic!("{:?}", s.phase)
    };
    // The answer's clock starts at the deadline, not at the late tick.
    assert_eq!(timer.elapsed_ms(deadline + 400), 400);
}

#[test]
fn follow_up_prep_is_never_longer_than_the_questions() {
    let mut c = config(1, true);
    c.questions[0].prep_ms = 5_000;
    let (s, fx) = go(&at_follow_up(c), Event::Next { now_ms: 10_000 });
    assert!(matches!(fx[0], Effect::AskFollowUp { prep_ms: 5_000, .. }));
    let Phase::Prep { timer, .. } = &s.phase else {
        panic!("{:?}", s.phase)
    };
    assert_eq!(timer.limit_ms, 5_000);
    // Without preparation time the follow-up's answer starts as it is asked.
    let mut c = config(1, true);
    c.questions[0].prep_ms = 0;
    let s = Session::new(c);
    let (s, _) = go(&s, Event::Start { now_ms: 0 });
    let (s, _) = go(&s, Event::StopAnswer { now_ms: 1_000 });
    let (s, _) = go(
        &s,
        Event::Scored {
            card: card(3.0, &[Gap::NoTradeOffs]),
        },
    );
    let (s, fx) = go(&s, Event::Next { now_ms: 2_000 });
    assert!(matches!(fx[0], Effect::AskFollowUp { prep_ms: 0, .. }));
    assert_eq!(
        fx[1],
        Effect::StartTake {
            take: take(0, Part::FollowUp, 1),
            limit_ms: FOLLOW
        }
    );
    assert!(matches!(s.phase, Phase::Answering { .. }));
}
