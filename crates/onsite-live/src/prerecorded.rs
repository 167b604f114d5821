//! Prerecorded answers, for a whole session without a microphone (`onsite interview`, tests):
//! an [`AnswerSource`] that answers each take with the next file (audio decoded and
//! transcribed, a transcript `.json` read, or text timed at 150 words a minute), and
//! [`drive`], the candidate who answers at once, moves on at once and ends the session early
//! when the answers run out, on a virtual clock: an answer lasts as long as its audio, so time
//! limits and auto-stop behave as they would live.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use onsite_interview::flow::{Effect, Event, Phase, StopReason};
use onsite_interview::TakeId;
use onsite_rubric::{Answer, Assessment, RubricPack};
use onsite_speech::vocab::Lexicon;
use onsite_speech::{Model, StreamConfig};
use onsite_transcript::{Segment, Transcript};

use crate::error::{LiveError, Result};
use crate::exec::{AnswerSource, Executor, Stepped, TakeStart};

/// File extensions read as audio; anything else is text or a transcript `.json`.
pub const AUDIO_EXTENSIONS: &[&str] = &["wav", "mp3", "flac", "ogg", "opus", "m4a", "mp4", "webm"];
/// Largest text answer read.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;
/// Speaking rate used to give text answers a duration.
pub const TEXT_WPM: u64 = 150;

