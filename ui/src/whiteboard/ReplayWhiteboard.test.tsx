import { mockIPC } from "@tauri-apps/api/mocks";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { TakeView_Serialize as TakeView } from "../bindings";
import { Replay } from "../replay/Replay";
import { TakePlayer } from "../replay/TakePlayer";
import { canvases } from "../test/fakeCanvas";
import { feedback } from "../test/liveFixtures";
import { drawingSpan, firstAppearances, sceneIndexAt } from "./timeline";

const box = (id: string, label: string) => [
  { id, type: "rectangle", version: 1, isDeleted: false },
  { id: `${id}-t`, type: "text", text: label, containerId: id, version: 1, isDeleted: false },
];
const scene = (...elements: object[][]) => JSON.stringify({ type: "excalidraw", elements: elements.flat() });

/** Drawn during the take: the client at 2 s, the API at 5 s, then an arrow at 9 s. */
const SCENES = [
  { seq: 1, at_ms: 2_000, scene: scene(box("client", "Web client")) },
  { seq: 2, at_ms: 5_000, scene: scene(box("client", "Web client"), box("api", "API server")) },
  {
    seq: 3,
    at_ms: 9_000,
    scene: scene(box("client", "Web client"), box("api", "API server"), [
      { id: "arrow", type: "arrow", version: 1, isDeleted: false },
    ]),
  },
];

const TAKE: TakeView = {
  take_id: 41,
  attempt: 1,
  status: "complete",
  started_at_ms: 1_000,
  ended_at_ms: 12_000,
  has_media: true,
  text: "we put an api in front",
  // Said before anything was drawn, while the client was on the board and the API was being
  // drawn (2-5 s, the API first stored at 5 s), just after it (which is also while the arrow
  // was drawn, 5-9 s), and after the arrow was stored.
  words: [
    { text: "we", start_ms: 100, end_ms: 300 },
    { text: "put", start_ms: 2_500, end_ms: 2_800 },
    { text: "an", start_ms: 3_000, end_ms: 3_200 },
    { text: "api", start_ms: 4_000, end_ms: 4_400 },
    { text: "in", start_ms: 6_500, end_ms: 6_700 },
    { text: "front", start_ms: 7_500, end_ms: 7_900 },
  ],
  markers: [],
  score: null,
  follow_ups: [],
  interviewer_lines: [],
} as unknown as TakeView;

function shell() {
  const asked: string[] = [];
  mockIPC((cmd, args) => {
    asked.push(cmd);
    if (cmd === "scenes") return SCENES;
    if (cmd === "session_detail") return SESSION;
    if (cmd === "take_feedback") return feedback({ take_id: (args as { takeId: number }).takeId, drawing: DRAWING });
    // No recording in the test window: the player shows its error, the board still follows.
    throw { code: "media_not_found", message: "no recording" };
  });
  return asked;
}

const SESSION = {
  id: "5e1d0c2b-3a49-4f7e-8d6c-1b2a3c4d5e6f",
  started_at_ms: Date.UTC(2026, 11, 7, 9, 0),
  ended_at_ms: null,
  plan: "quick-15",
  level: "staff",
  questions: [{ position: 1, question_id: "sd-api", text: "Design an API.", takes: [{ ...TAKE, score: { overall: 3, summary: "", scores: [], red_flags: [], wpm: 120, fillers_per_min: 0, long_pauses: 0, covered: [], missed: [] } }] }],
};

/** What the rubric read in the final drawing: the feedback quotes the API box. */
const DRAWING = {
  components: [
    { id: "client", label: "Web client", kind: "client", kind_label: "client" },
    { id: "api", label: "API server", kind: "service", kind_label: "service" },
  ],
  connections: 1,
  findings: [{ id: "no_replica", message: "A stateful part has no replica.", elements: [{ id: "api", label: "API server" }] }],
  framework: [],
};

/** The words the transcript marks as spoken while a drawn element was drawn. */
const marked = () =>
  [...screen.getByTestId("transcript-words").querySelectorAll(".w-drawn")].map((w) => w.textContent);

