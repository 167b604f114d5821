import type { TakeFeedback } from "../lib/live";

/**
 * The answers the session summary lists: each question's last take scored while the room was
 * open (a retry replaces the take before it), in the order they were answered.
 *
 * Only the list comes from here. The session's totals (overall, each competency, how many
 * answered) come from the shell's summary, which the engine computes with
 * `onsite_interview::SessionScores`, the one definition History, Progress and the report share.
 * The list is built here because the summary does not carry each question's final take; once
 * `LiveSummary` has one (question id and text, take id, overall), this goes.
 */
export function finalTakes(feedback: TakeFeedback[]): TakeFeedback[] {
  const byQuestion = new Map<string, TakeFeedback>();
  for (const f of feedback) {
    byQuestion.delete(f.question_id); // re-insert, so the order is that of the final takes
    byQuestion.set(f.question_id, f);
  }
  return [...byQuestion.values()];
}
