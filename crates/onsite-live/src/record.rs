//! Recording a question as asked, for the effects executor ([`crate::exec`]) that every
//! driver of the interview state machine (the live coordinator, `onsite interview`) goes
//! through, so a session reads back identically whichever recorded it.

use std::collections::HashMap;

use onsite_interview::question::Question;
use onsite_interview::{Part, TakeId};
use onsite_store::{QuestionAskedId, QuestionSnapshot, SessionId, Store, StoreError};

/// Records `question` (number `index` in the plan; or, for `Part::FollowUp` with its text, its
/// follow-up) as asked. A follow-up is also kept on the latest main take of the question it
/// follows, for replay.
pub fn ask_question(
    store: &mut Store,
    session: &SessionId,
    index: usize,
    question: &Question,
    part: Part,
    follow_up: Option<&str>,
    takes: &HashMap<TakeId, onsite_store::TakeId>,
) -> Result<QuestionAskedId, StoreError> {
    let snapshot = match (part, follow_up) {
        (Part::FollowUp, Some(text)) => {
            if let Some(main) = last_main_take(takes, index) {
                store.add_follow_up(main, text, onsite_store::now_ms())?;
            }
            QuestionSnapshot {
                question_id: format!("{}/follow-up", question.id),
                question_version: env!("CARGO_PKG_VERSION").to_owned(),
                text: text.to_owned(),
            }
        }
        _ => QuestionSnapshot {
            question_id: question.id.clone(),
            question_version: env!("CARGO_PKG_VERSION").to_owned(),
            text: question.text.clone(),
        },
    };
    store.ask_question(session, &snapshot, onsite_store::now_ms())
}

/// The store id of the latest main take of question `index`, if it has one.
pub fn last_main_take(
    takes: &HashMap<TakeId, onsite_store::TakeId>,
    index: usize,
) -> Option<onsite_store::TakeId> {
    takes
        .iter()
        .filter(|(t, _)| t.question == index && t.part == Part::Main)
        .max_by_key(|(t, _)| t.take)
        .map(|(_, id)| *id)
}
