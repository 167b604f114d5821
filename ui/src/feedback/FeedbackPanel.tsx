import "./feedback.css";
import { count, score } from "../lib/format";
import type { DeliveryFeedback, TakeFeedback } from "../lib/live";
import { Evidence } from "./Evidence";
import { ScoreBar } from "./ScoreBar";
import { DrawingFeedback } from "../whiteboard/DrawingFeedback";

export interface FeedbackPanelProps {
  feedback: TakeFeedback;
  /** Called with a moment of the answer (ms) when evidence is chosen; makes quotes clickable. */
  onEvidence?: (ms: number) => void;
  /** Called with a drawn element's id when the drawing's feedback quotes it and it is chosen
   * (Replay highlights it on the board); makes the quoted elements clickable. */
  onElement?: (elementId: string) => void;
  /** Heading level of the panel's title; its sections use the next level. Default 2. */
  headingLevel?: 2 | 3;
  /** Show what was said (the live room does; the replay studio has its own transcript). */
  showTranscript?: boolean;
}

/**
 * Feedback on one take: the overall score and the six competencies with their evidence,
 * framework/STAR coverage, red flags with the quoted words, delivery, talking points, three
 * next steps and the follow-up. Used by the interview room and the replay studio.
 */
export function FeedbackPanel({
  feedback,
  onEvidence,
  onElement,
  headingLevel = 2,
  showTranscript = true,
}: FeedbackPanelProps) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const S = `h${headingLevel + 1}` as "h3" | "h4";
  const idBase = `fb-${feedback.take_id}`;
  return (
    <article className="feedback" aria-labelledby={`${idBase}-title`} data-testid="feedback">
      <header className="feedback-head">
        <div>
          <H id={`${idBase}-title`}>Feedback</H>
          <p className="feedback-question">{feedback.question_text}</p>
          {feedback.summary && <p className="feedback-verdict">{feedback.summary}</p>}
        </div>
        <div className="overall" aria-label={`Overall ${score(feedback.overall)} out of 5`}>
          <span className="overall-value" data-testid="overall-score">
            {score(feedback.overall)}
          </span>
          <span className="overall-scale">/ 5</span>
        </div>
      </header>

      {showTranscript && (
        <section className="fb-section" aria-labelledby={`${idBase}-said`}>
          <S id={`${idBase}-said`}>What you said</S>
          {!feedback.no_speech && feedback.transcript.text.trim() ? (
            <p className="transcript" data-testid="transcript">
              {feedback.transcript.text.trim()}
            </p>
          ) : (
            <p className="muted" data-testid="transcript">
              No speech was heard in this take. Check the microphone level before the next one.
            </p>
          )}
        </section>
      )}

      {feedback.drawing && (
        <DrawingFeedback
          drawing={feedback.drawing}
          heading={S}
          headingId={`${idBase}-drawing`}
          onElement={onElement}
        />
      )}

      <div className="fb-grid">
        <section className="fb-section" aria-labelledby={`${idBase}-comp`}>
          <S id={`${idBase}-comp`}>Competencies</S>
          <ul className="competencies">
            {feedback.competencies.map((c) => (
              <li key={c.id} className="competency">
                <div className="competency-row">
                  <span className="competency-name" id={`${idBase}-c-${c.id}`}>
                    {c.name}
                  </span>
                  <span className="competency-score">{score(c.score)}</span>
                </div>
                <ScoreBar value={c.score} labelledBy={`${idBase}-c-${c.id}`} />
                {c.evidence.length > 0 && (
                  <ul className="evidence-list">
                    {c.evidence.slice(0, 2).map((e, i) => (
                      <li key={i}>
                        <Evidence evidence={e} onEvidence={onEvidence} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>

        <div className="fb-column">
          <section className="fb-section" aria-labelledby={`${idBase}-cov`}>
            <S id={`${idBase}-cov`}>
              {feedback.coverage_kind === "star" ? "STAR structure" : "Design framework"}
            </S>
            <ul className="coverage">
              {feedback.coverage.map((step) => (
                <li key={step.id} className={step.covered ? "covered" : "missed"}>
                  <span className="mark" aria-hidden="true">
                    {step.covered ? "✓" : "○"}
                  </span>
                  <span>
                    {step.name}
                    <span className="visually-hidden">
                      {step.covered ? " (covered)" : " (not covered)"}
                    </span>
                    {step.covered && step.evidence && (
                      <>
                        {" "}
                        <Evidence evidence={step.evidence} onEvidence={onEvidence} />
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </section>

          <section className="fb-section" aria-labelledby={`${idBase}-del`}>
            <S id={`${idBase}-del`}>Delivery</S>
            <Delivery delivery={feedback.delivery} />
          </section>
        </div>
      </div>

      <section className="fb-section" aria-labelledby={`${idBase}-flags`}>
        <S id={`${idBase}-flags`}>Red flags</S>
        {feedback.red_flags.length === 0 ? (
          <p className="muted">None found in this answer.</p>
        ) : (
          <ul className="red-flags">
            {feedback.red_flags.map((flag, i) => (
              <li key={`${flag.id}-${i}`} className="red-flag">
                <strong>{flag.name}</strong>
                {flag.quote && <Evidence evidence={flag.quote} onEvidence={onEvidence} />}
                <p>{flag.advice}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="fb-grid">
        <section className="fb-section" aria-labelledby={`${idBase}-tp`}>
          <S id={`${idBase}-tp`}>Talking points</S>
          {feedback.talking_points.covered.length + feedback.talking_points.missed.length ===
          0 ? (
            <p className="muted">This question has no talking points in the rubric pack.</p>
          ) : (
            <ul className="coverage">
              {feedback.talking_points.covered.map((t) => (
                <li key={`c-${t}`} className="covered">
                  <span className="mark" aria-hidden="true">
                    ✓
                  </span>
                  <span>
                    {t}
                    <span className="visually-hidden"> (covered)</span>
                  </span>
                </li>
              ))}
              {feedback.talking_points.missed.map((t) => (
                <li key={`m-${t}`} className="missed">
                  <span className="mark" aria-hidden="true">
                    ○
                  </span>
                  <span>
                    {t}
                    <span className="visually-hidden"> (missed)</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="fb-section" aria-labelledby={`${idBase}-next`}>
          <S id={`${idBase}-next`}>Next steps</S>
          <ol className="next-steps">
            {feedback.next_steps.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
          {feedback.follow_up && (
            <p className="follow-up">
              <strong>Follow-up:</strong> {feedback.follow_up}
            </p>
          )}
        </section>
      </div>
    </article>
  );
}

function Delivery({ delivery }: { delivery: DeliveryFeedback }) {
  const [lo, hi] = delivery.wpm_band;
  const wpm = delivery.wpm;
  const pace =
    wpm === null || lo === null || hi === null
      ? "target"
      : wpm < lo
        ? "slower than"
        : wpm > hi
          ? "faster than"
          : "within";
  return (
    <dl className="delivery">
      <div>
        <dt>Pace</dt>
        <dd data-testid="wpm">
          {count(wpm)} wpm{" "}
          <span className="muted">
            ({pace} {count(lo)}–{count(hi)})
          </span>
        </dd>
      </div>
      <div>
        <dt>Fillers</dt>
        <dd>
          {count(delivery.fillers_per_min, 1)} / min{" "}
          <span className="muted">({delivery.fillers} in all)</span>
        </dd>
      </div>
      <div>
        <dt>Long pauses</dt>
        <dd>{delivery.long_pauses.length}</dd>
      </div>
      <div>
        <dt>Hedges</dt>
        <dd>{delivery.hedges}</dd>
      </div>
    </dl>
  );
}
