/** The stored sessions (`sessions_list`, newest first) as the home screen shows them. */
import { commands, type SessionRow_Serialize } from "../bindings";
import { competencyName } from "../lib/competencies";

export type SessionRow = SessionRow_Serialize;

export const sessionsList = () => commands.sessionsList();

export interface Glance {
  sessions: number;
  latest: number | null;
  /** Latest scored session's overall minus the one before it. */
  change: number | null;
  /** The lowest competency, averaged over the last three scored sessions. */
  focus: { id: string; name: string; score: number } | null;
}

/** Progress at a glance from the session list (newest first). */
export function glance(rows: SessionRow[]): Glance {
  const scored = rows.filter((r) => r.overall !== null);
  const latest = scored[0]?.overall ?? null;
  const previous = scored[1]?.overall ?? null;
  const sums = new Map<string, { total: number; n: number }>();
  for (const row of scored.slice(0, 3)) {
    for (const s of row.scores) {
      if (s.score === null) continue;
      const acc = sums.get(s.id) ?? { total: 0, n: 0 };
      acc.total += s.score;
      acc.n += 1;
      sums.set(s.id, acc);
    }
  }
  let focus: Glance["focus"] = null;
  for (const [id, { total, n }] of sums) {
    const score = total / n;
    if (!focus || score < focus.score) focus = { id, name: competencyName(id), score };
  }
  return {
    sessions: rows.length,
    latest,
    change: latest !== null && previous !== null ? latest - previous : null,
    focus,
  };
}
