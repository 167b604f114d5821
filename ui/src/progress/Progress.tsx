import { useRef, useState, type KeyboardEvent } from "react";
import { AsyncView } from "../lib/AsyncView";
import { byCompetency, competencyName } from "../lib/competencies";
import { useCommand } from "../lib/useCommand";
import type { ScreenProps } from "../nav";
import { loadProgress, loadStoryBank, type Progress as ProgressData } from "./data";
import { StoryBank } from "./StoryBank";
import { StreakSummary } from "./StreakSummary";
import { TakeComparisons } from "./TakeComparisons";
import { TrendChart, type ChartPoint } from "./TrendChart";
import "./progress.css";

const TABS = [
  { id: "trends", label: "Trends" },
  { id: "takes", label: "Takes compared" },
  { id: "stories", label: "Story bank" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/**
 * Progress over time: the practice streak, per-competency trends, two takes of the same
 * question compared, and the story bank. Every number comes from `onsite-report`, the same as
 * `onsite progress` and `onsite stories` print.
 */
export function Progress({ navigate }: ScreenProps) {
  const [progress, reload] = useCommand(loadProgress);
  const [tab, setTab] = useState<Tab>("trends");
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes into the panel.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    const to = e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : index + step;
    if (to === index && step === 0 && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const next = (to + TABS.length) % TABS.length;
    setTab(TABS[next]!.id);
    tabRefs.current[next]?.focus();
  };

  return (
    <main className="page wide progress-screen" aria-labelledby="progress-title">
      <header className="screen-head">
        <h1 id="progress-title">Progress</h1>
        <p className="muted">Your streak, each competency's trend, retaken questions and your stories.</p>
      </header>
      <AsyncView
        state={progress}
        loading="Loading your progress…"
        failed="Your progress could not be read"
        onRetry={reload}
      >
        {(data) => (
          <>
            {data.sessions > 0 && <StreakSummary streak={data.streak} />}
            <div className="tabs" role="tablist" aria-label="Progress views">
              {TABS.map((t, i) => (
                <button
                  key={t.id}
                  ref={(el) => {
                    tabRefs.current[i] = el;
                  }}
                  type="button"
                  role="tab"
                  id={`tab-${t.id}`}
                  aria-controls={`panel-${t.id}`}
                  aria-selected={tab === t.id}
                  tabIndex={tab === t.id ? 0 : -1}
                  className={tab === t.id ? "tab selected" : "tab"}
                  onClick={() => setTab(t.id)}
                  onKeyDown={(e) => onTabKey(e, i)}
                >
                  {t.label}
                  {t.id === "takes" && data.comparisons.length > 0
                    ? ` (${data.comparisons.length})`
                    : ""}
                </button>
              ))}
            </div>
            <section
              role="tabpanel"
              id={`panel-${tab}`}
              aria-labelledby={`tab-${tab}`}
              className="tab-panel"
              tabIndex={0}
            >
              {tab === "trends" && <Trends data={data} navigate={navigate} />}
              {tab === "takes" && <TakeComparisons comparisons={data.comparisons} navigate={navigate} />}
              {tab === "stories" && <Stories navigate={navigate} />}
            </section>
          </>
        )}
      </AsyncView>
    </main>
  );
}

function Trends({ data, navigate }: { data: ProgressData } & ScreenProps) {
  if (data.trends.length === 0) {
    return (
      <section className="card">
        <p className="empty">No scored answers yet. Practise a session and your trends appear here.</p>
        <button type="button" className="primary" onClick={() => navigate({ name: "home" })}>
          Start practising
        </button>
      </section>
    );
  }
  const trends = byCompetency(data.trends.map((t) => ({ ...t, id: t.competency })));
  return (
    <>
      <p className="muted">
        {data.sessions} session{data.sessions === 1 ? "" : "s"} so far. Each competency's session
        score (1–5), oldest to newest.
      </p>
      <div className="trend-grid">
        {trends.map((t) => (
          <TrendChart
            key={t.id}
            title={t.label || competencyName(t.id)}
            points={chartPoints(t.points)}
            rubricChanges={t.rubric_changes}
          />
        ))}
      </div>
    </>
  );
}

function chartPoints(points: ProgressData["trends"][number]["points"]): ChartPoint[] {
  return points.flatMap((p) =>
    p.score === null || p.started_at_ms === null
      ? []
      : [{ session_id: p.session_id, started_at_ms: p.started_at_ms, score: p.score }],
  );
}

function Stories({ navigate }: ScreenProps) {
  const [bank, reload] = useCommand(loadStoryBank);
  return (
    <AsyncView
      state={bank}
      loading="Reading your behavioural answers for stories…"
      failed="Your story bank could not be built"
      onRetry={reload}
    >
      {(data) => <StoryBank bank={data} navigate={navigate} />}
    </AsyncView>
  );
}
