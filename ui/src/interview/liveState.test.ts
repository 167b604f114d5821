import { describe, expect, it } from "vitest";
import type { LiveView } from "../lib/live";
import { feedback, view } from "../test/liveFixtures";
import { eventAction, INITIAL, liveReducer, type LiveAction, type LiveState } from "./liveState";

const answering = view({ phase: "answering", captions: true });
const scoring = view({ phase: "scoring", timer: null });

/** The room after `actions`, from its first state. */
function after(...actions: LiveAction[]): LiveState {
  return actions.reduce(liveReducer, INITIAL);
}

/** A view as each of the three ways delivers it. */
const deliveries: [string, (v: LiveView) => LiveAction][] = [
  ["an event", (v) => eventAction({ kind: "view", ...v })!],
  ["the answer to attaching or starting", (v) => ({ type: "view", view: v })],
  ["a control's answer", (v) => ({ type: "control-answered", view: v })],
];

describe("liveReducer", () => {
  it.each(deliveries)("a view from %s that ends the answer clears the caption and the warning", (_, deliver) => {
    const before = after(
      { type: "view", view: answering },
      { type: "caption", caption: { text: "so first I would clarify", isFinal: true } },
      { type: "warning", secondsLeft: 30 },
    );
    expect(before.caption?.text).toBe("so first I would clarify");
    expect(before.warning).toBe(30);

    const next = liveReducer(before, deliver(scoring));
    expect(next.view?.phase).toBe("scoring");
    expect(next.status).toBe("live");
    expect(next.caption).toBeNull();
    expect(next.warning).toBeNull();
  });

  it.each(deliveries)("a view from %s in the same phase keeps the caption and the warning", (_, deliver) => {
    const before = after(
      { type: "view", view: answering },
      { type: "caption", caption: { text: "cache aside", isFinal: false } },
      { type: "warning", secondsLeft: 30 },
    );
    const next = liveReducer(before, deliver({ ...answering, timer: { kind: "answer", limit_ms: 180_000, remaining_ms: 20_000 } }));
    expect(next.caption).toEqual({ text: "cache aside", isFinal: false });
    expect(next.warning).toBe(30);
  });

  it.each(deliveries)("a view from %s carrying feedback adds it once per take", (_, deliver) => {
    const first = feedback({ take_id: 7, overall: 3.1 });
    const rescored = feedback({ take_id: 7, overall: 3.4 });
    const other = feedback({ take_id: 9, question_id: "q-lead" });
    const state = after(
      { type: "feedback", feedback: first },
      { type: "feedback", feedback: other },
      deliver(view({ phase: "feedback", timer: null, feedback: rescored })),
    );
    expect(state.feedback.map((f) => [f.take_id, f.overall])).toEqual([
      [9, other.overall],
      [7, 3.4],
    ]);
  });

  it("a control holds the controls until its answer, and a refused one says why", () => {
    const shown = after({ type: "view", view: view() }, { type: "error", error: { code: "mic_lost", message: "unplugged" } });
    const sent = liveReducer(shown, { type: "control-sent" });
    expect(sent.busy).toBe(true);
    expect(sent.error).toBeNull();

    const refused = liveReducer(sent, {
      type: "control-failed",
      error: { code: "invalid_action", message: "next is not possible now" },
    });
    expect(refused.busy).toBe(false);
    expect(refused.error?.code).toBe("invalid_action");
    expect(refused.view?.phase).toBe("prep");

    const answered = liveReducer(liveReducer(refused, { type: "control-sent" }), {
      type: "control-answered",
      view: answering,
    });
    expect(answered.busy).toBe(false);
    expect(answered.view?.phase).toBe("answering");
  });

  it("no session: an error from asking stays, and asking again without one keeps it", () => {
    const failed = after({ type: "none", error: { code: "no_microphone", message: "No microphone found" } });
    expect(failed.status).toBe("none");
    expect(failed.error?.code).toBe("no_microphone");
    expect(liveReducer(failed, { type: "none" }).error?.code).toBe("no_microphone");
    expect(after({ type: "none" }).error).toBeNull();
  });
});

describe("eventAction", () => {
  it("maps each event of the stream, and drops the preparation timer's warning", () => {
    expect(eventAction({ kind: "level", rms_db: -18, peak_db: -6 })).toEqual({ type: "level", rmsDb: -18, peakDb: -6 });
    expect(eventAction({ kind: "caption", text: "hi", is_final: true })).toEqual({
      type: "caption",
      caption: { text: "hi", isFinal: true },
    });
    expect(eventAction({ kind: "warning", timer: "answer", seconds_left: 30 })).toEqual({ type: "warning", secondsLeft: 30 });
    expect(eventAction({ kind: "warning", timer: "prep", seconds_left: 10 })).toBeNull();
    expect(eventAction({ kind: "finished", session_id: "s-1" })).toEqual({ type: "finished", sessionId: "s-1" });
    expect(eventAction({ kind: "error", code: "mic_lost", message: "unplugged" })).toEqual({
      type: "error",
      error: { code: "mic_lost", message: "unplugged" },
    });
    const fb = feedback();
    expect(eventAction({ kind: "feedback", ...fb })).toEqual({ type: "feedback", feedback: fb });
  });
});
