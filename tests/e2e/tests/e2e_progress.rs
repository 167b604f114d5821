//! Progress in the real app, from a real store: the streak in local days, a question answered
//! in two sessions compared side by side, and a story told twice grouped in the story bank.
//! The store is seeded before the app opens it, with the test kit's seeder (the real rubric
//! pack scores timed transcripts). Screenshots: tests/artifacts/progress-*.png.

#![allow(clippy::unwrap_used)] // a test harness: a failed unwrap is a failed test, with its message

use fantoccini::{Client, Locator};
use onsite_e2e::page::{click, console_errors, find, shot, texts, wait_text, watch_console, WAIT};
use onsite_e2e::{in_app, App, Opens, Shot};
use onsite_rubric::QuestionKind;

use onsite_testkit::seed::{Seeder, DAY_MS};
// Sample answers shared with the other progress and story tests.
use onsite_testkit::answers::{
    INFLUENCE_QUESTION as B, MIGRATION, PAYMENTS_A, PAYMENTS_B, SHORTENER_QUESTION as Q,
    STRONG_SHORTENER as STRONG, WEAK_SHORTENER as WEAK,
};

const B2: &str = "Tell me about a time you changed another team's plans.";

struct Seeded {
    weak_overall: f64,
    strong_overall: f64,
}

/// Yesterday and a few seconds ago: two local days in a row whatever the time zone.
fn seed(app: &App) -> Seeded {
    let now = onsite_store::now_ms();
    let mut s = Seeder::open(&app.data_dir);
    let one = s.session("staff-loop", now - DAY_MS);
    let weak = s.answer(
        &one,
        now - DAY_MS,
        "sd-shortener",
        Q,
        QuestionKind::SystemDesign,
        WEAK,
    );
    s.answer(
        &one,
        now - DAY_MS + 60_000,
        "ld-influence",
        B,
        QuestionKind::Behavioural,
        PAYMENTS_A,
    );
    s.finish(&one, now - DAY_MS + 120_000);
    let two = s.session("staff-loop", now - 5_000);
    let strong = s.answer(
        &two,
        now - 5_000,
        "sd-shortener",
        Q,
        QuestionKind::SystemDesign,
        STRONG,
    );
    s.answer(
        &two,
        now - 4_000,
        "ld-changed-plans",
        B2,
        QuestionKind::Behavioural,
        PAYMENTS_B,
    );
    s.answer(
        &two,
        now - 3_000,
        "ld-ownership",
        B,
        QuestionKind::Behavioural,
        MIGRATION,
    );
    s.finish(&two, now - 2_000);
    Seeded {
        weak_overall: weak.assessment.overall,
        strong_overall: strong.assessment.overall,
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and an X display: run `make test-e2e`"]
async fn progress_streak_takes_and_stories_from_the_store() {
    let app = App::new().unwrap();
    let seeded = seed(&app);
    let failure = Shot::OnFailure("progress-failure");
    in_app(&app, Opens::Home, failure, |client, _| {
        progress(client, seeded)
    })
    .await;
}

async fn progress(client: Client, seeded: Seeded) {
    let _ = client.set_window_size(1024, 640).await;
    watch_console(&client).await;
    // Home's glance counts the same streak.
    let glance = wait_text(&client, "[data-testid=glance-streak]", WAIT).await;
    assert!(glance.contains("2 days (longest 2)"), "{glance}");
    click(
        &client,
        Locator::XPath("//nav[@aria-label='Sections']//button[normalize-space()='Progress']"),
        WAIT,
    )
    .await;

    // The streak: yesterday and today, counted in the webview's local days.
    let streak = wait_text(&client, "[data-testid=streak]", WAIT).await;
    assert!(
        streak.contains("Practised 2 days in a row, longest 2 days."),
        "{streak}"
    );
    let charts = texts(&client, "[data-testid=trend-chart]").await;
    assert_eq!(charts.len(), 6, "one trend per competency");
    look(&client, "[data-testid=streak]", "progress-trends").await;

    // The question answered in both sessions, compared.
    click(
        &client,
        Locator::XPath("//button[@role='tab'][normalize-space()='Takes compared (1)']"),
        WAIT,
    )
    .await;
    let card = wait_text(&client, "[data-testid=comparison]", WAIT).await;
    let want = format!(
        "Overall {:.1} → {:.1}",
        seeded.weak_overall, seeded.strong_overall
    );
    assert!(card.contains(Q) && card.contains(&want), "{want} in {card}");
    assert!(
        card.contains("a web server") && card.contains("Redis cache serves reads"),
        "{card}"
    );
    assert!(card.contains("words a minute"), "{card}");
    // A link to the later take's replay (the takes are in two sessions).
    find(
        &client,
        Locator::XPath("//button[normalize-space()='Replay the later take']"),
        WAIT,
    )
    .await;
    look(&client, "[data-testid=comparison]", "progress-takes").await;

    // The payments story told in both sessions is one story; the migration is another.
    click(
        &client,
        Locator::XPath("//button[@role='tab'][normalize-space()='Story bank']"),
        WAIT,
    )
    .await;
    wait_text(&client, "[data-testid=story]", WAIT).await;
    let texts = texts(&client, "[data-testid=story]").await;
    assert_eq!(texts.len(), 2, "{texts:?}");
    let payments = texts
        .iter()
        .find(|t| t.contains("Told 2 times"))
        .expect("a retold story");
    assert!(payments.contains(B) && payments.contains(B2), "{payments}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Told once") && t.contains("Postgres")),
        "{texts:?}"
    );
    let prepare = wait_text(&client, "[data-testid=prepare]", WAIT).await;
    assert!(prepare.starts_with("No story yet for"), "{prepare}");
    look(&client, "[data-testid=story]", "progress-stories").await;

    let errors = console_errors(&client).await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// Scrolls `css` to just below the nav bar and saves a screenshot once the page has painted it (a shot taken
/// straight after a click can show the frame before).
async fn look(client: &Client, css: &str, name: &str) {
    client
        .execute_async(
            "const [css, done] = arguments;
             document.querySelector(css)?.scrollIntoView({ block: 'start' });
             window.scrollBy(0, -72); // below the sticky nav bar
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 250)));",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    shot(client, name).await;
}
