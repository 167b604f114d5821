import type { TakeView_Serialize as TakeView } from "../bindings";
import { offset } from "../lib/format";

/**
 * What the interviewer said for a take, beside the candidate's words: each line with when it
 * was said on the take's timeline (before the answer began, or at a point in it, which a
 * click seeks to). Renders nothing when the voice was off.
 */
export function InterviewerLines({
  lines,
  onSeek,
}: {
  lines: TakeView["interviewer_lines"];
  onSeek: (ms: number) => void;
}) {
  if (lines.length === 0) return null;
  return (
    <ul className="interviewer-lines" aria-label="What the interviewer said" data-testid="interviewer-lines">
      {lines.map((l, i) => (
        <li key={i} className={`interviewer-line ${l.kind}`}>
          <span className="interviewer-who">Interviewer · {l.label}</span>{" "}
          {l.start_ms < 0 ? (
            <span className="muted">{offset(-l.start_ms)} before the answer</span>
          ) : (
            <button type="button" className="link" onClick={() => onSeek(l.start_ms)}>
              at {offset(l.start_ms)}
            </button>
          )}
          {l.stopped && <span className="muted"> (cut short)</span>}
          <q className="interviewer-text">{l.text}</q>
        </li>
      ))}
    </ul>
  );
}
