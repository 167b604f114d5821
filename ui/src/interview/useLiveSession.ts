import { useCallback, useEffect, useRef, useState } from "react";
import type { CommandError } from "../bindings";
import { settle } from "../lib/ipc";
import { live, type LiveView, type SessionAction, type TakeFeedback } from "../lib/live";
import { takePendingStart } from "../lib/pendingStart";

export interface Caption {
  text: string;
  isFinal: boolean;
}

export interface LiveState {
  /** starting: session_start/session_view in flight; none: no session and nothing to start. */
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

const INITIAL: LiveState = {
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

/**
 * The live session as the interview room sees it: attaches to the running session (or starts
 * the one the home screen asked for), follows `LiveEvent`s, and sends controls.
 */
export function useLiveSession(): [LiveState, (action: SessionAction) => Promise<void>] {
  const [state, setState] = useState<LiveState>(INITIAL);
  const busy = useRef(false);

  useEffect(() => {
    let mounted = true;
    let unlisten: (() => void) | null = null;
    const update = (f: (s: LiveState) => LiveState) => {
      if (mounted) setState(f);
    };

    const onView = (view: LiveView) =>
      update((s) => ({
        ...s,
        status: "live",
        view,
        warning: s.view?.phase === view.phase ? s.warning : null,
        caption: s.view?.phase === view.phase || view.phase === "answering" ? s.caption : null,
        feedback: view.feedback ? addFeedback(s.feedback, view.feedback) : s.feedback,
      }));

    (async () => {
      // Listen before asking, so no event between the answer and the subscription is lost.
      try {
        const stop = await live.onLiveEvent((event) => {
          switch (event.kind) {
            case "view": {
              const { kind: _kind, ...view } = event;
              onView(view);
              break;
            }
            case "level":
              update((s) => ({ ...s, level: { rmsDb: event.rms_db, peakDb: event.peak_db } }));
              break;
            case "caption":
              update((s) => ({ ...s, caption: { text: event.text, isFinal: event.is_final } }));
              break;
            case "warning":
              if (event.timer === "answer") {
                update((s) => ({ ...s, warning: event.seconds_left }));
              }
              break;
            case "feedback": {
              const { kind: _kind, ...feedback } = event;
              update((s) => ({ ...s, feedback: addFeedback(s.feedback, feedback) }));
              break;
            }
            case "finished":
              update((s) => ({ ...s, finishedSessionId: event.session_id }));
              break;
            case "error":
              update((s) => ({ ...s, error: { code: event.code, message: event.message } }));
              break;
          }
        });
        if (mounted) unlisten = stop;
        else stop();
      } catch (cause) {
        update((s) => ({
          ...s,
          liveError: {
            code: "live_events_unavailable",
            message: `This window cannot follow the session (${String(cause)}). End the session and restart Onsite; if it persists, report it.`,
          },
        }));
      }

      // React's strict mode mounts twice: only the mounted effect may take the pending start.
      if (!mounted) return;
      const current = await settle(live.sessionView());
      if (!mounted) return;
      if (current.status === "error") {
        update((s) => ({ ...s, status: "none", error: current.error }));
        return;
      }
      if (current.data) {
        takePendingStart(); // a session is already running: never start a second one
        onView(current.data);
        return;
      }
      const request = takePendingStart();
      if (!request) {
        update((s) => ({ ...s, status: "none" }));
        return;
      }
      const started = await settle(live.sessionStart(request));
      if (started.status === "ok") onView(started.data);
      else update((s) => ({ ...s, status: "none", error: started.error }));
    })();

    return () => {
      mounted = false;
      unlisten?.();
    };
  }, []);

  const control = useCallback(async (action: SessionAction) => {
    if (busy.current) return;
    busy.current = true;
    setState((s) => ({ ...s, busy: true, error: null }));
    const result = await settle(live.sessionControl(action));
    busy.current = false;
    setState((s) => {
      if (result.status === "error") return { ...s, busy: false, error: result.error };
      const view = result.data;
      return {
        ...s,
        busy: false,
        status: "live",
        view,
        warning: s.view?.phase === view.phase ? s.warning : null,
        feedback: view.feedback ? addFeedback(s.feedback, view.feedback) : s.feedback,
      };
    });
  }, []);

  return [state, control];
}

function addFeedback(list: TakeFeedback[], next: TakeFeedback): TakeFeedback[] {
  const others = list.filter((f) => f.take_id !== next.take_id);
  return [...others, next];
}
