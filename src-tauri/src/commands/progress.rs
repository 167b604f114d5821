//! Progress and the story bank: thin commands over `onsite-report`, the same computation as
//! `onsite progress` and `onsite stories`, run on the store thread.

use onsite_report::{Progress, StoryBank};
use tauri::State;

use crate::error::CommandError;
use crate::state::StoreThread;

/// Per-competency trends, the practice streak in the user's local days and the last two takes
/// of each question compared. `utc_offset_minutes` is local time minus UTC (the UI passes
/// `-new Date().getTimezoneOffset()`; UTC-8 is -480).
#[tauri::command]
#[specta::specta]
pub async fn progress_data(
    store: State<'_, StoreThread>,
    utc_offset_minutes: i32,
) -> Result<Progress, CommandError> {
    store
        .run(move |s| progress(s, onsite_store::now_ms(), utc_offset_minutes))
        .await
}

/// The STAR stories told in behavioural answers, grouped when they tell the same story, with
/// the competencies each covers and those with no story yet.
#[tauri::command]
#[specta::specta]
pub async fn story_bank(store: State<'_, StoreThread>) -> Result<StoryBank, CommandError> {
    store.run(|s| stories(s)).await
}

pub(crate) fn progress(
    store: &onsite_store::Store,
    now_ms: i64,
    utc_offset_minutes: i32,
) -> Result<Progress, CommandError> {
    Ok(Progress::load(store, now_ms, utc_offset_minutes)?)
}

pub(crate) fn stories(store: &onsite_store::Store) -> Result<StoryBank, CommandError> {
    Ok(StoryBank::load(store)?)
}

#[cfg(test)]
mod tests {
    use onsite_rubric::QuestionKind;

    use super::*;

    // The shared seeder: a real store file, the real rubric pack, timed words.
    use onsite_testkit::seed::{Seeder, DAY_MS};
    // Sample answers shared with the other progress and story tests.
    use onsite_testkit::answers::{
        INFLUENCE_QUESTION as B, MIGRATION, PAYMENTS_A, PAYMENTS_B, SHORTENER_QUESTION as Q,
        STRONG_SHORTENER as STRONG, WEAK_SHORTENER as WEAK,
    };

    const HOUR: i64 = 3_600_000;
    /// 2026-11-26 00:00 in UTC-8 (08:00 UTC).
    const NOV26_PST: i64 = 20_783 * DAY_MS + 8 * HOUR;
    const PST: i32 = -8 * 60;

    /// Two evenings in California: 4 pm on the 26th and 3 pm on the 27th, which are 00:00 and
    /// 23:00 UTC of the same day, the 27th. The design question is answered in both, weak
    /// then strong; the payments story is told in both, the migration story once.
    fn seeded() -> (tempfile::TempDir, Seeder, [onsite_store::TakeId; 2]) {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = Seeder::open(tmp.path());
        let first_at = NOV26_PST + 16 * HOUR;
        let second_at = NOV26_PST + DAY_MS + 15 * HOUR;
        let one = s.session("staff-loop", first_at);
        let weak = s.answer(
            &one,
            first_at,
            "sd-shortener",
            Q,
            QuestionKind::SystemDesign,
            WEAK,
        );
        s.answer(
            &one,
            first_at + 60_000,
            "ld-influence",
            B,
            QuestionKind::Behavioural,
            PAYMENTS_A,
        );
        let two = s.session("staff-loop", second_at);
        let strong = s.answer(
            &two,
            second_at,
            "sd-shortener",
            Q,
            QuestionKind::SystemDesign,
            STRONG,
        );
        s.answer(
            &two,
            second_at + 60_000,
            "ld-influence-2",
            B,
            QuestionKind::Behavioural,
            PAYMENTS_B,
        );
        s.answer(
            &two,
            second_at + 120_000,
            "ld-ownership",
            B,
            QuestionKind::Behavioural,
            MIGRATION,
        );
        (tmp, s, [weak.take, strong.take])
    }

    #[test]
    fn progress_counts_the_users_local_days_and_compares_the_two_takes() {
        let (_tmp, s, [weak, strong]) = seeded();
        let evening = NOV26_PST + DAY_MS + 20 * HOUR;

        let p = progress(&s.store, evening, PST).unwrap();

        assert_eq!(p.sessions, 2);
        assert_eq!(p.utc_offset_minutes, PST);
        assert_eq!((p.streak.current_days, p.streak.longest_days), (2, 2));
        assert_eq!(p.streak.last_practice_day.as_deref(), Some("2026-11-27"));
        // Counted in UTC, the two evenings were one day.
        assert_eq!(
            progress(&s.store, evening, 0).unwrap().streak.practice_days,
            1
        );

        assert_eq!(p.trends.len(), 6);
        assert!(p.trends.iter().all(|t| t.points.len() == 2));
        let c = p
            .comparisons
            .iter()
            .find(|c| c.question_id == "sd-shortener")
            .expect("the question answered twice is compared");
        assert_eq!((c.before.take_id, c.after.take_id), (weak.0, strong.0));
        assert!(!c.same_session);
        assert!(c.after.transcript.contains("Redis cache"));
        assert!(c.overall_change.unwrap() > 0.0, "{c:?}");
        assert!(
            c.words_added.iter().any(|w| w == "redis"),
            "{:?}",
            c.words_added
        );
        assert!(c.after.wpm.is_some() && c.before.fillers_per_min.is_some());
        assert!(!c.gaps_closed.is_empty(), "{c:?}");
    }

    #[test]
    fn the_story_bank_groups_retellings_and_names_what_to_prepare() {
        let (_tmp, s, _) = seeded();

        let bank = stories(&s.store).unwrap();

        assert_eq!(bank.behavioural_answers, 3);
        let told_twice: Vec<_> = bank
            .stories
            .iter()
            .filter(|s| s.answers.len() == 2)
            .collect();
        assert_eq!(told_twice.len(), 1, "{:?}", bank.stories);
        let payments = told_twice[0];
        let questions: Vec<&str> = payments
            .answers
            .iter()
            .map(|a| a.question_id.as_str())
            .collect();
        assert_eq!(questions, ["ld-influence", "ld-influence-2"]);
        assert!(bank
            .stories
            .iter()
            .any(|s| s.answers.len() == 1 && s.answers[0].question_id == "ld-ownership"));
        // Every competency is either covered by a story or listed as one to prepare for.
        for c in onsite_report::COMPETENCIES {
            let covered = bank
                .stories
                .iter()
                .any(|s| s.covered.iter().any(|x| x == c));
            let missing = bank.competencies_without_story.iter().any(|x| x == c);
            assert!(covered != missing, "{c}");
        }
    }

    #[test]
    fn an_empty_store_has_no_progress_and_no_stories() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Seeder::open(tmp.path());
        let p = progress(&s.store, NOV26_PST, PST).unwrap();
        assert_eq!((p.sessions, p.streak.current_days), (0, 0));
        assert!(p.trends.is_empty() && p.comparisons.is_empty());
        let bank = stories(&s.store).unwrap();
        assert!(bank.stories.is_empty());
        assert_eq!(bank.competencies_without_story.len(), 6);
    }
}