pub fn is_audio(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// One answer file, read.
#[derive(Debug, Clone)]
pub struct AnswerFile {
    pub file: PathBuf,
    pub transcript: Transcript,
    /// True when the transcript has real timings (audio, transcript JSON): it is scored with
    /// its delivery and cut at the time limit.
    pub timed: bool,
}

/// A take answered and scored.
#[derive(Debug, Clone)]
pub struct Answered {
    pub answer: AnswerFile,
    pub stopped: StopReason,
    pub assessment: Assessment,
}

/// Reads or transcribes one answer file (`model` is needed for audio).
pub fn read_answer(file: &Path, model: Option<&Arc<Model>>) -> Result<AnswerFile> {
    read_answer_with(file, model, StreamConfig::batch())
}

/// [`read_answer`] with audio transcribed with `speech` (an answer's own prompt).
pub fn read_answer_with(
    file: &Path,
    model: Option<&Arc<Model>>,
    speech: StreamConfig,
) -> Result<AnswerFile> {
    if is_audio(file) {
        let model = model.ok_or(LiveError::NoModel)?;
        let (transcript, stats) = onsite_speech::transcribe_file(Arc::clone(model), file, speech)
            .map_err(|source| LiveError::Transcribe {
            path: file.to_path_buf(),
            source,
        })?;
        tracing::info!(file = %file.display(), duration_ms = transcript.duration_ms,
            utterances = stats.utterances, "transcribed");
        return Ok(AnswerFile {
            file: file.to_path_buf(),
            transcript,
            timed: true,
        });
    }
    let unreadable = |source| LiveError::AnswerUnreadable {
        path: file.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_TEXT_BYTES {
        return Err(LiveError::AnswerTooLarge {
            path: file.to_path_buf(),
            size,
            limit: MAX_TEXT_BYTES,
        });
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let transcript =
            Transcript::from_json_slice(&bytes).map_err(|source| LiveError::NotATranscript {
                path: file.to_path_buf(),
                source,
            })?;
        return Ok(AnswerFile {
            file: file.to_path_buf(),
            transcript,
            timed: true,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| LiveError::AnswerNotUtf8 {
        path: file.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = text.trim().to_string();
    let words = text.split_whitespace().count() as u64;
    let duration_ms = words * 60_000 / TEXT_WPM;
    let segments = if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            start_ms: 0,
            end_ms: duration_ms,
            text: text.clone(),
            words: Vec::new(),
        }]
    };
    Ok(AnswerFile {
        file: file.to_path_buf(),
        transcript: Transcript {
            text,
            duration_ms,
            model: "text".into(),
            segments,
            pauses: Vec::new(),
        },
        timed: false,
    })
}

/// The take being answered.
#[derive(Debug)]
struct Current {
    take: TakeId,
    answer: AnswerFile,
    question: onsite_rubric::Question,
    stopped: StopReason,
}

/// Answers each take with the next file, in order.
#[derive(Debug)]
pub struct Prerecorded {
    files: VecDeque<PathBuf>,
    model: Option<Arc<Model>>,
    pack: Arc<RubricPack>,
    /// Audio answers are primed with their question's terms from this lexicon, as live ones.
    lexicon: Option<Arc<Lexicon>>,
    profile_terms: Vec<String>,
    current: Option<Current>,
    answered: HashMap<TakeId, Answered>,
}

impl Prerecorded {
    /// `model` is needed when any file is audio.
    pub fn new(files: Vec<PathBuf>, model: Option<Arc<Model>>, pack: Arc<RubricPack>) -> Self {
        Prerecorded {
            files: files.into(),
            model,
            pack,
            lexicon: None,
            profile_terms: Vec::new(),
            current: None,
            answered: HashMap::new(),
        }
    }

    /// Transcribes audio answers with each question's prompt from `lexicon` and the plan's
    /// résumé and job description terms, as a live session does.
    pub fn with_vocabulary(
        mut self,
        lexicon: Option<Arc<Lexicon>>,
        profile_terms: Vec<String>,
    ) -> Self {
        self.lexicon = lexicon;
        self.profile_terms = profile_terms;
        self
    }

    pub fn remaining(&self) -> usize {
        self.files.len()
    }

    /// The scored answers, by take.
    pub fn into_answered(self) -> HashMap<TakeId, Answered> {
        self.answered
    }

    /// "Speaks" the take's answer from now on the virtual clock: commits its segments as a
    /// live take would, cut at the time limit, and returns the event that ends it.
    fn play(&mut self, exec: &mut Executor, take: TakeId, limit_ms: u64) -> Result<Event> {
        let current = self
            .current
            .as_mut()
            .filter(|c| c.take == take)
            .ok_or(LiveError::AnswerMissing)?;
        let t = &mut current.answer.transcript;
        let timed_out = t.duration_ms >= limit_ms;
        if timed_out && current.answer.timed {
            // The recording stops at the limit: what was said after it was never captured.
            t.segments.retain(|s| s.start_ms < limit_ms);
            for s in &mut t.segments {
                s.words.retain(|w| w.start_ms < limit_ms);
                s.end_ms = s.end_ms.min(limit_ms);
            }
            t.text = t
                .segments
                .iter()
                .map(|s| s.text.trim())
                .collect::<Vec<_>>()
                .join(" ");
            t.duration_ms = limit_ms;
        }
        for segment in &t.segments {
            exec.commit_segment(take, segment)?;
        }
        let start = exec.now_ms();
        let end = start + t.duration_ms.min(limit_ms);
        exec.clock_mut().advance_to(end);
        Ok(if timed_out {
            Event::Tick {
                now_ms: start + limit_ms,
            }
        } else {
            Event::StopAnswer { now_ms: end }
        })
    }
}

impl AnswerSource for Prerecorded {
    fn begin(&mut self, _take: TakeId) -> Option<String> {
        None
    }

    fn start(&mut self, start: TakeStart) -> Result<()> {
        let file = self.files.pop_front().ok_or(LiveError::AnswerMissing)?;
        let speech = crate::options::speech_for_answer(
            &StreamConfig::batch(),
            self.lexicon.as_deref(),
            &start.question,
            &self.profile_terms,
        );
        let answer = read_answer_with(&file, self.model.as_ref(), speech)?;
        self.current = Some(Current {
            take: start.take,
            answer,
            question: start.question,
            stopped: StopReason::Stopped,
        });
        Ok(())
    }

    fn stop(&mut self, take: TakeId, reason: StopReason) {
        if let Some(c) = self.current.as_mut().filter(|c| c.take == take) {
            c.stopped = reason;
        }
    }

    fn discard(&mut self, take: TakeId) {
        if self.current.as_ref().is_some_and(|c| c.take == take) {
            self.current = None;
        }
    }

    fn score(&mut self, take: TakeId) -> Option<Result<Assessment>> {
        let c = self.current.take().filter(|c| c.take == take)?;
        let answer = if c.answer.timed {
            Answer::from_transcript(&c.answer.transcript)
        } else {
            Answer::from_text(&c.answer.transcript.text)
        };
        Some(match self.pack.assess(&c.question, &answer) {
            Ok(assessment) => {
                self.answered.insert(
                    take,
                    Answered {
                        answer: c.answer,
                        stopped: c.stopped,
                        assessment: assessment.clone(),
                    },
                );
                Ok(assessment)
            }
            Err(e) => {
                tracing::warn!(error = %e, "scoring failed");
                Err(e.into())
            }
        })
    }
}

/// Runs the whole session: started, each question answered at once with the next file, each
/// feedback left at once, ended early after the last answer when the plan wanted more. Stops
/// at the first failure (a file that cannot be read, a store write), whose take is failed in
/// the store.
pub fn drive(exec: &mut Executor, src: &mut Prerecorded) -> Result<()> {
    let mut events = VecDeque::from([Event::Start {
        now_ms: exec.now_ms(),
    }]);
    // Bounded: every answer and question can only be visited a few times.
    let questions = exec.session().config.questions.len();
    let mut budget = 64 + 16 * (questions + src.remaining());
    while let Some(event) = events.pop_front() {
        budget = budget.checked_sub(1).ok_or(LiveError::DidNotConverge)?;
        let Stepped {
            effects,
            mut failed,
            mut errors,
        } = exec.step(event, src)?;
        if let Some(f) = failed.drain(..).next() {
            return Err(f.error);
        }
        if let Some(e) = errors.drain(..).next() {
            return Err(e);
        }
        let now_ms = exec.now_ms();
        for effect in effects {
            match effect {
                // With no preparation time the flow has already started the answer (its
                // StartTake follows, and has taken its file).
                // A follow-up is prepared as a question is: its answer begins at once too.
                Effect::AskFollowUp { prep_ms, .. } if prep_ms > 0 => {
                    events.push_back(Event::BeginAnswer { now_ms });
                }
                Effect::ShowQuestion { prep_ms, .. } if prep_ms > 0 => {
                    if src.remaining() == 0 {
                        events.push_back(Event::EndEarly { now_ms });
                    } else {
                        events.push_back(Event::BeginAnswer { now_ms }); // ready at once
                    }
                }
                Effect::StartTake { take, limit_ms } => {
                    events.push_back(src.play(exec, take, limit_ms)?);
                }
                Effect::ShowFeedback { .. } => {
                    // Fewer answers than the plan wants ends the session after the last one,
                    // as "end early" does in the app.
                    let session = exec.session();
                    let more_to_ask = match &session.phase {
                        Phase::Feedback { take, follow_up } => {
                            follow_up.is_some() || take.question + 1 < questions
                        }
                        _ => false,
                    };
                    if src.remaining() == 0 && more_to_ask {
                        events.push_back(Event::EndEarly { now_ms });
                    } else {
                        events.push_back(Event::Next { now_ms });
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}
