import { byCompetency, competencyName } from "../lib/competencies";
import { dateTime } from "../lib/dates";
import { count, score } from "../lib/format";
import type { Navigate } from "../nav";
import type { TakeComparison } from "./data";

/** `+0.4` / `−0.3` / `±0.0`, with a real minus sign. */
export function signed(delta: number): string {
  if (Math.abs(delta) < 0.05) return "±0.0";
  return `${delta > 0 ? "+" : "−"}${Math.abs(delta).toFixed(1)}`;
}

/** Questions answered more than once: the last two takes side by side and what changed. */
export function TakeComparisons({
  comparisons,
  navigate,
}: {
  comparisons: TakeComparison[];
  navigate: Navigate;
}) {
  if (comparisons.length === 0) {
    return (
      <p className="empty">
        Answer a question a second time (retry it in a session, or meet it again in a later one)
        and the two takes are compared here: scores side by side, what you added, which red flags
        went away.
      </p>
    );
  }
  return (
    <div className="comparisons">
      {comparisons.map((c) => (
        <ComparisonCard key={`${c.before.take_id}-${c.after.take_id}`} c={c} navigate={navigate} />
      ))}
    </div>
  );
}

function ComparisonCard({ c, navigate }: { c: TakeComparison; navigate: Navigate }) {
  const id = `cmp-${c.before.take_id}-${c.after.take_id}`;
  const rows = byCompetency(
    Object.entries(c.after.scores).map(([cid, after]) => ({
      id: cid,
      before: c.before.scores[cid],
      after,
    })),
  );
  return (
    <article className="card comparison" aria-labelledby={id} data-testid="comparison">
      <h3 id={id}>{c.question_text}</h3>
      <p className="comparison-overall">
        Overall <strong>{score(c.before.overall)}</strong> → <strong>{score(c.after.overall)}</strong>
        {c.overall_change !== null && (
          <span className={c.overall_change >= 0 ? "delta-up" : "delta-down"}>
            {" "}
            ({signed(c.overall_change)})
          </span>
        )}
      </p>
      <table className="comparison-scores">
        <caption className="visually-hidden">Competency scores, earlier and later take</caption>
        <thead>
          <tr>
            <th scope="col">Competency</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{competencyName(r.id)}</th>
              <td>{score(r.before)}</td>
              <td>{score(r.after)}</td>
              <td>{delta(c.score_changes[r.id])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="changes">
        <Change label="Red flags gone" items={c.red_flags_gone} />
        <Change label="New red flags" items={c.red_flags_new} />
        <Change label="Talking points newly covered" items={c.talking_points_new} />
        <Change label="Talking points no longer covered" items={c.talking_points_dropped} />
        <Change label="Gaps closed" items={c.gaps_closed} />
        <Change label="New gaps" items={c.gaps_new} />
        <li>
          <span className="change-label">Delivery</span>{" "}
          {count(c.before.wpm)} → {count(c.after.wpm)} words a minute; fillers{" "}
          {count(c.before.fillers_per_min, 1)} → {count(c.after.fillers_per_min, 1)} a minute
        </li>
        <Change label="Words you added" items={c.words_added} />
      </ul>
      <div className="comparison-transcripts">
        <TakeText label="Earlier take" side={c.before} />
        <TakeText label="Later take" side={c.after} />
      </div>
      <div className="actions">
        {c.same_session ? (
          <button
            type="button"
            className="secondary small"
            onClick={() =>
              navigate({
                name: "replay",
                sessionId: c.after.session_id,
                takeId: c.after.take_id,
                compareTakeId: c.before.take_id,
              })
            }
          >
            Play both takes side by side
          </button>
        ) : (
          <>
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                navigate({ name: "replay", sessionId: c.before.session_id, takeId: c.before.take_id })
              }
            >
              Replay the earlier take
            </button>
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                navigate({ name: "replay", sessionId: c.after.session_id, takeId: c.after.take_id })
              }
            >
              Replay the later take
            </button>
          </>
        )}
      </div>
    </article>
  );
}

function delta(d: number | null | undefined): string {
  return d === null || d === undefined ? "–" : signed(d);
}

function Change({ label, items }: { label: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <li>
      <span className="change-label">{label}</span> {items.join("; ")}
    </li>
  );
}

function TakeText({ label, side }: { label: string; side: TakeComparison["before"] }) {
  return (
    <figure className="take-text">
      <figcaption>
        {label} · {dateTime(side.started_at_ms)} · attempt {side.attempt}
      </figcaption>
      <blockquote>{side.transcript || "No words were transcribed."}</blockquote>
    </figure>
  );
}
