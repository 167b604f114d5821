//! What the room shows of the effects the executor ([`crate::exec`]) carried out: warnings,
//! the session's end, each take's report, and the feedback once a take worker's result is kept.

use std::time::Instant;

use onsite_interview::flow::{Effect, Phase, StopReason};
use onsite_interview::{Part, TakeId};

use crate::coordinator::Coordinator;
use crate::drawing::{self, FeedbackDrawing};
use crate::error::Result;
use crate::exec::Stepped;
use crate::feedback::{self, TakeContext};
use crate::report::TakeReport;
use crate::take::TakeResult;
use crate::view::{LiveTimerKind, LiveUpdate};

impl Coordinator {
    /// Shows what a step carried out.
    pub(crate) fn show(&mut self, stepped: Stepped) {
        for effect in stepped.effects {
            self.show_effect(effect);
        }
        for f in stepped.failed {
            self.mark_report(f.take, |r| {
                r.status = "failed";
                r.error = Some(f.error.to_string());
            });
            if f.fed {
                self.scoring_error = Some(f.error.to_string());
            }
            self.report_error(&f.error);
        }
        for e in &stepped.errors {
            self.report_error(e);
        }
    }

    fn show_effect(&mut self, effect: Effect) {
        match effect {
            Effect::ShowQuestion { .. } | Effect::AskFollowUp { .. } => {
                self.feedback = None;
                self.scoring_error = None;
            }
            Effect::StartTake { take, .. } => {
                self.feedback = None;
                self.scoring_error = None;
                if let (Some(id), Some(out)) =
                    (self.exec.store_take(take), self.takes.media.get(&take))
                {
                    self.reports.push(TakeReport::new(take, id.0, out));
                }
            }
            Effect::Warning {
                timer,
                remaining_ms,
            } => {
                let timer = match timer {
                    onsite_interview::flow::TimerKind::Prep => LiveTimerKind::Prep,
                    onsite_interview::flow::TimerKind::Answer => LiveTimerKind::Answer,
                };
                let seconds_left = u32::try_from(remaining_ms.div_ceil(1000)).unwrap_or(u32::MAX);
                let _ = self.updates.send(LiveUpdate::Warning {
                    timer,
                    seconds_left,
                });
            }
            Effect::StopTake { take, reason } => {
                self.stopped_at.insert(take, Instant::now());
                self.mark_report(take, |r| r.stopped = Some(reason));
            }
            Effect::DiscardTake { take } => self.mark_report(take, |r| r.status = "discarded"),
            Effect::Finished { .. } => {
                let _ = self.updates.send(LiveUpdate::Finished {
                    session_id: self.exec.session_id().to_string(),
                });
            }
            // The feedback is sent by `take_done` once it is built; a failed scoring shows in
            // the view's `scoring_error`.
            Effect::Score { .. } | Effect::ShowFeedback { .. } => {}
        }
    }

    /// A kept take was transcribed and scored (or failed to be).
    pub(crate) fn take_done(&mut self, take: TakeId, result: Result<TakeResult>) -> Result<()> {
        if let Some(w) = self.takes.workers.remove(&take) {
            w.join();
        }
        // The whiteboard the room appended while the candidate drew (flushed before the stop was
        // sent) is read beside the words now, so the stored result and the feedback carry it.
        let drawing = match (&result, self.exec.store_take(take)) {
            (Ok(r), Some(id)) => {
                drawing::read_final(self.exec.store(), id, &r.assessment, &r.transcript)
                    .unwrap_or_else(|e| {
                        // The answer is still kept and scored from its words.
                        self.report_error(&e);
                        None
                    })
            }
            _ => None,
        };
        let kept = self.exec.take_done(
            take,
            result.as_ref().map(|r| &r.assessment),
            drawing.as_ref(),
            &mut self.takes,
        )?;
        let result = match result {
            Ok(r) => r,
            Err(error) => {
                self.mark_report(take, |r| {
                    r.status = "scoring_failed";
                    r.error = Some(error.to_string());
                });
                if let Some(stepped) = kept {
                    self.scoring_error = Some(error.to_string());
                    self.show(stepped);
                    self.publish_view();
                }
                return Err(error);
            }
        };
        if let Some(w) = &result.speech_warning {
            let _ = self.updates.send(LiveUpdate::Error {
                code: "speech_partial".into(),
                message: format!("part of the answer could not be transcribed: {w}"),
            });
        }
        let Some(stepped) = kept else {
            // The session had moved on: kept in the store and the report, no feedback.
            self.record_result(take, result, None);
            return Ok(());
        };
        self.show(stepped);
        let follow_up = match &self.exec.session().phase {
            Phase::Feedback { follow_up, .. } => follow_up.as_ref().map(|f| f.text.clone()),
            _ => None,
        };
        let q = &self.opts.plan.config.questions[take.question].question;
        let (question_id, question_text) = match take.part {
            Part::Main => (q.id.clone(), q.text.clone()),
            Part::FollowUp => (
                format!("{}/follow-up", q.id),
                self.exec
                    .follow_up(take.question)
                    .unwrap_or_default()
                    .to_owned(),
            ),
        };
        let take_id = self.exec.store_take(take).map_or(0, |id| id.0);
        let mut fb = feedback::build(
            TakeContext {
                take_id,
                question_id: &question_id,
                question_text: &question_text,
                follow_up: follow_up.as_deref(),
                media_mime: result.media.as_ref().map(|m| m.info.mime_type.as_str()),
            },
            &result.assessment,
            &result.transcript,
            &self.opts.pack,
        );
        let feedback_ms = self
            .stopped_at
            .get(&take)
            .map(|t| u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX));
        fb.feedback_ms = feedback_ms.map(|ms| u32::try_from(ms).unwrap_or(u32::MAX));
        fb.drawing = drawing.as_ref().map(FeedbackDrawing::from);
        tracing::info!(
            ?take,
            feedback_ms,
            stop_ms = result.stop_ms,
            tail_ms = result.tail_ms,
            score_ms = result.score_ms,
            "feedback ready"
        );
        self.feedback = Some(fb.clone());
        self.record_result(take, result, feedback_ms);
        let _ = self.updates.send(LiveUpdate::Feedback(Box::new(fb)));
        self.publish_view();
        Ok(())
    }

    fn record_result(&mut self, take: TakeId, result: TakeResult, feedback_ms: Option<u64>) {
        let stopped = self
            .reports
            .iter()
            .find(|r| r.take == take)
            .and_then(|r| r.stopped);
        self.mark_report(take, move |r| {
            r.status = "scored";
            r.stopped = stopped.or(Some(StopReason::Stopped));
            r.feedback_ms = feedback_ms;
            r.stop_ms = Some(result.stop_ms);
            r.tail_ms = Some(result.tail_ms);
            r.score_ms = Some(result.score_ms);
            if let Some(m) = &result.media {
                r.mime = Some(m.info.mime_type.clone());
                r.media_duration_ms = Some(m.info.duration_ms);
                r.device_error = m.device_error.clone();
            }
            r.transcript = Some(result.transcript);
            r.score = Some(result.assessment);
        });
    }

    pub(crate) fn mark_report(&mut self, take: TakeId, f: impl FnOnce(&mut TakeReport)) {
        if let Some(r) = self.reports.iter_mut().rev().find(|r| r.take == take) {
            f(r);
        }
    }
}
