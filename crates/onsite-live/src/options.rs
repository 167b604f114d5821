//! Everything a live session is started with.

use std::sync::Arc;
use std::time::Duration;

use onsite_capture::camera::CameraChoice;
use onsite_capture::mic::MicChoice;
use onsite_capture::preview::PreviewTap;
use onsite_capture::video::h264::VideoSettings;
use onsite_datadir::DataDir;
use onsite_rubric::RubricPack;
use onsite_speech::vocab::{interview_prompt, AnswerContext, Lexicon};
use onsite_speech::{Model, StreamConfig};

use crate::plan::LivePlan;

/// How often the coordinator ticks the state machine's timers.
pub const TICK: Duration = Duration::from_millis(50);

/// A live session's inputs. The model is loaded by the caller (the app shares one), so a
/// missing or broken model is an error before the session exists.
#[derive(Debug)]
pub struct LiveOptions {
    pub data_dir: DataDir,
    pub plan: LivePlan,
    pub model: Arc<Model>,
    pub pack: Arc<RubricPack>,
    pub camera: CameraChoice,
    pub mic: MicChoice,
    pub video: VideoSettings,
    /// Receives the camera's frames while a take records, for the room's live preview.
    pub preview: Option<PreviewTap>,
    /// Live captions while answering (off by default: dense live feedback hurts; teach after).
    pub captions: bool,
    pub speech: StreamConfig,
    /// The technical lexicon each answer's Whisper prompt is built from, with the question
    /// and the profile's terms (`None`: `speech`'s own prompt for every answer).
    pub lexicon: Option<Arc<Lexicon>>,
    pub tick: Duration,
    /// Hands-free turns: the answer starts when the candidate speaks (after
    /// [`crate::SessionAction::Listen`]) and ends after a long silence (see [`crate::turn`]).
    /// `None`: only the keys start and stop answers.
    pub hands_free: Option<crate::turn::TurnConfig>,
}

impl LiveOptions {
    /// Defaults for a real session: live speech settings, 1280×720 video, captions off.
    pub fn new(
        data_dir: DataDir,
        plan: LivePlan,
        model: Arc<Model>,
        pack: Arc<RubricPack>,
    ) -> LiveOptions {
        LiveOptions {
            data_dir,
            plan,
            model,
            pack,
            camera: CameraChoice::None,
            mic: MicChoice::Default,
            video: VideoSettings::hd(),
            preview: None,
            captions: false,
            speech: StreamConfig::live(),
            lexicon: builtin_lexicon(),
            tick: TICK,
            hands_free: None,
        }
    }
}

/// Onsite's own lexicon. It is compiled in and a test parses it, so failing here means a
/// broken build; the session then still runs, with the filler prompt only.
pub fn builtin_lexicon() -> Option<Arc<Lexicon>> {
    Lexicon::builtin()
        .map_err(|e| tracing::warn!(error = %e, "the built-in lexicon does not parse"))
        .ok()
        .map(Arc::new)
}

/// The résumé and job description terms a plan was tailored to, strongest first.
pub fn profile_terms(plan: &LivePlan) -> Vec<String> {
    plan.profile.terms.iter().map(|t| t.name.clone()).collect()
}

/// `base` with the Whisper prompt made for one answer: the technical terms its question,
/// talking points and the profile point to, before the filler prompt (see
/// `onsite_speech::vocab`). Unchanged without a lexicon.
pub fn speech_for_answer(
    base: &StreamConfig,
    lexicon: Option<&Lexicon>,
    question: &onsite_rubric::Question,
    profile_terms: &[String],
) -> StreamConfig {
    let mut cfg = base.clone();
    if let Some(lexicon) = lexicon {
        let answer = AnswerContext {
            question: question.text.clone(),
            talking_points: question.talking_points.clone(),
            profile_terms: profile_terms.to_vec(),
        };
        let prompt = interview_prompt(lexicon, &answer);
        tracing::debug!(%prompt, "the answer's whisper prompt");
        cfg.decode.initial_prompt = Some(prompt);
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;
    use onsite_rubric::{Question, QuestionKind};
    use onsite_speech::whisper::FILLER_PROMPT;

    #[test]
    fn each_answer_gets_its_questions_terms_and_the_profiles_before_the_fillers() {
        let lexicon = Lexicon::builtin().unwrap();
        let mut question = Question::new(QuestionKind::SystemDesign);
        question.text = "Design a rate limiter for a public API.".into();
        question.talking_points = vec!["Where the limits are enforced".into()];
        let base = StreamConfig::batch();
        let cfg = speech_for_answer(&base, Some(&lexicon), &question, &["Envoy".into()]);
        let prompt = cfg.decode.initial_prompt.clone().unwrap();
        assert!(prompt.ends_with(FILLER_PROMPT), "{prompt}");
        assert!(
            prompt.contains("rate limiter") && prompt.contains("Envoy"),
            "{prompt}"
        );
        // Only the prompt changes; the talking points' sentences never go in.
        assert!(!prompt.contains("enforced"), "{prompt}");
        let mut same = cfg.clone();
        same.decode.initial_prompt = base.decode.initial_prompt.clone();
        assert_eq!(same, base);
        // Without a lexicon the base prompt (fillers only) stays.
        assert_eq!(speech_for_answer(&base, None, &question, &[]), base);
    }
}
