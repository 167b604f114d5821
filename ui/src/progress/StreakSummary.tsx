import type { Streak } from "./data";

/** "Practised 3 days in a row, longest 5": counted in the user's own days (see `data.ts`). */
export function streakSentence(s: Streak): string {
  const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  if (s.practice_days === 0) return "No practice days yet.";
  const current =
    s.current_days > 0
      ? `Practised ${days(s.current_days)} in a row`
      : "No practice today or yesterday";
  return `${current}, longest ${days(s.longest_days)}.`;
}

/** The practice streak, shown at the top of Progress. */
export function StreakSummary({ streak }: { streak: Streak }) {
  return (
    <section className="card streak" aria-labelledby="streak-title" data-testid="streak">
      <h2 id="streak-title">Practice streak</h2>
      <p className="streak-line">
        <span className="streak-current" aria-hidden="true">
          {streak.current_days}
        </span>
        <span>{streakSentence(streak)}</span>
      </p>
      <p className="muted small">
        {streak.practice_days} practice {streak.practice_days === 1 ? "day" : "days"} in all
        {streak.last_practice_day ? `; last on ${streak.last_practice_day}` : ""}. A streak stays
        alive until the end of the day after your last session.
      </p>
    </section>
  );
}
