import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { feedback } from "../test/liveFixtures";
import { Replay } from "./Replay";

const SESSION_ID = "0b7a3c2e-1f4d-4c5e-9a8b-7c6d5e4f3a2b";

function take(id: number, attempt: number, overall: number) {
  return {
    take_id: id,
    attempt,
    status: attempt === 2 ? "recovered" : "complete",
    started_at_ms: 1_000,
    ended_at_ms: 9_000,
    has_media: true,
    text: "um we shard the counters",
    words: [
      { text: "um", start_ms: 200, end_ms: 400 },
      { text: "we", start_ms: 500, end_ms: 700 },
      { text: "shard", start_ms: 800, end_ms: 1_200 },
      { text: "the", start_ms: 1_300, end_ms: 1_400 },
      { text: "counters", start_ms: 1_500, end_ms: 2_000 },
    ],
    markers: [
      { kind: "filler", start_ms: 200, end_ms: 400, label: "um" },
      { kind: "red_flag", start_ms: 800, end_ms: 2_000, label: "No trade-offs named" },
    ],
    score: {
      overall,
      summary: "Solid start.",
      scores: [{ id: "technical_depth", score: 3 }],
      red_flags: [{ id: "no_trade_offs", message: "No trade-offs named", quote: "shard the counters", start_ms: 800 }],
      wpm: 140,
      fillers_per_min: 2.5,
      long_pauses: 0,
      covered: ["sharding"],
      missed: ["hot keys"],
    },
    follow_ups: ["What about hot keys?"],
  };
}

const SESSION = {
  id: SESSION_ID,
  started_at_ms: Date.UTC(2026, 10, 27, 19, 5),
  ended_at_ms: null,
  plan: "quick-15",
  level: "staff",
  questions: [
    { position: 1, question_id: "sd-rl", text: "Design a rate limiter.", takes: [take(11, 1, 2.5), take(12, 2, 3.5)] },
  ],
};

