import { clock } from "../lib/format";
import type { LiveTimer } from "../lib/live";

/** The answer timer warns when this much time is left. */
export const WARNING_MS = 30_000;

export interface TimerProps {
  timer: LiveTimer;
  leftMs: number;
  paused: boolean;
}

/** The prep countdown or the answer timer, with a bar and the 30-second warning. */
export function Timer({ timer, leftMs, paused }: TimerProps) {
  const warning = timer.kind === "answer" && leftMs <= WARNING_MS;
  const label = timer.kind === "prep" ? "Preparation" : "Answer time";
  const fraction = timer.limit_ms > 0 ? Math.min(1, leftMs / timer.limit_ms) : 0;
  return (
    <div className={`timer timer-${timer.kind}${warning ? " timer-warning" : ""}`}>
      <div className="timer-row">
        <span className="timer-label">{label}</span>
        <span className="timer-clock" role="timer" aria-label={`${label}: ${clock(leftMs)} left`}>
          {clock(leftMs)}
        </span>
      </div>
      <div className="timer-bar" aria-hidden="true">
        <span style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="timer-note" aria-live="polite">
        {paused
          ? "Paused."
          : warning
            ? "30 seconds left: start wrapping up."
            : timer.kind === "prep"
              ? "Think it through; start answering when you are ready."
              : ""}
      </p>
    </div>
  );
}
