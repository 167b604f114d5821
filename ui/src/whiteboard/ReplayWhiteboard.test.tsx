import { mockIPC } from "@tauri-apps/api/mocks";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { TakeView_Serialize as TakeView } from "../bindings";
import { TakePlayer } from "../replay/TakePlayer";
import { canvases } from "../test/fakeCanvas";
import { firstAppearances, sceneIndexAt } from "./timeline";

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
  words: [{ text: "we", start_ms: 100, end_ms: 300 }],
  markers: [],
  score: null,
  follow_ups: [],
  interviewer_lines: [],
} as unknown as TakeView;

function shell() {
  const asked: string[] = [];
  mockIPC((cmd) => {
    asked.push(cmd);
    if (cmd === "scenes") return SCENES;
    // No recording in the test window: the player shows its error, the board still follows.
    throw { code: "media_not_found", message: "no recording" };
  });
  return asked;
}

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
    expect(canvases.at(-1)?.viewOnly).toBe(true);

    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    playTo(video, 6_000); // half-way: client and API, no arrow yet
    await waitFor(() => expect(shown()).toBe(SCENES[1]?.scene));
    expect(board).toHaveAttribute("data-scene-seq", "2");
    playTo(video, 10_000);
    await waitFor(() => expect(shown()).toBe(SCENES[2]?.scene));
    playTo(video, 2_500); // scrubbing back moves it back
    await waitFor(() => expect(shown()).toBe(SCENES[0]?.scene));

    await userEvent.click(screen.getByText("Drawn, in order (3)"));
    await userEvent.click(screen.getByRole("button", { name: "API server at 0:05" }));
    expect(video.currentTime).toBe(5);
    await waitFor(() => expect(shown()).toBe(SCENES[1]?.scene));
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
