import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { InterviewRoom } from "../interview/InterviewRoom";
import type { LiveView } from "../lib/live";
import { canvases } from "../test/fakeCanvas";
import { view } from "../test/liveFixtures";
import type { SceneElement } from "./recorder";

type Call = { cmd: string; args: Record<string, unknown> };

/** A shell answering the room's commands; scene_append is kept with its arguments. */
function shell(first: LiveView, answers: Record<string, LiveView> = {}) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === "session_view") return first;
      if (cmd === "preview_frame") return new Promise((done) => setTimeout(() => done(new ArrayBuffer(0)), 500));
      if (cmd === "scene_append") return calls.filter((c) => c.cmd === "scene_append").length;
      if (cmd === "session_control") {
        const action = (args as { action: string }).action;
        const answer = answers[action];
        if (!answer) throw { code: "invalid_action", message: `${action} is not possible now` };
        return answer;
      }
      throw new Error(`unexpected command ${cmd}`);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const appends = (calls: Call[]) => calls.filter((c) => c.cmd === "scene_append").map((c) => c.args);
const sleep = (ms: number) => act(() => new Promise<void>((done) => setTimeout(done, ms)));

/** What Excalidraw hands onChange: elements with versions, and the scene serialised. */
function draw(elements: SceneElement[]) {
  const canvas = canvases.at(-1);
  if (!canvas?.onScene) throw new Error("no drawing board on screen");
  const json = JSON.stringify({ type: "excalidraw", version: 2, elements });
  const serialize = vi.fn(() => json);
  act(() => canvas.onScene?.(elements, serialize));
  return { json, serialize };
}

const box = (id: string, version: number): SceneElement => ({ id, version, isDeleted: false });

const DESIGN_ANSWERING = view({
  phase: "answering",
  take_id: 7,
  timer: { kind: "answer", limit_ms: 180_000, remaining_ms: 170_000 },
});

