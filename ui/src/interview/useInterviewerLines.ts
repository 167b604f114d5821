import { useCallback, useEffect, useRef } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";
import type { LiveView } from "../lib/live";
import type { SpokenLine } from "./useInterviewerVoice";

/** The key of the question a view is on, as `lineFor` names lines. */
function questionKey(view: LiveView): string {
  return `${view.session_id}/${view.question_index}/${view.question.part}`;
}

/**
 * Keeps what the interviewer said with the take it was said for. A question plays while the
 * candidate prepares, before its take exists; so the last line said for each question is
 * held here and saved once a take of that question is recording (every take of it: a retry is
 * answered to the same question). Returns the callback the voice reports lines to.
 */
export function useInterviewerLines(view: LiveView | null): (line: SpokenLine) => void {
  const last = useRef(new Map<string, SpokenLine>());
  const saved = useRef(new Set<string>());

  const keep = useCallback((line: SpokenLine) => {
    last.current.set(line.key, line);
  }, []);

  const takeId = view?.phase === "answering" ? view.take_id : null;
  const key = view ? questionKey(view) : null;
  useEffect(() => {
    if (takeId === null || takeId === undefined || !key) return;
    const line = last.current.get(key);
    const id = `${takeId}/${line?.startedAt ?? ""}`;
    if (!line || saved.current.has(id)) return;
    saved.current.add(id);
    void settle(
      commands.interviewerLineSave(
        takeId,
        line.part,
        line.text,
        line.startedAt,
        line.endedAt,
        line.stopped,
      ),
    ).then((result) => {
      // Losing a line loses only the replay's note of what was asked; the take is unaffected.
      if (result.status === "error") console.warn("interviewer line not saved", result.error);
    });
  }, [takeId, key]);

  return keep;
}
