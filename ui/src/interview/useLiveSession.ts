import { useCallback, useEffect, useReducer, useRef } from "react";
import { settle } from "../lib/ipc";
import { live, type SessionAction, type StartRequest } from "../lib/live";
import { eventAction, INITIAL, liveReducer, type LiveState } from "./liveState";

export type { Caption, LiveState } from "./liveState";

/**
 * The live session as the interview room sees it: attaches to the running session, or starts
 * `start` when none runs, follows `LiveEvent`s, and sends controls. `start` is read once, when
 * the room opens; a session already running always wins, so opening the room again never
 * starts a second one.
 */
export function useLiveSession(
  start?: StartRequest,
): [LiveState, (action: SessionAction) => Promise<void>] {
  const [state, dispatch] = useReducer(liveReducer, INITIAL);
  const busy = useRef(false);
  const request = useRef(start);

  useEffect(() => {
    let mounted = true;
    let unlisten: (() => void) | null = null;
    const send: typeof dispatch = (action) => {
      if (mounted) dispatch(action);
    };

    (async () => {
      // Listen before asking, so no event between the answer and the subscription is lost.
      try {
        const stop = await live.onLiveEvent((event) => {
          const action = eventAction(event);
          if (action) send(action);
        });
        if (mounted) unlisten = stop;
        else stop();
      } catch (cause) {
        send({
          type: "live-error",
          error: {
            code: "live_events_unavailable",
            message: `This window cannot follow the session (${String(cause)}). End the session and restart Onsite; if it persists, report it.`,
          },
        });
      }

      // React's strict mode runs this effect twice; the first run is unmounted by now and must
      // not start a session beside the second's.
      if (!mounted) return;
      const current = await settle(live.sessionView());
      if (!mounted) return;
      if (current.status === "error") {
        send({ type: "none", error: current.error });
        return;
      }
      if (current.data) {
        send({ type: "view", view: current.data });
        return;
      }
      if (!request.current) {
        send({ type: "none" });
        return;
      }
      const started = await settle(live.sessionStart(request.current));
      send(started.status === "ok" ? { type: "view", view: started.data } : { type: "none", error: started.error });
    })();

    return () => {
      mounted = false;
      unlisten?.();
    };
  }, []);

  const control = useCallback(async (action: SessionAction) => {
    if (busy.current) return;
    busy.current = true;
    dispatch({ type: "control-sent" });
    const result = await settle(live.sessionControl(action));
    busy.current = false;
    dispatch(
      result.status === "ok"
        ? { type: "control-answered", view: result.data }
        : { type: "control-failed", error: result.error },
    );
  }, []);

  return [state, control];
}