/** Moves the recording's playhead as playback would. */
function playTo(video: HTMLVideoElement, ms: number) {
  act(() => {
    video.currentTime = ms / 1000;
    video.dispatchEvent(new Event("timeupdate"));
  });
}

describe("Replay's whiteboard", () => {
  it("picks the last snapshot at or before the playhead", () => {
    expect(sceneIndexAt(SCENES, 0)).toBe(-1);
    expect(sceneIndexAt(SCENES, 1_999)).toBe(-1);
    expect(sceneIndexAt(SCENES, 2_000)).toBe(0);
    expect(sceneIndexAt(SCENES, 8_999)).toBe(1);
    expect(sceneIndexAt(SCENES, Number.MAX_SAFE_INTEGER)).toBe(2);
    expect(firstAppearances(SCENES).map((e) => [e.label, e.firstMs])).toEqual([
      ["Web client", 2_000],
      ["API server", 5_000],
      ["(arrow)", 9_000],
    ]);
  });

  it("shows the board as it stood at the playhead, and a drawn element seeks to when it appeared", async () => {
    const asked = shell();
    render(<TakePlayer take={TAKE} label="Take 1" />);
    const board = await screen.findByTestId("replay-board");
    await screen.findByTestId("fake-canvas");
    const shown = () => screen.getByTestId("fake-canvas").getAttribute("data-scene");
    expect(asked).toContain("scenes");
    // At the start nothing was drawn yet.
    expect(shown()).toBe("");
    expect(board).toHaveTextContent("Nothing was drawn yet");
    expect(board).toHaveAttribute("data-shown-labels", "[]");
    expect(canvases.at(-1)?.viewOnly).toBe(true);

    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    playTo(video, 6_000); // half-way: client and API, no arrow yet
    await waitFor(() => expect(shown()).toBe(SCENES[1]?.scene));
    expect(board).toHaveAttribute("data-scene-seq", "2");
    // The page says what the board shows, by label (the end-to-end test reads it).
    expect(JSON.parse(board.getAttribute("data-shown-labels") ?? "")).toEqual(["Web client", "API server"]);
    playTo(video, 10_000);
    await waitFor(() => expect(shown()).toBe(SCENES[2]?.scene));
    expect(JSON.parse(board.getAttribute("data-shown-labels") ?? "")).toEqual([
      "Web client",
      "API server",
      "(arrow)",
    ]);
    playTo(video, 2_500); // scrubbing back moves it back
    await waitFor(() => expect(shown()).toBe(SCENES[0]?.scene));

    await userEvent.click(screen.getByText("Drawn, in order (3)"));
    await userEvent.click(screen.getByRole("button", { name: "API server at 0:05" }));
    expect(video.currentTime).toBe(5);
    await waitFor(() => expect(shown()).toBe(SCENES[1]?.scene));
  });

  it("at the end of the recording shows the drawing as the take left it, even drawn after its last frame", async () => {
    shell();
    render(<TakePlayer take={TAKE} label="Take 1" />);
    const board = await screen.findByTestId("replay-board");
    await screen.findByTestId("fake-canvas");
    const shown = () => screen.getByTestId("fake-canvas").getAttribute("data-scene");
    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    // A take recovered after a crash: its recording kept 6 s, the arrow was stored at 9 s.
    Object.defineProperty(video, "duration", { configurable: true, value: 6 });
    playTo(video, 5_000);
    await waitFor(() => expect(shown()).toBe(SCENES[1]?.scene));
    playTo(video, 6_000);
    await waitFor(() => expect(shown()).toBe(SCENES[2]?.scene));
    expect(JSON.parse(board.getAttribute("data-shown-labels") ?? "")).toContain("(arrow)");
    // Back from the end, the playhead rules again.
    playTo(video, 3_000);
    await waitFor(() => expect(shown()).toBe(SCENES[0]?.scene));
  });

  it("a click on a drawn element on the board seeks to when it was drawn and highlights it", async () => {
    shell();
    render(<TakePlayer take={TAKE} label="Take 1" />);
    await screen.findByTestId("fake-canvas");
    const shown = () => screen.getByTestId("fake-canvas").getAttribute("data-scene");
    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    playTo(video, 10_000);
    await waitFor(() => expect(shown()).toBe(SCENES[2]?.scene));
    // The read-only board reports clicks on its elements (its hit test is hit.test.ts's).
    expect(canvases.at(-1)?.onElementClick).toBeTypeOf("function");
    expect(canvases.at(-1)?.highlight).toBeNull();

    act(() => canvases.at(-1)?.onElementClick?.("api"));
    expect(video.currentTime).toBe(5);
    await waitFor(() => expect(shown()).toBe(SCENES[1]?.scene));
    // The board opened at that moment shows the element selected, and the list marks it chosen.
    expect(canvases.at(-1)?.highlight).toBe("api");
    expect(screen.getByRole("button", { name: "API server at 0:05" })).toHaveAttribute("aria-pressed", "true");

    // An element the take never drew (a stale id) changes nothing.
    act(() => canvases.at(-1)?.onElementClick?.("nothing-here"));
    expect(video.currentTime).toBe(5);
  });

  it("marks the words spoken while an element was drawn, on hover and once chosen", async () => {
    shell();
    render(<TakePlayer take={TAKE} label="Take 1" />);
    await screen.findByTestId("fake-canvas");
    expect(drawingSpan(firstAppearances(SCENES)[1]!)).toEqual({ fromMs: 2_000, toMs: 7_000 });
    expect(marked()).toEqual([]);

    await userEvent.click(screen.getByText("Drawn, in order (3)"));
    const api = screen.getByRole("button", { name: "API server at 0:05" });
    // Hovering: the words from the snapshot before the API box (2 s) to just after it was stored.
    const above = (node: Node) =>
      node.compareDocumentPosition(api) & Node.DOCUMENT_POSITION_FOLLOWING;
    await userEvent.hover(api);
    expect(marked()).toEqual(["put", "an", "api", "in"]);
    const note = screen.getByTestId("drawn-marked");
    expect(note).toHaveTextContent("API server, drawn by 0:05");
    // The note comes after the list: text appearing above the button would move it from under
    // the pointer between press and release (a click lost in the real window).
    expect(above(note)).toBe(0);
    await userEvent.unhover(api);
    expect(marked()).toEqual([]);

    // Chosen (clicked on the board): marked until another is chosen.
    act(() => canvases.at(-1)?.onElementClick?.("arrow"));
    await waitFor(() => expect(marked()).toEqual(["in", "front"]));
    act(() => canvases.at(-1)?.onElementClick?.("client"));
    await waitFor(() => expect(marked()).toEqual(["we", "put", "an"]));
  });

  it("an element the feedback quotes, chosen in Replay's feedback, is shown on the board", async () => {
    shell();
    render(<Replay navigate={vi.fn()} sessionId={SESSION.id} />);
    const panel = await screen.findByTestId("drawing-feedback");
    await screen.findByTestId("fake-canvas");
    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    const board = screen.getByTestId("replay-board");
    expect(board).toHaveAttribute("data-scene-seq", "0");

    // The component list and the finding both quote the API box.
    const quoted = panel.querySelectorAll('button[data-element-id="api"]');
    expect(quoted).toHaveLength(2);
    await userEvent.click(quoted[1] as HTMLElement);
    expect(video.currentTime).toBe(5);
    await waitFor(() => expect(board).toHaveAttribute("data-scene-seq", "2"));
    expect(canvases.at(-1)?.highlight).toBe("api");
    expect(marked()).toEqual(["put", "an", "api", "in"]);

    await userEvent.click(panel.querySelector('button[data-element-id="client"]') as HTMLElement);
    expect(video.currentTime).toBe(2);
    await waitFor(() => expect(canvases.at(-1)?.highlight).toBe("client"));
  });

  it("shows nothing for a take answered without drawing", async () => {
    mockIPC((cmd) => {
      if (cmd === "scenes") return [];
      throw { code: "media_not_found", message: "no recording" };
    });
    render(<TakePlayer take={TAKE} label="Take 1" />);
    await screen.findByRole("region", { name: "Take 1" });
    await act(() => new Promise((done) => setTimeout(done, 50)));
    expect(screen.queryByTestId("replay-board")).toBeNull();
  });
});
