import type { TakeFeedback } from "../lib/live";

export interface SessionTotals {
  /** The last take of each question (retries replace earlier takes), in answer order. */
  finals: TakeFeedback[];
  overall: number | null;
  /** Mean score per competency across the final takes, in the rubric's order. */
  competencies: { id: string; name: string; score: number }[];
}

/** Totals over the takes scored in this session, as the session summary shows them. */
export function summarise(feedback: TakeFeedback[]): SessionTotals {
  const byQuestion = new Map<string, TakeFeedback>();
  for (const f of feedback) {
    byQuestion.delete(f.question_id); // re-insert so the order is that of the final takes
    byQuestion.set(f.question_id, f);
  }
  const finals = [...byQuestion.values()];
  const scored = finals.flatMap((f) => (f.overall === null ? [] : [f.overall]));
  const overall =
    scored.length === 0 ? null : scored.reduce((sum, x) => sum + x, 0) / scored.length;
  const sums = new Map<string, { name: string; total: number; n: number }>();
  for (const f of finals) {
    for (const c of f.competencies) {
      if (c.score === null) continue;
      const s = sums.get(c.id) ?? { name: c.name, total: 0, n: 0 };
      s.total += c.score;
      s.n += 1;
      sums.set(c.id, s);
    }
  }
  const competencies = [...sums.entries()].map(([id, s]) => ({
    id,
    name: s.name,
    score: s.total / s.n,
  }));
  return { finals, overall, competencies };
}
