import { useCommand } from "../lib/useCommand";
import { loadProgress } from "./data";

/**
 * The practice streak for Home's "progress at a glance" (a `<div>` of a `<dl>`): the same
 * count as Progress, in the user's local days. Shows nothing until it is known; a failure to
 * read it is Progress's to explain, not Home's.
 */
export function StreakGlance() {
  const [progress] = useCommand(loadProgress);
  if (progress.status !== "ok" || progress.data.sessions === 0) return null;
  const { current_days, longest_days } = progress.data.streak;
  const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  return (
    <div data-testid="glance-streak">
      <dt>Streak</dt>
      <dd>
        {days(current_days)} <span className="muted">(longest {longest_days})</span>
      </dd>
    </div>
  );
}
