import { AsyncView } from "../lib/AsyncView";
import { score } from "../lib/format";
import { useCommand } from "../lib/useCommand";
import type { Navigate } from "../nav";
import { glance, sessionsList, type SessionRow } from "./recent";
import { StreakGlance } from "../progress/StreakGlance";

const SHOWN = 4;

/** The newest sessions with their scores, and progress at a glance; each opens its replay. */
export function RecentSessions({ navigate }: { navigate: Navigate }) {
  const [rows, reload] = useCommand(sessionsList);
  return (
    <AsyncView
      state={rows}
      loading="Loading your sessions…"
      spinner
      failed="Your sessions could not be listed"
      onRetry={reload}
    >
      {(data) => <Recent rows={data} navigate={navigate} />}
    </AsyncView>
  );
}

function Recent({ rows, navigate }: { rows: SessionRow[]; navigate: Navigate }) {
  if (rows.length === 0) {
    return <p className="empty">None yet. Sessions you practise will be listed here.</p>;
  }
  const g = glance(rows);
  return (
    <>
      <ul className="recent-list">
        {rows.slice(0, SHOWN).map((row) => (
          <li key={row.id}>
            <button
              type="button"
              className="recent-row"
              onClick={() => navigate({ name: "replay", sessionId: row.id })}
            >
              <span className="recent-when">{shortDate(row.started_at_ms)}</span>
              <span className="recent-plan">{planLabel(row)}</span>
              <span className="recent-score" aria-label={scoreLabel(row)}>
                {row.overall === null ? "–" : score(row.overall)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <dl className="glance" data-testid="glance">
        <div>
          <dt>Sessions</dt>
          <dd>{g.sessions}</dd>
        </div>
        {g.latest !== null && (
          <div>
            <dt>Latest</dt>
            <dd>
              {score(g.latest)}
              {g.change !== null && (
                <span className="muted">
                  {" "}
                  ({g.change >= 0 ? "+" : "−"}
                  {Math.abs(g.change).toFixed(1)})
                </span>
              )}
            </dd>
          </div>
        )}
        <StreakGlance />
        {g.focus && (
          <div>
            <dt>Work on</dt>
            <dd>
              {g.focus.name} <span className="muted">({score(g.focus.score)})</span>
            </dd>
          </div>
        )}
      </dl>
    </>
  );
}

function planLabel(row: SessionRow): string {
  const q = `${row.questions} ${row.questions === 1 ? "question" : "questions"}`;
  return `${row.plan} · ${row.level} · ${q}`;
}

function scoreLabel(row: SessionRow): string {
  return row.overall === null ? "not scored" : `overall ${score(row.overall)} out of 5`;
}

function shortDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
