import { Fragment } from "react";
import type { FeedbackDrawing_Serialize as FeedbackDrawing } from "../bindings";

export interface DrawingFeedbackProps {
  drawing: FeedbackDrawing;
  /** The heading element of the section (one level under the panel's title). */
  heading: "h3" | "h4";
  headingId: string;
  /** Makes each quoted element a link: called with its id (Replay highlights it on the board). */
  onElement?: (elementId: string) => void;
}

/**
 * The whiteboard's part of a take's feedback, as the rubric read the final drawing: the
 * components it recognised (label and kind), what to fix in the drawing, and the framework
 * steps the drawing is evidence for, each naming the elements it is about by their labels.
 */
export function DrawingFeedback({ drawing, heading: S, headingId, onElement }: DrawingFeedbackProps) {
  const name = (e: { id: string; label: string | null }) => e.label ?? "an unlabelled shape";
  // An element quoted as evidence: a link to it on the board when there is a board to show.
  const quote = (e: { id: string; label: string | null }, strong = false) => {
    const text = strong ? <strong>{name(e)}</strong> : name(e);
    if (!onElement) return text;
    return (
      <button
        type="button"
        className="link evidence-element"
        data-element-id={e.id}
        title="Show it on the whiteboard"
        onClick={() => onElement(e.id)}
      >
        {text}
      </button>
    );
  };
  return (
    <section className="fb-section drawing-feedback" aria-labelledby={headingId} data-testid="drawing-feedback">
      <S id={headingId}>Your whiteboard</S>
      {drawing.components.length === 0 ? (
        <p className="muted">Nothing on the board was read as a component.</p>
      ) : (
        <p>
          Drawn: {drawing.components.length} component{drawing.components.length === 1 ? "" : "s"} and{" "}
          {drawing.connections} connection{drawing.connections === 1 ? "" : "s"}.
        </p>
      )}
      {drawing.components.length > 0 && (
        <ul className="drawn-components" aria-label="Components drawn">
          {drawing.components.map((c) => (
            <li key={c.id} data-element-id={c.id}>
              {quote(c, true)} <span className="muted">{c.kind_label}</span>
            </li>
          ))}
        </ul>
      )}
      {drawing.framework.length > 0 && (
        <ul className="drawing-notes good" aria-label="What the drawing shows">
          {drawing.framework.map((n) => (
            <li key={n.id} data-note={n.id}>
              {n.message}
            </li>
          ))}
        </ul>
      )}
      {drawing.findings.length > 0 && (
        <ul className="drawing-notes fix" aria-label="What to fix in the drawing">
          {drawing.findings.map((n, i) => (
            <li key={`${n.id}-${i}`} data-finding={n.id}>
              {n.message}
              {n.elements.length > 0 && (
                <span className="muted">
                  {" ("}
                  {n.elements.map((e, j) => (
                    <Fragment key={`${e.id}-${j}`}>
                      {j > 0 && ", "}
                      {quote(e)}
                    </Fragment>
                  ))}
                  {")"}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
