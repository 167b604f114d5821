//! Carrying out the state machine's effects for real: questions and takes recorded in the
//! store, take workers started, stopped or discarded, results scored into the machine, and
//! the feedback sent out. The same steps as `onsite interview` performs with files.

use std::time::Instant;

use onsite_capture::session_mic::SessionMic;
use onsite_interview::flow::{Effect, Event, Phase, StopReason};
use onsite_interview::score::{rubric_follow_up, rubric_question, ScoreCard};
use onsite_interview::{Part, TakeId};
use onsite_store::{RubricRecord, TakeEnd};
use onsite_transcript::Segment;

use crate::coordinator::Coordinator;
use crate::error::{LiveError, Result};
use crate::feedback::{self, TakeContext};
use crate::report::TakeReport;
use crate::take::{self, TakeJob, TakeOrder, TakeResult};
use crate::view::{LiveTimerKind, LiveUpdate};

impl Coordinator {
    pub(crate) fn effect(&mut self, effect: Effect) -> Result<()> {
        match effect {
            Effect::ShowQuestion { question, .. } => {
                self.feedback = None;
                self.scoring_error = None;
                self.ask(question, Part::Main, None)
            }
            Effect::AskFollowUp {
                question,
                follow_up,
            } => {
                self.feedback = None;
                self.scoring_error = None;
                self.follow_up_asked
                    .insert(question, follow_up.text.clone());
                self.ask(question, Part::FollowUp, Some(&follow_up.text))
            }
            Effect::StartTake { take, .. } => {
                self.feedback = None;
                self.scoring_error = None;
                self.start_take(take)
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
                Ok(())
            }
            Effect::StopTake { take, reason } => {
                self.stopped_at.insert(take, Instant::now());
                self.mark_report(take, |r| r.stopped = Some(reason));
                if let Some(w) = self.workers.get(&take) {
                    w.order(TakeOrder::Stop);
                }
                Ok(())
            }
            // The worker scores after the tail decode and reports `Done`.
            Effect::Score { .. } => Ok(()),
            Effect::DiscardTake { take } => {
                if let Some(w) = self.workers.get(&take) {
                    w.order(TakeOrder::Discard);
                }
                self.mark_report(take, |r| r.status = "discarded");
                match self.store_takes.get(&take) {
                    Some(id) => {
                        Ok(self
                            .store
                            .finish_take(*id, TakeEnd::Failed, onsite_store::now_ms())?)
                    }
                    None => Ok(()),
                }
            }
            // Sent by `take_done` once the feedback (with its follow-up) is built; a failed
            // scoring shows in the view's `scoring_error`.
            Effect::ShowFeedback { .. } => Ok(()),
            Effect::Finished { .. } => {
                self.store
                    .finish_session(&self.session_id, onsite_store::now_ms())?;
                let _ = self.updates.send(LiveUpdate::Finished {
                    session_id: self.session_id.to_string(),
                });
                Ok(())
            }
        }
    }

    /// Records the question (or follow-up) as asked.
    fn ask(&mut self, question: usize, part: Part, follow_up: Option<&str>) -> Result<()> {
        let q = &self.opts.plan.config.questions[question].question;
        let id = crate::record::ask_question(
            &mut self.store,
            &self.session_id,
            question,
            q,
            part,
            follow_up,
            &self.store_takes,
        )?;
        self.asked.insert((question, part), id);
        Ok(())
    }

    fn start_take(&mut self, take: TakeId) -> Result<()> {
        // The answer began now: its take starts with the sound from this instant.
        let begun = Instant::now();
        let asked = *self
            .asked
            .get(&(take.question, take.part))
            .ok_or(LiveError::CoordinatorGone)?;
        let now = onsite_store::now_ms();
        let file = format!(
            "q{}{}-take{}-{now}.mp4",
            take.question + 1,
            if take.part == Part::FollowUp {
                "-follow-up"
            } else {
                ""
            },
            take.take
        );
        let started = self.store.start_take(asked, now, Some(&file))?;
        self.store_takes.insert(take, started.id);
        let out = self
            .opts
            .data_dir
            .session_media_dir(self.session_id.as_str())
            .join(&file);
        self.media.insert(take, out.clone());
        self.reports.push(TakeReport::new(take, started.id.0, &out));
        let q = &self.opts.plan.config.questions[take.question].question;
        let question = match take.part {
            Part::Main => rubric_question(q),
            Part::FollowUp => rubric_follow_up(
                q,
                self.follow_up_asked
                    .get(&take.question)
                    .map_or("", String::as_str),
            ),
        };
        let tap = self.session_mic().map(|m| m.tap_from(begun));
        let job = TakeJob {
            take,
            tap,
            out,
            camera: if self.has_camera {
                self.opts.camera.clone()
            } else {
                onsite_capture::camera::CameraChoice::None
            },
            mic: if self.has_mic {
                self.opts.mic.clone()
            } else {
                onsite_capture::mic::MicChoice::None
            },
            video: self.opts.video,
            preview: self.opts.preview.clone(),
            model: self.opts.model.clone(),
            speech: self.opts.speech.clone(),
            captions: self.opts.captions,
            question,
            pack: self.opts.pack.clone(),
        };
        let handle = take::spawn(job, self.inbox.clone(), self.updates.clone())?;
        self.workers.insert(take, handle);
        Ok(())
    }

