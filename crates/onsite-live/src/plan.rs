//! What a session asks: the plans on offer, and a request (plan, level, tracks, résumé and job
//! text) resolved into the tailored questions and the state machine's configuration.

use std::path::Path;

use onsite_interview::document::{self, MAX_FILE_BYTES};
use onsite_interview::flow::SessionConfig;
use onsite_interview::{
    pick, Bank, Level, Plan, PlanId, PlanOptions, Profile, Selection, Taxonomy, Track,
};
use serde::{Deserialize, Serialize};

use crate::error::{LiveError, Result};

/// A plan as the home screen offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InterviewPlan {
    pub id: String,
    pub name: String,
    /// Rough length of the whole session.
    pub minutes: u32,
    pub questions: u32,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InterviewTrack {
    pub id: String,
    pub name: String,
}

/// The choices for starting a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InterviewOptions {
    pub plans: Vec<InterviewPlan>,
    pub tracks: Vec<InterviewTrack>,
    pub levels: Vec<String>,
}

/// The plans, tracks and levels on offer.
pub fn interview_options() -> InterviewOptions {
    InterviewOptions {
        plans: PlanId::ALL.into_iter().map(plan_info).collect(),
        tracks: Track::ALL
            .iter()
            .map(|t| InterviewTrack {
                id: t.as_str().to_owned(),
                name: capitalise(t.label()),
            })
            .collect(),
        levels: vec!["senior".into(), "staff".into()],
    }
}

