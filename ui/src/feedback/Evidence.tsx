import { offset } from "../lib/format";
import type { Quote } from "../lib/live";

export interface EvidenceProps {
  evidence: Quote;
  /** Seek to this moment of the answer (the replay studio); absent in the live room. */
  onEvidence?: (ms: number) => void;
}

/** A quote from the answer; a button that jumps to it when the screen can seek. */
export function Evidence({ evidence, onEvidence }: EvidenceProps) {
  const at = evidence.start_ms;
  if (onEvidence && at !== null && at !== undefined) {
    return (
      <button
        type="button"
        className="evidence evidence-link"
        onClick={() => onEvidence(at)}
        aria-label={`Play from ${offset(at)}: ${evidence.text}`}
      >
        <q>{evidence.text}</q> <span className="evidence-at">{offset(at)}</span>
      </button>
    );
  }
  return (
    <span className="evidence">
      <q>{evidence.text}</q>
    </span>
  );
}
