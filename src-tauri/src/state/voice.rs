//! The interviewer's voice: opened once, lazily, on a worker thread, and shared by the room,
//! the device check and Settings as one [`onsite_voice::Speaker`].
//!
//! Opening checks the voice files' sha256 and loads ONNX Runtime and the model (about a second
//! on 2 cores), so it never runs on the async runtime: [`VoiceSlot::status`] starts it in the
//! background and [`VoiceSlot::get`] (on a blocking thread) waits for it.
//!
//! Time to first audio: the session's questions are known before they show. The device check
//! plans the session it will start ahead ([`VoiceSlot::plan_ahead`]: the plan's seed is kept and
//! `session_start` draws the same questions with it), so question 1's first sentence is
//! prepared while the candidate checks the camera and microphone, seconds before the question
//! shows. [`VoiceSlot::plan_session`] keeps the texts and prepares question 1 again if needed
//! (a session started without the device check), and starting waits for it briefly;
//! when the last sentence of a planned question has been handed out,
//! the first sentence of the next one is prepared, while the candidate thinks and answers.
//! The voice is the one chosen in Settings ([`VoiceSlot::choose`]; `None`: the default Piper
//! voice); choosing another drops the open one and opens the new one on next use. espeak-ng
//! speaks only when chosen: as an unasked fallback it is too robotic to play an interviewer,
//! so without the default Piper voice (and no choice) the room shows text only.

use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use onsite_datadir::DataDir;
use onsite_live::plan::PlanRequest;
use onsite_voice::{Library, Speaker};
use serde::Serialize;

use crate::error::CommandError;

/// Where the voice is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VoiceState {
    /// No usable voice is installed: the room shows text only.
    Missing,
    Loading,
    Ready,
    /// The files are there but the voice could not be opened (`error` says why).
    Error,
}

/// What the room, the device check and Settings show about the voice.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct VoiceStatus {
    pub name: String,
    pub state: VoiceState,
    pub error: Option<CommandError>,
    /// How long opening took (checksums, runtime, model, one warm-up sentence), once ready.
    pub load_ms: Option<u32>,
}

/// One sentence of a line, as the shell hands it to the webview.
#[derive(Debug)]
pub struct SentenceWav {
    /// A 16-bit mono WAV file.
    pub wav: Vec<u8>,
    /// It had been prepared ahead (no synthesis on this request).
    pub prepared: bool,
    pub synthesis_ms: u32,
}

/// A line being prepared in the background.
#[derive(Debug)]
pub struct Prepared(mpsc::Receiver<()>);

impl Prepared {
    /// Waits until the line is prepared (or could not be: no voice, or it failed), at most
    /// `limit`. Returns whether it finished in time.
    pub fn wait(&self, limit: Duration) -> bool {
        let started = Instant::now();
        let ready = !matches!(
            self.0.recv_timeout(limit),
            Err(mpsc::RecvTimeoutError::Timeout)
        );
        tracing::info!(
            ready,
            waited_ms = started.elapsed().as_millis(),
            "waited for a line to be prepared"
        );
        ready
    }
}

#[derive(Debug, Default)]
enum Slot {
    #[default]
    Unloaded,
    Loading,
    Ready {
        /// The voice's library name.
        name: String,
        speaker: Arc<Mutex<Speaker>>,
        load_ms: u32,
    },
    Failed {
        name: String,
        error: CommandError,
    },
}

#[derive(Debug, Default)]
struct Inner {
    slot: Mutex<Slot>,
    changed: Condvar,
    /// The running session's question texts, in order, and the speed they are prepared at.
    plan: Mutex<(Vec<String>, f32)>,
    /// The session the device check planned ahead: its request, with the seed it was drawn
    /// with, for `session_start` to draw the same questions.
    ahead: Mutex<Option<PlanRequest>>,
    /// The voice chosen in Settings; `None`: [`onsite_voice::DEFAULT_VOICE`].
    chosen: Mutex<Option<String>>,
}

/// The shared voice. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct VoiceSlot {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Codes that mean "not installed" rather than "installed but broken".
fn is_missing(error: &CommandError) -> bool {
    matches!(error.code.as_str(), "voice_unknown" | "voice_not_found")
}

impl VoiceSlot {
    /// Uses `name` (a library name, `None`: the default voice) from now on. A different voice
    /// than the open one is opened on next use; the open one (and what it prepared) is dropped
    /// then. The caller checks that the name is an installed voice (`voice_choose`).
    pub fn choose(&self, name: Option<String>) {
        *lock(&self.inner.chosen) = name;
    }