fn plan_info(id: PlanId) -> InterviewPlan {
    let plan = Plan::builtin(id);
    let name = match id {
        PlanId::Quick15 => "Quick practice",
        PlanId::SystemDesign45 => "System design round",
        PlanId::Behavioural30 => "Behavioural round",
        PlanId::StaffLoop => "Staff loop",
    };
    let minutes = match id {
        PlanId::Quick15 => 15,
        PlanId::SystemDesign45 => 45,
        PlanId::Behavioural30 => 30,
        PlanId::StaffLoop => 60,
    };
    InterviewPlan {
        id: id.as_str().to_owned(),
        name: name.to_owned(),
        minutes,
        questions: u32::try_from(plan.slots.len()).unwrap_or(u32::MAX),
        description: plan.description.to_owned(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What to ask, as the home screen (or a script) chooses it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanRequest {
    pub plan: String,
    pub level: Option<String>,
    /// Only these tracks (ids); empty = the plan's own mix.
    pub tracks: Vec<String>,
    pub resume_text: Option<String>,
    pub job_text: Option<String>,
    pub questions: Option<usize>,
    pub prep_s: Option<u32>,
    pub answer_s: Option<u32>,
    pub follow_ups: Option<bool>,
    pub seed: u64,
}

/// A resolved session: the picked questions, the profile they were tailored to, the bank (for
/// the summary's recommendations) and the state machine's configuration.
#[derive(Debug, Clone)]
pub struct LivePlan {
    pub selection: Selection,
    pub profile: Profile,
    pub bank: Bank,
    pub config: SessionConfig,
}

impl LivePlan {
    pub fn new(selection: Selection, profile: Profile, bank: Bank) -> LivePlan {
        let config = SessionConfig::from_selection(&selection);
        LivePlan {
            selection,
            profile,
            bank,
            config,
        }
    }

    /// Sets every answer limit (questions and follow-ups), below the plans' 30 s minimum if
    /// asked: scripted sessions and tests record a few seconds per answer.
    pub fn set_answer_limit_ms(&mut self, ms: u64) {
        for q in &mut self.config.questions {
            q.answer_ms = ms;
        }
        self.config.follow_up_answer_ms = ms;
    }

    pub fn set_prep_limit_ms(&mut self, ms: u64) {
        for q in &mut self.config.questions {
            q.prep_ms = ms;
        }
    }
}

/// Resolves a request against the bank in `questions_dir` (the user's own questions).
pub fn resolve(request: &PlanRequest, questions_dir: Option<&Path>) -> Result<LivePlan> {
    let id = PlanId::parse(&request.plan)?;
    let level = request
        .level
        .as_deref()
        .map(|l| Level::parse(l).ok_or_else(|| LiveError::UnknownLevel(l.to_owned())))
        .transpose()?;
    let mut plan = Plan::with_options(
        id,
        PlanOptions {
            questions: request.questions,
            prep_s: request.prep_s,
            answer_s: request.answer_s,
            follow_ups: request.follow_ups,
            level,
        },
    )?;
    restrict_tracks(&mut plan, &request.tracks)?;
    let tax = Taxonomy::builtin()?;
    let profile = Profile::build(
        &tax,
        request.resume_text.as_deref(),
        request.job_text.as_deref(),
    );
    let bank = Bank::load(questions_dir)?;
    let selection = pick(&bank, &plan, &profile, request.seed)?;
    Ok(LivePlan::new(selection, profile, bank))
}

/// Keeps only the chosen tracks in each slot; slots left without a track are dropped.
fn restrict_tracks(plan: &mut Plan, tracks: &[String]) -> Result<()> {
    if tracks.is_empty() {
        return Ok(());
    }
    let wanted: Vec<Track> = tracks
        .iter()
        .map(|t| {
            Track::parse(t).ok_or_else(|| {
                let all: Vec<&str> = Track::ALL.iter().map(|t| t.as_str()).collect();
                LiveError::UnknownTrack(t.clone(), all.join(", "))
            })
        })
        .collect::<Result<_>>()?;
    let available: Vec<Track> = plan
        .slots
        .iter()
        .flat_map(|s| s.tracks.iter().copied())
        .fold(Vec::new(), |mut acc, t| {
            if !acc.contains(&t) {
                acc.push(t);
            }
            acc
        });
    for slot in &mut plan.slots {
        slot.tracks.retain(|t| wanted.contains(t));
    }
    plan.slots.retain(|s| !s.tracks.is_empty());
    if plan.slots.is_empty() {
        return Err(LiveError::NoTrackFits {
            plan: plan.id.to_string(),
            available: available
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(())
}

/// The text of an uploaded résumé or job description (`.txt`, `.md`, `.pdf`, `.docx`).
///
/// The bytes go through the same parser as a file on disk: they are written to a private
/// temporary file named like the upload, so the extension picks the parser.
pub fn document_text(file_name: &str, bytes: &[u8]) -> Result<String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LiveError::DocumentTooLarge {
            name: file_name.to_owned(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    // Only the final component, so a name like "../../x.pdf" cannot point anywhere else.
    let name = Path::new(file_name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "document".to_owned());
    let dir = tempfile::tempdir().map_err(|source| {
        LiveError::Document(document::DocumentError::Io {
            path: std::env::temp_dir(),
            source,
        })
    })?;
    let path = dir.path().join(&name);
    std::fs::write(&path, bytes).map_err(|source| {
        LiveError::Document(document::DocumentError::Io {
            path: path.clone(),
            source,
        })
    })?;
    document::read_text(&path).map_err(|e| {
        // Name the upload, not the temporary path, in what the user reads.
        let shown = Path::new(&name).to_path_buf();
        LiveError::Document(match e {
            document::DocumentError::Io { source, .. } => document::DocumentError::Io {
                path: shown,
                source,
            },
            document::DocumentError::TooLarge { size, .. } => {
                document::DocumentError::TooLarge { path: shown, size }
            }
            document::DocumentError::UnsupportedFormat { .. } => {
                document::DocumentError::UnsupportedFormat { path: shown }
            }
            document::DocumentError::Pdf { reason, .. } => document::DocumentError::Pdf {
                path: shown,
                reason,
            },
            document::DocumentError::Docx { reason, .. } => document::DocumentError::Docx {
                path: shown,
                reason,
            },
            document::DocumentError::Empty { .. } => document::DocumentError::Empty { path: shown },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(plan: &str) -> PlanRequest {
        PlanRequest {
            plan: plan.into(),
            ..Default::default()
        }
    }

    #[test]
    fn options_list_every_plan_track_and_level() {
        let o = interview_options();
        let ids: Vec<&str> = o.plans.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "quick-15",
                "system-design-45",
                "behavioural-30",
                "staff-loop"
            ]
        );
        assert!(o
            .plans
            .iter()
            .all(|p| p.questions > 0 && !p.description.is_empty()));
        assert_eq!(o.tracks.len(), Track::ALL.len());
        assert_eq!(o.levels, ["senior", "staff"]);
    }

    #[test]
    fn chosen_tracks_restrict_the_questions() {
        let mut r = request("quick-15");
        r.tracks = vec!["system-design".into()];
        let plan = resolve(&r, None).expect("plan");
        assert!(!plan.selection.questions.is_empty());
        assert!(plan
            .selection
            .questions
            .iter()
            .all(|q| q.question.track == Track::SystemDesign));
    }

    #[test]
    fn a_track_the_plan_never_asks_or_an_unknown_one_is_a_clear_error() {
        let mut r = request("system-design-45");
        r.tracks = vec!["leadership".into()];
        let err = resolve(&r, None).expect_err("no slot fits");
        assert_eq!(err.code(), "live_no_track_fits");
        r.tracks = vec!["juggling".into()];
        assert_eq!(
            resolve(&r, None).expect_err("unknown").code(),
            "live_unknown_track"
        );
        let mut r = request("quick-15");
        r.level = Some("principal".into());
        assert_eq!(
            resolve(&r, None).expect_err("level").code(),
            "live_unknown_level"
        );
    }

    #[test]
    fn answer_limits_can_go_below_the_plans_minimum_for_scripted_sessions() {
        let mut plan = resolve(&request("quick-15"), None).expect("plan");
        plan.set_answer_limit_ms(3_000);
        plan.set_prep_limit_ms(0);
        assert!(plan
            .config
            .questions
            .iter()
            .all(|q| q.answer_ms == 3_000 && q.prep_ms == 0));
        assert_eq!(plan.config.follow_up_answer_ms, 3_000);
    }

    #[test]
    fn document_text_reads_an_upload_by_its_name() {
        let text = document_text("resume.md", b"# Jane\nLed the Kafka migration.").expect("md");
        assert!(text.contains("Kafka"));
        let err = document_text("../../etc/resume.exe", b"MZ").expect_err("unsupported");
        assert_eq!(err.code(), "document_unsupported_format");
        assert!(err.to_string().contains("resume.exe"), "{err}");
        assert!(
            !err.to_string().contains("/tmp"),
            "names the upload, not a temp path: {err}"
        );
        let err = document_text("empty.txt", b"   ").expect_err("empty");
        assert_eq!(err.code(), "document_empty");
    }
}
