import { useEffect, useRef, useState } from "react";
import type { LiveTimer } from "../lib/live";

const TICK_MS = 100;

/**
 * Milliseconds left on the coordinator's timer, counted down locally between views so the
 * display moves smoothly. Each new view re-anchors it; a paused session holds still. The
 * coordinator, not this clock, decides when time is up.
 */
export function useCountdown(timer: LiveTimer | null | undefined, paused: boolean): number | null {
  const anchor = useRef<{ remaining: number; at: number } | null>(null);
  const [left, setLeft] = useState<number | null>(timer ? timer.remaining_ms : null);

  const kind = timer?.kind;
  const remaining = timer?.remaining_ms;
  useEffect(() => {
    if (remaining === undefined) {
      anchor.current = null;
      setLeft(null);
      return;
    }
    anchor.current = { remaining, at: performance.now() };
    setLeft(remaining);
    if (paused) return;
    const id = window.setInterval(() => {
      const a = anchor.current;
      if (!a) return;
      setLeft(Math.max(0, a.remaining - (performance.now() - a.at)));
    }, TICK_MS);
    return () => window.clearInterval(id);
    // Keyed on the figures, not the object: an equal timer in a new view keeps counting.
  }, [kind, remaining, paused]);

  // Until the effect has anchored a new timer, show the coordinator's figure.
  return timer ? (left ?? timer.remaining_ms) : null;
}