    /// The session's microphone, reopened if it failed since the last answer. `None` when the
    /// session has none or it will not open (the take then opens the device itself and
    /// reports why it cannot).
    fn session_mic(&mut self) -> Option<&SessionMic> {
        if !self.has_mic {
            return None;
        }
        if self.mic.as_ref().is_some_and(|m| m.failure().is_some()) {
            self.mic = None;
        }
        if self.mic.is_none() {
            match SessionMic::open(&self.opts.mic) {
                Ok(m) => self.mic = Some(m),
                Err(e) => {
                    tracing::warn!(error = %e, "the session microphone will not open");
                    return None;
                }
            }
        }
        self.mic.as_ref()
    }

    /// A segment is committed as soon as Whisper produced it, so a crash keeps it.
    pub(crate) fn commit_segment(&mut self, take: TakeId, segment: &Segment) -> Result<()> {
        if let Some(id) = self.store_takes.get(&take) {
            self.store.append_segment(*id, segment)?;
        }
        Ok(())
    }

    /// A kept take was transcribed and scored (or failed to be).
    pub(crate) fn take_done(&mut self, take: TakeId, result: Result<TakeResult>) -> Result<()> {
        if let Some(w) = self.workers.remove(&take) {
            w.join();
        }
        let id = *self
            .store_takes
            .get(&take)
            .ok_or(LiveError::CoordinatorGone)?;
        let scoring = matches!(self.session.phase, Phase::Scoring { take: t, .. } if t == take);
        let result = match result {
            Ok(r) => r,
            Err(error) => {
                self.store
                    .finish_take(id, TakeEnd::Failed, onsite_store::now_ms())?;
                self.mark_report(take, |r| {
                    r.status = "scoring_failed";
                    r.error = Some(error.to_string());
                });
                if scoring {
                    self.scoring_error = Some(error.to_string());
                    self.step(Event::ScoringFailed {
                        code: error.code().to_owned(),
                    })?;
                    self.publish_view();
                }
                return Err(error);
            }
        };
        // Kept even if the session ended meanwhile: it is the candidate's real answer.
        self.store
            .finish_take(id, TakeEnd::Complete, onsite_store::now_ms())?;
        let a = &result.assessment;
        let card = ScoreCard::from_assessment(a);
        self.store.save_rubric(
            id,
            &RubricRecord {
                rubric_version: a.rubric_version.clone(),
                scores: card.competencies.clone(),
                result: serde_json::to_value(a).map_err(|e| LiveError::BadStoredResult {
                    take: id.0,
                    reason: e.to_string(),
                })?,
                scored_at_ms: onsite_store::now_ms(),
            },
        )?;
        if let Some(w) = &result.speech_warning {
            let _ = self.updates.send(LiveUpdate::Error {
                code: "speech_partial".into(),
                message: format!("part of the answer could not be transcribed: {w}"),
            });
        }
        if !scoring {
            self.record_result(take, result, None);
            return Ok(());
        }
        self.step(Event::Scored { card })?;
        let follow_up = match &self.session.phase {
            Phase::Feedback { follow_up, .. } => follow_up.as_ref().map(|f| f.text.clone()),
            _ => None,
        };
        let q = &self.opts.plan.config.questions[take.question].question;
        let question_text = match take.part {
            Part::Main => q.text.clone(),
            Part::FollowUp => self
                .follow_up_asked
                .get(&take.question)
                .cloned()
                .unwrap_or_default(),
        };
        let question_id = match take.part {
            Part::Main => q.id.clone(),
            Part::FollowUp => format!("{}/follow-up", q.id),
        };
        let mut fb = feedback::build(
            TakeContext {
                take_id: id.0,
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
