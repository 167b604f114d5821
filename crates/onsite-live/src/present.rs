//! The coordinator's state as the room shows it ([`LiveView`]) and as the session ends
//! ([`SessionReport`]).

use onsite_interview::flow::{Phase, Timer};
use onsite_interview::{summarise, Part, Summary};

use crate::coordinator::Coordinator;
use crate::feedback::label;
use crate::report::{QuestionReport, SessionReport};
use crate::view::{
    LivePhase, LiveQuestion, LiveQuestionPart, LiveSummary, LiveSummaryItem, LiveSummaryScore,
    LiveTimer, LiveTimerKind, LiveView,
};

impl Coordinator {
    pub(crate) fn view(&self) -> LiveView {
        let now_ms = self.now_ms();
        let s = self.exec.session();
        let last = s.config.questions.len().saturating_sub(1);
        let (phase, question, part, take, timer) = match &s.phase {
            // The machine leaves Idle in the same step it is started, so Idle is never shown.
            Phase::Idle => (LivePhase::Prep, 0, Part::Main, None, None),
            Phase::Prep {
                question,
                part,
                timer,
            } => (
                LivePhase::Prep,
                *question,
                *part,
                None,
                Some(timer_view(LiveTimerKind::Prep, timer, now_ms)),
            ),
            Phase::Answering { take, timer } => (
                LivePhase::Answering,
                take.question,
                take.part,
                Some(*take),
                Some(timer_view(LiveTimerKind::Answer, timer, now_ms)),
            ),
            Phase::Scoring { take, .. } => (
                LivePhase::Scoring,
                take.question,
                take.part,
                Some(*take),
                None,
            ),
            Phase::Feedback { take, .. } => (
                LivePhase::Feedback,
                take.question,
                take.part,
                Some(*take),
                None,
            ),
            Phase::Summary => (LivePhase::Summary, last, Part::Main, None, None),
        };
        let paused = match &s.phase {
            Phase::Prep { timer, .. } | Phase::Answering { timer, .. } => timer.paused(),
            _ => false,
        };
        let picked = &self.opts.plan.selection.questions[question];
        let q = &s.config.questions[question].question;
        let asked_follow_up = self.exec.follow_up(question).map(str::to_owned);
        let next_follow_up = match &s.phase {
            Phase::Feedback {
                follow_up: Some(f), ..
            } => Some(f.text.clone()),
            _ => None,
        };
        let (text, view_part) = match (part, &asked_follow_up) {
            (Part::FollowUp, Some(f)) => (f.clone(), LiveQuestionPart::FollowUp),
            _ => (q.text.clone(), LiveQuestionPart::Main),
        };
        let take_id = take.and_then(|t| self.exec.store_take(t)).map(|id| id.0);
        LiveView {
            session_id: self.exec.session_id().to_string(),
            phase,
            paused,
            question_index: u32::try_from(question).unwrap_or(u32::MAX),
            question_count: u32::try_from(s.config.questions.len()).unwrap_or(u32::MAX),
            question: LiveQuestion {
                id: q.id.clone(),
                text,
                track: q.track.to_string(),
                kind: q.kind.to_string(),
                level: q.level.to_string(),
                reason: picked.reason.clone(),
                part: view_part,
            },
            follow_up_text: match part {
                Part::FollowUp => asked_follow_up,
                Part::Main => next_follow_up,
            },
            take: take.map_or(0, |t| t.take),
            take_id,
            timer,
            captions: self.opts.captions,
            has_camera: self.has_camera,
            has_mic: self.has_mic,
            feedback: match phase {
                LivePhase::Feedback => self.feedback.clone(),
                _ => None,
            },
            scoring_error: match phase {
                LivePhase::Feedback => self.scoring_error.clone(),
                _ => None,
            },
            summary: (phase == LivePhase::Summary).then(|| summary_view(&self.summary())),
        }
    }

    pub(crate) fn summary(&self) -> Summary {
        summarise(
            self.exec.session(),
            &self.opts.plan.bank,
            self.opts.plan.selection.level,
        )
    }

    pub(crate) fn report(&self) -> SessionReport {
        let sel = &self.opts.plan.selection;
        let questions = sel
            .questions
            .iter()
            .enumerate()
            .map(|(i, p)| QuestionReport {
                position: i + 1,
                id: p.question.id.clone(),
                track: p.question.track.to_string(),
                kind: p.question.kind.to_string(),
                level: p.question.level.to_string(),
                text: p.question.text.clone(),
                reason: p.reason.clone(),
                follow_up: self.exec.follow_up(i).map(str::to_owned),
                takes: self
                    .reports
                    .iter()
                    .filter(|r| r.take.question == i)
                    .cloned()
                    .collect(),
            })
            .collect();
        SessionReport {
            session_id: self.exec.session_id().to_string(),
            plan: sel.plan.to_string(),
            level: sel.level.to_string(),
            level_reason: sel.level_reason.clone(),
            ended_early: self.exec.session().ended_early,
            has_camera: self.has_camera,
            has_mic: self.has_mic,
            questions,
            summary: self.summary(),
        }
    }
}

fn timer_view(kind: LiveTimerKind, timer: &Timer, now_ms: u64) -> LiveTimer {
    LiveTimer {
        kind,
        limit_ms: u32::try_from(timer.limit_ms).unwrap_or(u32::MAX),
        remaining_ms: u32::try_from(timer.remaining_ms(now_ms)).unwrap_or(u32::MAX),
    }
}

fn summary_view(s: &Summary) -> LiveSummary {
    LiveSummary {
        answered: u32::try_from(s.answered).unwrap_or(u32::MAX),
        skipped: u32::try_from(s.skipped).unwrap_or(u32::MAX),
        ended_early: s.ended_early,
        overall: s.overall,
        competencies: s
            .competencies
            .iter()
            .map(|(id, score)| LiveSummaryScore {
                id: id.clone(),
                name: label(id),
                score: *score,
            })
            .collect(),
        practise_next: s
            .practise_next
            .iter()
            .map(|p| LiveSummaryItem {
                title: p.focus.clone(),
                detail: p.advice.clone(),
            })
            .collect(),
        recommended_next: s
            .recommended_next
            .iter()
            .map(|r| LiveSummaryItem {
                title: r.text.clone(),
                detail: r.reason.clone(),
            })
            .collect(),
    }
}