    /// The name of the voice in use (chosen, or the default).
    pub fn chosen(&self) -> String {
        lock(&self.inner.chosen)
            .clone()
            .unwrap_or_else(|| onsite_voice::DEFAULT_VOICE.to_string())
    }

    /// The chosen voice, opening it if needed or waiting for an open under way. Blocks: call
    /// from a blocking thread.
    pub fn get(&self, data_dir: &DataDir) -> Result<Arc<Mutex<Speaker>>, CommandError> {
        let want = self.chosen();
        let mut slot = lock(&self.inner.slot);
        loop {
            match &*slot {
                Slot::Ready { speaker, name, .. } if *name == want => {
                    return Ok(Arc::clone(speaker))
                }
                Slot::Failed { name, error } if *name == want && is_missing(error) => {
                    return Err(error.clone())
                }
                Slot::Loading => {
                    slot = self
                        .inner
                        .changed
                        .wait_timeout(slot, Duration::from_millis(200))
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
                // Unloaded, another voice, or broken files that may have been installed again.
                _ => break,
            }
        }
        *slot = Slot::Loading;
        drop(slot);
        let opened = open(data_dir, &want);
        let mut slot = lock(&self.inner.slot);
        *slot = match &opened {
            Ok((speaker, load_ms)) => Slot::Ready {
                name: want,
                speaker: Arc::clone(speaker),
                load_ms: *load_ms,
            },
            Err(error) => Slot::Failed {
                name: want,
                error: error.clone(),
            },
        };
        drop(slot);
        self.inner.changed.notify_all();
        opened.map(|(speaker, _)| speaker)
    }

    /// Where the chosen voice is; starts opening it in the background the first time it is
    /// asked (or after another voice was chosen).
    pub fn status(&self, data_dir: &DataDir) -> VoiceStatus {
        let want = self.chosen();
        let status = |state, error, load_ms| VoiceStatus {
            name: want.clone(),
            state,
            error,
            load_ms,
        };
        match &*lock(&self.inner.slot) {
            Slot::Ready { load_ms, name, .. } if *name == want => {
                return status(VoiceState::Ready, None, Some(*load_ms))
            }
            Slot::Loading => return status(VoiceState::Loading, None, None),
            Slot::Failed { error, name } if *name == want => {
                let state = if is_missing(error) {
                    VoiceState::Missing
                } else {
                    VoiceState::Error
                };
                return status(state, Some(error.clone()), None);
            }
            _ => {}
        }
        match self.in_background(data_dir, |_| {}) {
            Ok(()) => status(VoiceState::Loading, None, None),
            Err(error) => status(VoiceState::Error, Some(error), None),
        }
    }

    /// The sentences a line is said in (the unit of [`Self::sentence`]).
    pub fn sentences(text: &str) -> Vec<String> {
        onsite_voice::text::sentences(text)
    }

    /// Sentence `index` of `text` as WAV bytes. Handing out the last sentence of a planned
    /// question prepares the first sentence of the next one in the background.
    pub fn sentence(
        &self,
        data_dir: &DataDir,
        text: &str,
        index: u32,
        speed: f32,
    ) -> Result<SentenceWav, CommandError> {
        let speaker = self.get(data_dir)?;
        let said = lock(&speaker).sentence(text, index as usize, speed)?;
        let wav = onsite_voice::wav_bytes(&said.audio)?;
        let last = Self::sentences(text).len().saturating_sub(1) == index as usize;
        if last {
            if let Some(next) = self.next_in_plan(text) {
                self.prepare_in_background(data_dir, next, speed);
            }
        }
        Ok(SentenceWav {
            wav,
            prepared: said.prepared,
            synthesis_ms: u32::try_from(said.synthesis.as_millis()).unwrap_or(u32::MAX),
        })
    }

    /// Prepares the first sentence of `text` on a thread of its own (the follow-up, once the
    /// feedback names it). Failures are logged: saying the line later reports them.
    pub fn prepare_in_background(&self, data_dir: &DataDir, text: String, speed: f32) -> Prepared {
        let (done, finished) = mpsc::channel();
        let spawned = self.in_background(data_dir, move |speaker| {
            let started = Instant::now();
            let mut speaker = lock(speaker);
            let locked_ms = started.elapsed().as_millis();
            match speaker.prepare(&text, speed) {
                Ok(work) => tracing::info!(
                    synthesised = work,
                    locked_ms,
                    ms = started.elapsed().as_millis(),
                    speed,
                    "voice line prepared"
                ),
                Err(e) => tracing::warn!(code = e.code(), "could not prepare a line: {e}"),
            }
            // Nobody may be waiting any more.
            let _ = done.send(());
        });
        if let Err(e) = spawned {
            tracing::warn!(code = %e.code, "{e}");
        }
        Prepared(finished)
    }

    /// Keeps the session's question texts (in order) and prepares question 1 while the
    /// session starts; the caller may wait for it ([`Prepared::wait`]).
    pub fn plan_session(
        &self,
        data_dir: &DataDir,
        questions: Vec<String>,
        speed: f32,
    ) -> Option<Prepared> {
        let first = questions.first().cloned();
        *lock(&self.inner.plan) = (questions, speed);
        first.map(|first| self.prepare_in_background(data_dir, first, speed))
    }

    /// The device check's session, planned before it starts: keeps `request` (with the seed its
    /// questions were drawn with) for [`Self::seed_planned_for`], and prepares question 1 as
    /// [`Self::plan_session`] does.
    pub fn plan_ahead(
        &self,
        data_dir: &DataDir,
        request: PlanRequest,
        questions: Vec<String>,
        speed: f32,
    ) -> Option<Prepared> {
        *lock(&self.inner.ahead) = Some(request);
        self.plan_session(data_dir, questions, speed)
    }

    /// The seed the device check drew `request`'s questions with, once: a later session from
    /// the same request draws anew. None when this request was not planned ahead.
    pub fn seed_planned_for(&self, request: &PlanRequest) -> Option<u64> {
        let mut ahead = lock(&self.inner.ahead);
        let planned = ahead.take()?;
        let same = PlanRequest {
            seed: planned.seed,
            ..request.clone()
        };
        (same == planned).then_some(planned.seed)
    }

    fn next_in_plan(&self, text: &str) -> Option<String> {
        let plan = lock(&self.inner.plan);
        let at = plan.0.iter().position(|q| q == text)?;
        plan.0.get(at + 1).cloned()
    }

    /// Opens the voice (if needed) and then runs `then` with it, on a thread of its own.
    fn in_background(
        &self,
        data_dir: &DataDir,
        then: impl FnOnce(&Mutex<Speaker>) + Send + 'static,
    ) -> Result<(), CommandError> {
        let (me, dir) = (self.clone(), data_dir.clone());
        std::thread::Builder::new()
            .name("onsite-voice".into())
            .spawn(move || {
                // A failure is kept in the slot; status and the next request report it.
                if let Ok(speaker) = me.get(&dir) {
                    then(&speaker);
                }
            })
            .map(|_| ())
            .map_err(|e| {
                CommandError::new(
                    "voice_thread",
                    format!("could not start the interviewer's voice: {e}; restart Onsite"),
                )
            })
    }
}

/// Opens the voice `name` and says one short sentence unheard: ONNX Runtime sizes its
/// buffers on the first inference, which should not land on the first question.
fn open(data_dir: &DataDir, name: &str) -> Result<(Arc<Mutex<Speaker>>, u32), CommandError> {
    open_in(&Library::standard(&data_dir.models_dir()), name)
}

fn open_in(library: &Library, name: &str) -> Result<(Arc<Mutex<Speaker>>, u32), CommandError> {
    let started = Instant::now();
    let opened = library.open(Some(name)).and_then(|mut voice| {
        voice.synthesize_sentence("Let us begin.", 1.0)?;
        Ok(voice)
    });
    match opened {
        Ok(voice) => {
            let ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
            tracing::info!(voice = voice.name(), ms, "interviewer's voice ready");
            Ok((Arc::new(Mutex::new(Speaker::new(voice))), ms))
        }
        Err(e) => {
            tracing::warn!(
                code = e.code(),
                "the interviewer's voice cannot be used: {e}"
            );
            Err(CommandError::new(
                e.code(),
                format!("{e}. Questions are shown as text only."),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_voice_the_status_is_missing_with_a_typed_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        // A voice folder with nothing in it (the standard search path would find the
        // checkout's voice).
        let voice = VoiceSlot::default();
        let none = Library::new(vec![dir.path().join("none")]);
        let err = match open_in(&none, onsite_voice::DEFAULT_VOICE) {
            Ok(_) => panic!("no voice there"),
            Err(e) => e,
        };
        assert_eq!(err.code, "voice_unknown");
        assert!(err.message.contains("text only"), "{}", err.message);
        *lock(&voice.inner.slot) = Slot::Failed {
            name: onsite_voice::DEFAULT_VOICE.into(),
            error: err,
        };
        let status = voice.status(&data);
        assert_eq!(status.state, VoiceState::Missing);
        assert!(voice.get(&data).is_err(), "a missing voice is not retried");
    }

    #[test]
    fn the_next_planned_question_is_prepared_after_the_last_sentence_of_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let voice = VoiceSlot::default();
        let questions = vec![
            "Tell me about a launch. What went wrong?".to_string(),
            "Design a cache for a news feed.".to_string(),
        ];
        let first = voice
            .plan_session(&data, questions.clone(), 1.0)
            .expect("a first question");
        // Question 1 is prepared in the background as the session starts; starting can wait.
        assert!(first.wait(Duration::from_secs(60)), "prepared in time");
        let speaker = voice.get(&data).expect("the checkout's voice (make setup)");
        assert!(lock(&speaker).is_prepared(&questions[0], 1.0));
        let first = voice.sentence(&data, &questions[0], 0, 1.0).expect("first");
        assert!(first.prepared);
        assert_eq!(&first.wav[..4], b"RIFF");
        assert!(!lock(&speaker).is_prepared(&questions[1], 1.0));
        let second = voice
            .sentence(&data, &questions[0], 1, 1.0)
            .expect("second");
        assert!(!second.prepared);
        wait_until(|| lock(&speaker).is_prepared(&questions[1], 1.0));
        assert_eq!(voice.status(&data).state, VoiceState::Ready);
    }

    #[test]
    fn a_session_planned_ahead_is_drawn_with_its_seed_once() {
        let voice = VoiceSlot::default();
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let request = PlanRequest {
            plan: "quick-15".into(),
            seed: 42,
            ..PlanRequest::default()
        };
        let asked = PlanRequest {
            seed: 7,
            ..request.clone()
        };
        // No questions: nothing to prepare, the request is still kept.
        assert!(voice
            .plan_ahead(&data, request.clone(), vec![], 1.0)
            .is_none());
        let other = PlanRequest {
            plan: "staff-loop".into(),
            ..asked.clone()
        };
        assert_eq!(voice.seed_planned_for(&other), None, "another session");
        voice.plan_ahead(&data, request, vec![], 1.0);
        assert_eq!(voice.seed_planned_for(&asked), Some(42));
        assert_eq!(voice.seed_planned_for(&asked), None, "used once");
    }

    #[test]
    fn a_chosen_voice_replaces_the_open_one_on_next_use() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::open(Some(dir.path())).expect("data dir");
        let voice = VoiceSlot::default();
        assert_eq!(voice.chosen(), onsite_voice::DEFAULT_VOICE);
        let piper = voice.get(&data).expect("the checkout's voice (make setup)");
        assert_eq!(lock(&piper).voice().kind(), onsite_voice::VoiceKind::Piper);
        lock(&piper)
            .prepare("Tell me about a launch.", 1.0)
            .expect("prepare");

        voice.choose(Some(onsite_voice::ESPEAK_VOICE.into()));
        // Not open yet: the status names the chosen voice and starts opening it.
        let status = voice.status(&data);
        assert_eq!(status.name, onsite_voice::ESPEAK_VOICE);
        assert_ne!(status.state, VoiceState::Ready);
        let espeak = voice.get(&data).expect("espeak-ng (Debian package)");
        assert_eq!(
            lock(&espeak).voice().kind(),
            onsite_voice::VoiceKind::Espeak
        );
        assert!(!lock(&espeak).is_prepared("Tell me about a launch.", 1.0));
        let said = voice
            .sentence(&data, "Tell me about a launch.", 0, 1.0)
            .expect("espeak says it");
        assert_eq!(&said.wav[..4], b"RIFF");
        wait_until(|| voice.status(&data).state == VoiceState::Ready);

        voice.choose(None);
        let back = voice.get(&data).expect("the default again");
        assert_eq!(lock(&back).voice().name(), onsite_voice::DEFAULT_VOICE);
    }

    fn wait_until(done: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done() {
            assert!(Instant::now() < deadline, "timed out");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
