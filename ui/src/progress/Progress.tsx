import { commands } from "../bindings";
import { byCompetency, competencyName } from "../lib/competencies";
import { useCommand } from "../lib/useCommand";
import type { ScreenProps } from "../nav";
import { TrendChart } from "./TrendChart";
import "./progress.css";

const loadProgress = () => commands.progressData();

/** Per-competency trends over every session. */
export function Progress({ navigate }: ScreenProps) {
  const [progress] = useCommand(loadProgress);
  return (
    <main className="page wide progress-screen" aria-labelledby="progress-title">
      <header className="screen-head">
        <h1 id="progress-title">Progress</h1>
        <p className="muted">Each competency's session score (1–5), oldest to newest.</p>
      </header>
      {progress.status === "loading" && (
        <p role="status" className="muted">
          Loading your progress…
        </p>
      )}
      {progress.status === "error" && (
        <p role="alert" className="error" data-code={progress.error.code}>
          {progress.error.message}
        </p>
      )}
      {progress.status === "ok" &&
        (progress.data.competencies.length === 0 ? (
          <section className="card">
            <p className="empty">
              No scored answers yet. Practise a session and your trends appear here.
            </p>
            <button type="button" className="primary" onClick={() => navigate({ name: "home" })}>
              Start practising
            </button>
          </section>
        ) : (
          <>
            <p className="muted">
              {progress.data.sessions} session{progress.data.sessions === 1 ? "" : "s"} so far.
            </p>
            <div className="trend-grid">
              {byCompetency(progress.data.competencies).map((c) => (
                <TrendChart key={c.id} title={competencyName(c.id)} points={c.points} />
              ))}
            </div>
          </>
        ))}
    </main>
  );
}
