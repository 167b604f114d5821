import "./feedback.css";
import { score, scorePercent } from "../lib/format";
import type { TakeFeedback } from "../lib/live";
import { summarise } from "./summarise";

export interface SessionSummaryProps {
  sessionId: string;
  /** Every take scored in the session (retries included; the last take of a question counts). */
  feedback: TakeFeedback[];
  questionCount: number;
  onHome: () => void;
  onReplay?: () => void;
}

/** The end of a session: overall, competencies, strongest and weakest, each question's score. */
export function SessionSummary({ feedback, questionCount, onHome, onReplay }: SessionSummaryProps) {
  const totals = summarise(feedback);
  const weakestNext = totals.weakest
    ? totals.finals
        .flatMap((f) => f.next_steps)
        .filter((step, i, all) => all.indexOf(step) === i)
        .slice(0, 3)
    : [];
  return (
    <article className="summary" aria-labelledby="summary-title" data-testid="summary">
      <header className="summary-head">
        <div>
          <h1 id="summary-title">Session summary</h1>
          <p className="muted">
            {totals.finals.length} of {questionCount} questions answered and scored.
          </p>
        </div>
        {totals.overall !== null && (
          <div className="overall" aria-label={`Overall ${score(totals.overall)} out of 5`}>
            <span className="overall-value" data-testid="summary-overall">
              {score(totals.overall)}
            </span>
            <span className="overall-scale">/ 5</span>
          </div>
        )}
      </header>

      {totals.finals.length === 0 ? (
        <p>No answer was scored in this session, so there is nothing to sum up.</p>
      ) : (
        <div className="fb-grid">
          <section className="fb-section card" aria-labelledby="summary-comp">
            <h2 id="summary-comp">Competencies</h2>
            <ul className="competencies">
              {totals.competencies.map((c) => (
                <li key={c.id} className="competency">
                  <div className="competency-row">
                    <span className="competency-name" id={`sum-c-${c.id}`}>
                      {c.name}
                      {totals.strongest?.id === c.id && <span className="tag">Strongest</span>}
                      {totals.weakest?.id === c.id && <span className="tag warn">Work on this</span>}
                    </span>
                    <span className="competency-score">{score(c.score)}</span>
                  </div>
                  <div
                    className="bar"
                    role="meter"
                    aria-labelledby={`sum-c-${c.id}`}
                    aria-valuemin={1}
                    aria-valuemax={5}
                    aria-valuenow={Number(c.score.toFixed(1))}
                  >
                    <span style={{ width: `${scorePercent(c.score)}%` }} />
                  </div>
                </li>
              ))}
            </ul>
          </section>
          <div className="fb-column">
            <section className="fb-section card" aria-labelledby="summary-questions">
              <h2 id="summary-questions">Questions</h2>
              <ol className="summary-questions">
                {totals.finals.map((f) => (
                  <li key={f.take_id}>
                    <span className="summary-q">{f.question_text}</span>
                    <span className="competency-score">{score(f.overall)}</span>
                  </li>
                ))}
              </ol>
            </section>
            {weakestNext.length > 0 && (
              <section className="fb-section card" aria-labelledby="summary-next">
                <h2 id="summary-next">Practise next</h2>
                <ol className="next-steps">
                  {weakestNext.map((step) => (
                    <li key={step}>{step}</li>
                  ))}
                </ol>
              </section>
            )}
          </div>
        </div>
      )}

      <div className="controls">
        <button type="button" className="primary" onClick={onHome}>
          Back to home
        </button>
        {onReplay && (
          <button type="button" className="secondary" onClick={onReplay}>
            Replay this session
          </button>
        )}
      </div>
    </article>
  );
}