describe("the room's whiteboard", () => {
  it("stores the drawing a second after the last change, on the take's timeline, only when an element changed", async () => {
    const calls = shell(DESIGN_ANSWERING, { stop_answer: view({ phase: "scoring", timer: null }) });
    render(<InterviewRoom navigate={vi.fn()} />);
    // A system-design question opens the board by itself, with its key shown.
    await screen.findByTestId("fake-canvas");
    const shownAt = performance.now();
    expect(screen.getByTestId("board-toggle")).toHaveTextContent("Hide the whiteboard W");

    const note = () => document.querySelector(".whiteboard-note");
    expect(note()).toHaveAttribute("data-scene-saving", "false");
    expect(note()).toHaveAttribute("data-scenes-saved", "0");
    // A rectangle dragged out: Excalidraw reports every pointer move as a change.
    draw([box("a", 1)]);
    // Not stored yet, and the page says so (end-to-end tests wait on it).
    expect(note()).toHaveAttribute("data-scene-saving", "true");
    await sleep(200);
    draw([box("a", 2)]);
    await sleep(200);
    const last = draw([box("a", 3)]);
    const lastChangeMs = performance.now() - shownAt;
    await sleep(600);
    expect(appends(calls)).toEqual([]); // still within the quiet second
    expect(last.serialize).not.toHaveBeenCalled(); // nothing serialised on the hot path

    await waitFor(() => expect(appends(calls)).toHaveLength(1), { timeout: 2_000 });
    await waitFor(() => expect(note()).toHaveAttribute("data-scene-saving", "false"));
    expect(note()).toHaveAttribute("data-scenes-saved", "1");
    const [first] = appends(calls);
    expect(first?.takeId).toBe(7);
    expect(first?.scene).toBe(last.json);
    const atMs = first?.atMs as number;
    expect(Number.isInteger(atMs)).toBe(true);
    // Sent a quiet second after the last change, timed from the take's start.
    expect(atMs).toBeGreaterThanOrEqual(lastChangeMs + 1_000 - 5);
    expect(atMs).toBeLessThan(performance.now() - shownAt + 200);

    // Selecting, zooming, moving the pointer: onChange again with the same elements.
    draw([box("a", 3)]);
    draw([box("a", 3)]);
    await sleep(1_300);
    expect(appends(calls)).toHaveLength(1);

    // A last stroke, then Space at once: the stroke is stored before the answer stops.
    const final = draw([box("a", 3), box("b", 1)]);
    await userEvent.keyboard(" ");
    await screen.findByTestId("scoring");
    expect(appends(calls)).toHaveLength(2);
    expect(appends(calls)[1]?.scene).toBe(final.json);
    expect((appends(calls)[1]?.atMs as number) >= atMs).toBe(true);
    const order = calls.map((c) => c.cmd).filter((c) => c === "scene_append" || c === "session_control");
    expect(order).toEqual(["scene_append", "scene_append", "session_control"]);
  });

  it("opens on W for any question, records only while answering, and keeps its keys to itself", async () => {
    const behavioural = {
      ...view().question,
      kind: "behavioural",
      text: "Tell me about a time you changed a team's mind.",
    };
    const prep = view({ question: behavioural, take_id: null });
    const answering = view({
      question: behavioural,
      phase: "answering",
      take_id: 8,
      timer: { kind: "answer", limit_ms: 180_000, remaining_ms: 179_000 },
    });
    const calls = shell(prep, { begin_answer: answering, retry: answering });
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("question");
    expect(screen.queryByTestId("fake-canvas")).toBeNull();
    expect(screen.getByTestId("board-toggle")).toHaveTextContent("Whiteboard W");

    await userEvent.keyboard("w");
    await screen.findByTestId("fake-canvas");
    // Drawn while preparing: not stored (there is no take yet)…
    const drawn = draw([box("client", 1), box("api", 1)]);
    await sleep(1_200);
    expect(appends(calls)).toEqual([]);

    // …until the answer starts: then what is on the board is its first snapshot, at once.
    await userEvent.keyboard(" ");
    await screen.findByRole("button", { name: /Stop and get feedback/ });
    await waitFor(() => expect(appends(calls)).toHaveLength(1), { timeout: 500 });
    expect(appends(calls)[0]).toMatchObject({ takeId: 8, scene: drawn.json });
    expect(appends(calls)[0]?.atMs as number).toBeLessThan(400);

    // R inside the board draws a rectangle in Excalidraw; it must not start the answer over.
    const board = screen.getByTestId("fake-canvas");
    board.focus();
    fireEvent.keyDown(board, { key: "r" });
    fireEvent.keyDown(board, { key: " " });
    const controls = calls.filter((c) => c.cmd === "session_control").map((c) => c.args.action);
    expect(controls).toContain("begin_answer");
    expect(controls).not.toContain("retry");
    expect(controls).not.toContain("stop_answer");
  });

  it("keeps the last strokes with the take when the answer ends by itself", async () => {
    const calls = shell(DESIGN_ANSWERING);
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("fake-canvas");
    const shownAt = performance.now();
    await sleep(300);
    const last = draw([box("a", 1), box("b", 1)]);
    // The answer timer runs out 200 ms later: the coordinator stops the take itself.
    await sleep(200);
    const endedMs = performance.now() - shownAt;
    await act(() => emit("live-event", { kind: "view", ...view({ phase: "scoring", take_id: 7, timer: null }) }));
    await waitFor(() => expect(appends(calls)).toHaveLength(1), { timeout: 300 });
    expect(appends(calls)[0]).toMatchObject({ takeId: 7, scene: last.json });
    // Timed when the take ended, not a debounce later.
    expect(appends(calls)[0]?.atMs as number).toBeLessThanOrEqual(endedMs + 100);
    await sleep(1_200);
    expect(appends(calls)).toHaveLength(1);
  });

  it("stores a snapshot every few seconds while drawing goes on without a pause", async () => {
    const calls = shell(DESIGN_ANSWERING);
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("fake-canvas");
    const firstAt = performance.now();
    // A stroke every 300 ms: the quiet second never comes.
    for (let v = 1; v <= 12; v++) {
      draw([box("a", v)]);
      await sleep(300);
    }
    const sent = appends(calls);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    // The first one waited at most the 3 s cap, not for the drawing to stop.
    expect(performance.now() - firstAt).toBeLessThan(4_500);
    expect(sent[0]?.atMs as number).toBeLessThan(3_600);
  });
});
