/**
 * The interview room's state and the one reducer that changes it. Views reach the room three
 * ways (the live event stream, the answer to attaching or starting, and the answer to each
 * control); every one goes through `withView`, so a phase change clears the timer warning and
 * the caption the same way whichever way the view came.
 */
import type { CommandError } from "../bindings";
import type { LiveEvent, LiveView, TakeFeedback } from "../lib/live";

export interface Caption {
  text: string;
  isFinal: boolean;
}

export interface LiveState {
  /** starting: attaching to or starting a session; none: no session and nothing to start. */
  status: "starting" | "live" | "none";
  view: LiveView | null;
  level: { rmsDb: number | null; peakDb: number | null } | null;
  caption: Caption | null;
  /** Seconds left when the coordinator warned about the answer timer, until the phase changes. */
  warning: number | null;
  /** Feedback for every take scored while this screen was open, in order. */
  feedback: TakeFeedback[];
  finishedSessionId: string | null;
  error: CommandError | null;
  /** The room cannot follow the session (no live updates): stays until the screen closes. */
  liveError: CommandError | null;
  /** An action is waiting for the shell; controls stay disabled meanwhile. */
  busy: boolean;
}

export const INITIAL: LiveState = {
  status: "starting",
  view: null,
  level: null,
  caption: null,
  warning: null,
  feedback: [],
  finishedSessionId: null,
  error: null,
  liveError: null,
  busy: false,
};

export type LiveAction =
  /** A view of the session, from any source. */
  | { type: "view"; view: LiveView }
  | { type: "level"; rmsDb: number | null; peakDb: number | null }
  | { type: "caption"; caption: Caption }
  /** The answer timer will run out in `secondsLeft`. */
  | { type: "warning"; secondsLeft: number }
  | { type: "feedback"; feedback: TakeFeedback }
  | { type: "finished"; sessionId: string }
  /** Something the coordinator or a command reported; the session goes on. */
  | { type: "error"; error: CommandError }
  /** The live event stream cannot be followed. */
  | { type: "live-error"; error: CommandError }
  /** No session to show: none was running and none was asked for, or starting it failed. */
  | { type: "none"; error?: CommandError }
  /** A control was sent and its answer is awaited. */
  | { type: "control-sent" }
  | { type: "control-failed"; error: CommandError }
  | { type: "control-answered"; view: LiveView };

export function liveReducer(s: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "view":
      return withView(s, action.view);
    case "level":
      return { ...s, level: { rmsDb: action.rmsDb, peakDb: action.peakDb } };
    case "caption":
      return { ...s, caption: action.caption };
    case "warning":
      return { ...s, warning: action.secondsLeft };
    case "feedback":
      return { ...s, feedback: addFeedback(s.feedback, action.feedback) };
    case "finished":
      return { ...s, finishedSessionId: action.sessionId };
    case "error":
      return { ...s, error: action.error };
    case "live-error":
      return { ...s, liveError: action.error };
    case "none":
      return { ...s, status: "none", error: action.error ?? s.error };
    case "control-sent":
      return { ...s, busy: true, error: null };
    case "control-failed":
      return { ...s, busy: false, error: action.error };
    case "control-answered":
      return withView({ ...s, busy: false }, action.view);
  }
}

/** The reducer's action for an event from the live stream; `null` for one the room ignores. */
export function eventAction(event: LiveEvent): LiveAction | null {
  switch (event.kind) {
    case "view": {
      const { kind: _kind, ...view } = event;
      return { type: "view", view };
    }
    case "level":
      return { type: "level", rmsDb: event.rms_db, peakDb: event.peak_db };
    case "caption":
      return { type: "caption", caption: { text: event.text, isFinal: event.is_final } };
    case "warning":
      // Only the answer timer's warning is shown; preparation simply runs out.
      return event.timer === "answer" ? { type: "warning", secondsLeft: event.seconds_left } : null;
    case "feedback": {
      const { kind: _kind, ...feedback } = event;
      return { type: "feedback", feedback };
    }
    case "finished":
      return { type: "finished", sessionId: event.session_id };
    case "error":
      return { type: "error", error: { code: event.code, message: event.message } };
  }
}

/**
 * Shows `view`. The warning belongs to the phase it was given in; the caption too, except that
 * it carries into answering (captions are only shown there) until the answer ends.
 */
function withView(s: LiveState, view: LiveView): LiveState {
  const samePhase = s.view?.phase === view.phase;
  return {
    ...s,
    status: "live",
    view,
    warning: samePhase ? s.warning : null,
    caption: samePhase || view.phase === "answering" ? s.caption : null,
    feedback: view.feedback ? addFeedback(s.feedback, view.feedback) : s.feedback,
  };
}

/** A take scored again (the same take id) replaces its earlier feedback and moves to the end. */
function addFeedback(list: TakeFeedback[], next: TakeFeedback): TakeFeedback[] {
  const others = list.filter((f) => f.take_id !== next.take_id);
  return [...others, next];
}
