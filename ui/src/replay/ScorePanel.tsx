import type { TakeScore_Serialize as TakeScore } from "../bindings";
import { byCompetency, competencyName } from "../lib/competencies";
import { count, offset, score, scorePercent } from "../lib/format";

export interface ScorePanelProps {
  score: TakeScore | null;
  /** Seek the take's player to a moment (ms). */
  onEvidence: (ms: number) => void;
  headingId: string;
}

/**
 * What the rubric said about a take, from the stored result: overall and competency scores,
 * red flags with their quotes (each a link to the moment), delivery and talking points.
 */
export function ScorePanel({ score: s, onEvidence, headingId }: ScorePanelProps) {
  if (!s) {
    return (
      <section className="card score-panel" aria-labelledby={headingId}>
        <h2 id={headingId}>Feedback</h2>
        <p className="empty">This take was not scored.</p>
      </section>
    );
  }
  return (
    <section className="card score-panel" aria-labelledby={headingId} data-testid="replay-feedback">
      <header className="score-head">
        <h2 id={headingId}>Feedback</h2>
        <p className="overall" aria-label={`Overall ${score(s.overall)} out of 5`}>
          <span className="overall-value">{score(s.overall)}</span>
          <span className="overall-scale">/ 5</span>
        </p>
      </header>
      {s.summary && <p>{s.summary}</p>}
      <ul className="bars" aria-label="Competencies">
        {byCompetency(s.scores).map((c) => (
          <li key={c.id}>
            <span className="bar-label">{competencyName(c.id)}</span>
            <meter min={1} max={5} value={c.score} aria-label={competencyName(c.id)} />
            <span className="bar-value">{score(c.score)}</span>
            <span className="visually-hidden">{scorePercent(c.score)}%</span>
          </li>
        ))}
      </ul>
      {s.red_flags.length > 0 && (
        <>
          <h3>Red flags</h3>
          <ul className="flags">
            {s.red_flags.map((f, i) => (
              <li key={i}>
                <strong>{f.message}</strong>
                {f.quote !== null && (
                  <>
                    {" "}
                    {f.start_ms !== null && f.start_ms !== undefined ? (
                      <button
                        type="button"
                        className="evidence-link link"
                        onClick={() => onEvidence(f.start_ms ?? 0)}
                        aria-label={`Play from ${offset(f.start_ms)}: ${f.quote}`}
                      >
                        <q>{f.quote}</q> <span className="evidence-at">{offset(f.start_ms)}</span>
                      </button>
                    ) : (
                      <q>{f.quote}</q>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Delivery</h3>
      <dl className="facts">
        <dt>Words per minute</dt>
        <dd>{count(s.wpm)}</dd>
        <dt>Fillers per minute</dt>
        <dd>{count(s.fillers_per_min, 1)}</dd>
        <dt>Long pauses</dt>
        <dd>{s.long_pauses}</dd>
      </dl>
      {(s.covered.length > 0 || s.missed.length > 0) && (
        <>
          <h3>Talking points</h3>
          {s.covered.length > 0 && <p>Covered: {s.covered.join("; ")}</p>}
          {s.missed.length > 0 && <p>Missed: {s.missed.join("; ")}</p>}
        </>
      )}
    </section>
  );
}
