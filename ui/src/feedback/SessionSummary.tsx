import "./feedback.css";
import { score } from "../lib/format";
import type { SummaryItem, SummaryView, TakeFeedback } from "../lib/live";
import { ScoreBar } from "./ScoreBar";
import { finalTakes } from "./finalTakes";

export interface SessionSummaryProps {
  /**
   * The session's totals as the engine defines them (`SessionScores` over the final takes).
   * Every summary-phase view carries one; without it the answers still show, without totals.
   */
  summary: SummaryView | null;
  /** Takes scored while the room was open, for the per-question list (retries included). */
  feedback: TakeFeedback[];
  questionCount: number;
  onHome: () => void;
  onReplay?: () => void;
}

/**
 * The end of a session: overall and per-competency scores, strongest and weakest, each
 * question's score, what to practise next and questions to try next.
 */
export function SessionSummary({
  summary,
  feedback,
  questionCount,
  onHome,
  onReplay,
}: SessionSummaryProps) {
  const finals = finalTakes(feedback);
  const overall = summary?.overall ?? null;
  const competencies = summary?.competencies ?? [];
  const answered = summary?.answered ?? finals.length;
  const sorted = competencies
    .filter((c): c is typeof c & { score: number } => c.score !== null)
    .sort((a, b) => b.score - a.score);
  const strongest = sorted[0];
  const weakest = sorted.length > 1 ? sorted[sorted.length - 1] : undefined;

  return (
    <article className="summary" aria-labelledby="summary-title" data-testid="summary">
      <header className="summary-head">
        <div>
          <h1 id="summary-title">Session summary</h1>
          <p className="muted">
            {answered} of {questionCount} {questionCount === 1 ? "question" : "questions"}{" "}
            answered and scored
            {summary && summary.skipped > 0 && `, ${summary.skipped} skipped`}
            {summary?.ended_early && ", ended early"}.
          </p>
        </div>
        {overall !== null && (
          <div className="overall" aria-label={`Overall ${score(overall)} out of 5`}>
            <span className="overall-value" data-testid="summary-overall">
              {score(overall)}
            </span>
            <span className="overall-scale">/ 5</span>
          </div>
        )}
      </header>

      {answered === 0 ? (
        <p>No answer was scored in this session, so there is nothing to sum up.</p>
      ) : (
        <div className="fb-grid">
          <section className="fb-section card" aria-labelledby="summary-comp">
            <h2 id="summary-comp">Competencies</h2>
            <ul className="competencies">
              {competencies.map((c) => (
                <li key={c.id} className="competency">
                  <div className="competency-row">
                    <span className="competency-name" id={`sum-c-${c.id}`}>
                      {c.name}
                      {strongest?.id === c.id && <span className="tag">Strongest</span>}
                      {weakest?.id === c.id && <span className="tag warn">Work on this</span>}
                    </span>
                    <span className="competency-score">{score(c.score)}</span>
                  </div>
                  <ScoreBar value={c.score} labelledBy={`sum-c-${c.id}`} />
                </li>
              ))}
            </ul>
          </section>
          <div className="fb-column">
            {finals.length > 0 && (
              <section className="fb-section card" aria-labelledby="summary-questions">
                <h2 id="summary-questions">Your answers</h2>
                <ol className="summary-questions">
                  {finals.map((f) => (
                    <li key={f.take_id ?? f.question_id}>
                      <span className="summary-q">{f.question_text}</span>
                      <span className="competency-score">{score(f.overall)}</span>
                    </li>
                  ))}
                </ol>
              </section>
            )}
            <Items id="summary-practise" title="Practise next" items={summary?.practise_next} />
            <Items id="summary-recommended" title="Try next" items={summary?.recommended_next} />
          </div>
        </div>
      )}

      <div className="controls">
        <button type="button" className="primary" onClick={onHome}>
          Back to home
        </button>
        {onReplay && answered > 0 && (
          <button type="button" className="secondary" onClick={onReplay}>
            Replay this session
          </button>
        )}
      </div>
    </article>
  );
}

function Items({ id, title, items }: { id: string; title: string; items?: SummaryItem[] }) {
  if (!items || items.length === 0) return null;
  return (
    <section className="fb-section card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul className="summary-items">
        {items.map((item) => (
          <li key={item.title}>
            <strong>{item.title}</strong>
            {item.detail && <span className="muted"> — {item.detail}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