function backend(withFeedback = false) {
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    if (cmd === "session_detail") {
      expect(args).toEqual({ sessionId: SESSION_ID });
      return SESSION;
    }
    if (cmd === "take_feedback" && withFeedback) {
      return feedback({ take_id: (args as { takeId: number }).takeId });
    }
    if (cmd === "take_media_info") {
      return { take_id: 11, mime: 'video/mp4; codecs="avc1.42c01f,opus"', size_bytes: 10, duration_ms: 9_000, has_video: true, status: "complete" };
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

describe("Replay", () => {
  it("shows the transcript, markers and feedback; a word or a quote seeks the video", async () => {
    backend();
    render(<Replay navigate={vi.fn()} sessionId={SESSION_ID} />);

    const words = await screen.findByTestId("transcript-words");
    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    // This test window has no Media Source Extensions: the player says so instead of failing.
    expect(await screen.findByText(/cannot play recordings/)).toBeInTheDocument();

    await userEvent.click(within(words).getByRole("button", { name: /^shard/ }));
    expect(video.currentTime).toBeCloseTo(0.8);
    expect(within(words).getByRole("button", { name: /^shard/ })).toHaveAttribute("aria-current", "true");
    expect(within(words).getByRole("button", { name: /^um/ })).toHaveClass("w-filler");

    const feedback = screen.getByTestId("replay-feedback");
    await userEvent.click(within(feedback).getByRole("button", { name: /Play from 0:00: shard the counters/ }));
    expect(video.currentTime).toBeCloseTo(0.8);
    expect(screen.getByRole("img", { name: /1 filler, 1 red flag/ })).toBeInTheDocument();
    expect(screen.getByText(/Follow-up asked: What about hot keys\?/)).toBeInTheDocument();
  });

  it("moves through words with the arrow keys, one tab stop for the transcript", async () => {
    backend();
    render(<Replay navigate={vi.fn()} sessionId={SESSION_ID} />);
    const words = await screen.findByTestId("transcript-words");
    const buttons = within(words).getAllByRole("button");
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons[0]!.focus();
    await userEvent.keyboard("{ArrowRight}{ArrowRight}");
    expect(document.activeElement).toBe(buttons[2]);
  });

  it("puts two takes of the question side by side", async () => {
    backend();
    const navigate = vi.fn();
    const { rerender } = render(<Replay navigate={navigate} sessionId={SESSION_ID} takeId={11} />);

    await userEvent.selectOptions(await screen.findByLabelText("Compare with"), "12");
    expect(navigate).toHaveBeenCalledWith({ name: "replay", sessionId: SESSION_ID, takeId: 11, compareTakeId: 12 });

    rerender(<Replay navigate={navigate} sessionId={SESSION_ID} takeId={11} compareTakeId={12} />);
    const compare = await screen.findByTestId("compare");
    expect(within(compare).getAllByTestId("replay-video")).toHaveLength(2);
    expect(within(compare).getByRole("heading", { name: /Take 1/ })).toBeInTheDocument();
    expect(within(compare).getByRole("heading", { name: /Take 2/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Take 2.*recovered/ })).toBeInTheDocument();
  });

  it("shows both takes' whiteboards side by side, each following its own recording", async () => {
    // Take 1 drew a web client at 2 s; take 2 drew an API server at 3 s, then a queue at 6 s.
    const board = (...labels: [string, string][]) =>
      JSON.stringify({
        type: "excalidraw",
        elements: labels.flatMap(([id, text]) => [
          { id, type: "rectangle", version: 1, isDeleted: false },
          { id: `${id}-t`, type: "text", text, containerId: id, version: 1, isDeleted: false },
        ]),
      });
    const scenes: Record<number, { seq: number; at_ms: number; scene: string }[]> = {
      11: [{ seq: 1, at_ms: 2_000, scene: board(["client", "Web client"]) }],
      12: [
        { seq: 2, at_ms: 3_000, scene: board(["api", "API server"]) },
        { seq: 3, at_ms: 6_000, scene: board(["api", "API server"], ["queue", "Queue"]) },
      ],
    };
    mockIPC((cmd, args) => {
      if (cmd === "session_detail") return SESSION;
      if (cmd === "scenes") return scenes[(args as { takeId: number }).takeId] ?? [];
      throw { code: "media_not_found", message: "no recording" };
    });
    render(<Replay navigate={vi.fn()} sessionId={SESSION_ID} takeId={11} compareTakeId={12} />);
    const compare = await screen.findByTestId("compare");
    await waitFor(() => expect(within(compare).getAllByTestId("replay-board")).toHaveLength(2));
    const [first, second] = within(compare).getAllByTestId("replay-board") as [HTMLElement, HTMLElement];
    // Each column's board is its own take's, with its own list of what was drawn.
    expect(first.closest("[data-take-id]")).toHaveAttribute("data-take-id", "11");
    expect(second.closest("[data-take-id]")).toHaveAttribute("data-take-id", "12");
    expect(within(first).getByText("Drawn, in order (1)")).toBeInTheDocument();
    expect(within(first).getByRole("button", { name: "Web client at 0:02" })).toBeInTheDocument();
    expect(within(second).getByText("Drawn, in order (2)")).toBeInTheDocument();
    expect(within(second).getByRole("button", { name: "Queue at 0:06" })).toBeInTheDocument();

    // Choosing what one take drew seeks that take only: its board moves, the other's stays.
    const shown = (b: HTMLElement) => JSON.parse(b.getAttribute("data-shown-labels") ?? "null");
    expect(shown(first)).toEqual([]);
    expect(shown(second)).toEqual([]);
    await userEvent.click(within(second).getByText("Drawn, in order (2)"));
    await userEvent.click(within(second).getByRole("button", { name: "Queue at 0:06" }));
    await waitFor(() => expect(shown(second)).toEqual(["API server", "Queue"]));
    expect(shown(first)).toEqual([]);
    await userEvent.click(within(first).getByText("Drawn, in order (1)"));
    await userEvent.click(within(first).getByRole("button", { name: "Web client at 0:02" }));
    await waitFor(() => expect(shown(first)).toEqual(["Web client"]));
    expect(shown(second)).toEqual(["API server", "Queue"]);
    const [video1, video2] = within(compare).getAllByTestId("replay-video") as [HTMLVideoElement, HTMLVideoElement];
    expect(video1.currentTime).toBe(2);
    expect(video2.currentTime).toBe(6);
  });

  it("shows the interview room's feedback for the take, its quotes seeking the video", async () => {
    backend(true);
    render(<Replay navigate={vi.fn()} sessionId={SESSION_ID} />);
    await screen.findByTestId("transcript-words");
    const panel = await screen.findByTestId("feedback");
    const video = screen.getByTestId("replay-video") as HTMLVideoElement;
    await userEvent.click(within(panel).getByRole("button", { name: /write-through with a TTL/ }));
    expect(video.currentTime).toBeCloseTo(12.4);
  });
});
