import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent, LiveView } from "../lib/live";
import { view } from "../test/liveFixtures";
import { InterviewRoom } from "./InterviewRoom";
import { ECHO_TAIL_MS, setPlayerFactory, webAudioPlayer, type Player } from "./voice";
import { InterviewerLines } from "../replay/InterviewerLines";

const SENTENCES = ["Design a cache for a read-heavy product catalogue."];

/** A player that records each clip and plays it for `ms`, or until stopped. */
function fakePlayer(ms = 200) {
  const played: number[] = [];
  let stops = 0;
  let finish: (() => void) | null = null;
  const player: Player = {
    play: (wav) =>
      new Promise<void>((done) => {
        played.push(new Uint8Array(wav)[0] ?? -1);
        finish = done;
        setTimeout(done, ms);
      }),
    stop: () => {
      stops += 1;
      finish?.();
    },
  };
  return { player, played, stops: () => stops };
}

type Call = { cmd: string; args: unknown; at: number };

/** The shell: a running session in `first`, a voice in `voice` state, answers to controls. */
function shell(first: LiveView, voice: "ready" | "missing", answers: Record<string, LiveView> = {}) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args, at: Date.now() });
      switch (cmd) {
        case "session_view":
          return first;
        case "preview_frame":
          // No frame within the shell's half-second wait (an instant answer would spin).
          return new Promise((done) => setTimeout(() => done(new ArrayBuffer(0)), 500));
        case "settings_get":
          return { voice_on: null, voice_speed: 1.1, voice_speed_min: 0.5, voice_speed_max: 2 };
        case "voice_status":
          return voice === "ready"
            ? { name: "en_US-joe-medium", state: "ready", error: null, load_ms: 900 }
            : {
                name: "en_US-joe-medium",
                state: "missing",
                error: { code: "voice_unknown", message: "no voice named 'en_US-joe-medium'" },
                load_ms: null,
              };
        case "voice_sentences":
          return SENTENCES;
        case "voice_sentence":
          // The clip's first byte says which sentence it is.
          return new Uint8Array([(args as { index: number }).index + 1]).buffer;
        case "voice_prepare":
        case "interviewer_line_save":
          return null;
        case "session_control": {
          const action = (args as { action: string }).action;
          const answer = answers[action];
          if (!answer) throw { code: "invalid_action", message: `${action} is not possible now` };
          return answer;
        }
      }
      throw new Error(`unexpected command ${cmd}`);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const send = (event: LiveEvent) => act(() => emit("live-event", event));

afterEach(() => setPlayerFactory(webAudioPlayer));

describe("the interviewer's voice in the room", () => {
  it("says the question once when it appears, at the chosen speed, and can be stopped and replayed", async () => {
    const fake = fakePlayer(150);
    setPlayerFactory(() => fake.player);
    const calls = shell(view(), "ready");
    render(<InterviewRoom navigate={vi.fn()} />);

    expect(await screen.findByTestId("voice-stop")).toBeInTheDocument();
    expect(screen.getByText(/The interviewer is speaking/)).toBeInTheDocument();
    await waitFor(() => expect(fake.played).toEqual([1]));
    const asked = calls.filter((c) => c.cmd === "voice_sentence").map((c) => c.args);
    expect(asked).toEqual([{ text: SENTENCES[0], index: 0, speed: 1.1 }]);
    // Done: the control offers to ask again; the question is not said twice by itself.
    await userEvent.click(await screen.findByTestId("voice-replay"));
    await waitFor(() => expect(fake.played).toEqual([1, 1]));
    await userEvent.click(screen.getByTestId("voice-stop"));
    expect(fake.stops()).toBeGreaterThan(0);
    expect(await screen.findByTestId("voice-replay")).toBeInTheDocument();
    // The question text stays on screen throughout.
    expect(screen.getByTestId("question")).toHaveTextContent(SENTENCES[0]!);
  });

  it("tells the engine to listen for a hands-free answer after the question and its echo, and not during a replay", async () => {
    const fake = fakePlayer(150);
    setPlayerFactory(() => fake.player);
    const prep = view();
    const calls = shell(prep, "ready", { listen: prep, stop_listening: prep });
    render(<InterviewRoom navigate={vi.fn()} />);
    const controls = () =>
      calls.filter((c) => c.cmd === "session_control").map((c) => [(c.args as { action: string }).action, c.at] as const);

    await waitFor(() => expect(fake.played).toEqual([1]));
    await waitFor(() => expect(controls().map(([a]) => a)).toEqual(["listen"]));
    const said = calls.filter((c) => c.cmd === "voice_sentence")[0]!.at;
    // Not before the line played (150 ms) and the echo tail after it.
    expect(controls()[0]![1] - said).toBeGreaterThanOrEqual(150 + ECHO_TAIL_MS - 20);

    await userEvent.click(await screen.findByTestId("voice-replay"));
    await waitFor(() => expect(controls().map(([a]) => a)).toEqual(["listen", "stop_listening", "listen"]));
    const replayed = controls();
    expect(replayed[2]![1] - replayed[1]![1]).toBeGreaterThanOrEqual(150 + ECHO_TAIL_MS - 20);
  });

  it("stops talking and waits out the echo before the answer records, then keeps the line with the take", async () => {
    const fake = fakePlayer(10_000);
    setPlayerFactory(() => fake.player);
    const answering = view({ phase: "answering", take_id: 42, timer: { kind: "answer", limit_ms: 60_000, remaining_ms: 60_000 } });
    const calls = shell(view({ take_id: null }), "ready", { begin_answer: answering });
    render(<InterviewRoom navigate={vi.fn()} />);

    await screen.findByTestId("voice-stop");
    await waitFor(() => expect(fake.played).toEqual([1]));
    const pressed = Date.now();
    await userEvent.click(screen.getByRole("button", { name: /Start answering/ }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "session_control")).toBe(true));
    const control = calls.find((c) => c.cmd === "session_control")!;
    expect(fake.stops()).toBeGreaterThan(0);
    expect(control.at - pressed).toBeGreaterThanOrEqual(ECHO_TAIL_MS - 20);
    await waitFor(() => expect(screen.queryByTestId("voice-stop")).toBeNull());

    const saved = await waitFor(() => {
      const call = calls.find((c) => c.cmd === "interviewer_line_save");
      expect(call).toBeDefined();
      return call!.args as Record<string, unknown>;
    });
    expect(saved).toMatchObject({ takeId: 42, part: "main", text: SENTENCES[0], stopped: true });
    expect(saved.endedAtMs as number).toBeGreaterThanOrEqual(saved.saidAtMs as number);
  });

  it("stops talking before preparation runs out, so the recording that starts then is quiet", async () => {
    const fake = fakePlayer(10_000);
    setPlayerFactory(() => fake.player);
    shell(view({ timer: { kind: "prep", limit_ms: 60_000, remaining_ms: 1_500 } }), "ready");
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("voice-stop");
    await waitFor(() => expect(fake.played).toEqual([1]));
    const before = fake.stops();
    // The countdown reaches the tail before the coordinator's own deadline.
    await waitFor(() => expect(fake.stops()).toBeGreaterThan(before), { timeout: 2_000 });
    expect(screen.queryByTestId("voice-stop")).toBeNull();
  });

  it("prepares the follow-up the feedback names", async () => {
    setPlayerFactory(() => fakePlayer(10).player);
    const calls = shell(view({ phase: "feedback", timer: null, follow_up_text: "What if the cache is cold?" }), "ready");
    render(<InterviewRoom navigate={vi.fn()} />);
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "voice_prepare").map((c) => c.args)).toEqual([
        { text: "What if the cache is cold?", speed: 1.1 },
      ]),
    );
    await send({ kind: "view", ...view({ phase: "feedback", timer: null, follow_up_text: "What if the cache is cold?" }) });
    expect(calls.filter((c) => c.cmd === "voice_prepare")).toHaveLength(1);
  });

  it("asks the follow-up aloud when it comes after the answer, then listens and keeps the line with its take", async () => {
    const fake = fakePlayer(20);
    setPlayerFactory(() => fake.player);
    const followUp = "What if the cache is cold?";
    // The views the engine sends: the feedback naming the follow-up, then (on Next) the
    // follow-up being prepared, its text in place of the question's, with its short
    // preparation countdown and no take yet; then its answer recording.
    const feedback = view({ phase: "feedback", timer: null, follow_up_text: followUp });
    const asked = view({
      phase: "prep",
      question: { ...view().question, text: followUp, part: "follow_up" },
      follow_up_text: followUp,
      take: 0,
      take_id: null,
      timer: { kind: "prep", limit_ms: 15_000, remaining_ms: 15_000 },
    });
    const answering = view({
      ...asked,
      phase: "answering",
      take: 1,
      take_id: 43,
      timer: { kind: "answer", limit_ms: 60_000, remaining_ms: 60_000 },
    });
    const calls = shell(feedback, "ready", { next: asked, listen: asked, begin_answer: answering });
    render(<InterviewRoom navigate={vi.fn()} />);
    const controls = () => calls.filter((c) => c.cmd === "session_control").map((c) => (c.args as { action: string }).action);
    const next = await screen.findByRole("button", { name: /Next question/ });
    expect(calls.map((c) => c.cmd)).not.toContain("voice_sentence");
    // Next: the coordinator shows the follow-up to prepare; the interviewer says it.
    await userEvent.click(next);
    await waitFor(() => expect(fake.played.length).toBe(1));
    expect(screen.getByTestId("question")).toHaveTextContent(followUp);
    const said = calls.filter((c) => c.cmd === "voice_sentence").map((c) => (c.args as { text: string }).text);
    expect(said).toEqual([followUp]);
    // Said: the engine listens for the answer (hands-free), as after a question.
    await waitFor(() => expect(controls()).toEqual(["next", "listen"]));
    // The key still starts it; the line is kept with the follow-up's take.
    await userEvent.click(screen.getByRole("button", { name: /Start answering/ }));
    await send({ kind: "view", ...answering });
    const saved = await waitFor(() => {
      const call = calls.find((c) => c.cmd === "interviewer_line_save");
      expect(call).toBeDefined();
      return call!.args as Record<string, unknown>;
    });
    expect(saved).toMatchObject({ takeId: 43, part: "follow_up", text: followUp, stopped: false });
  });

  it("shows the text only, with a one-line note, when no voice is installed", async () => {
    const fake = fakePlayer();
    setPlayerFactory(() => fake.player);
    const calls = shell(view(), "missing");
    render(<InterviewRoom navigate={vi.fn()} />);

    const note = await screen.findByTestId("voice-note");
    expect(note).toHaveAttribute("data-code", "voice_unknown");
    expect(note).toHaveTextContent(/No interviewer voice is installed.*shown as text/);
    expect(screen.getByTestId("question")).toHaveTextContent(SENTENCES[0]!);
    expect(calls.map((c) => c.cmd)).not.toContain("voice_sentence");
    expect(fake.played).toEqual([]);
  });
});

describe("InterviewerLines in replay", () => {
  it("shows each line beside the words, before the answer or at a time that seeks", async () => {
    const onSeek = vi.fn();
    render(
      <InterviewerLines
        onSeek={onSeek}
        lines={[
          { kind: "question", label: "Question", text: "Design a rate limiter.", start_ms: -20_400, end_ms: -14_000, stopped: false },
          { kind: "follow_up", label: "Follow-up", text: "How does it fail?", start_ms: 65_000, end_ms: 67_000, stopped: true },
        ]}
      />,
    );
    const items = screen.getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Interviewer · Question 0:20 before the answer");
    expect(items[0]).toHaveTextContent("Design a rate limiter.");
    expect(items[1]).toHaveTextContent("(cut short)");
    await userEvent.click(screen.getByRole("button", { name: "at 1:05" }));
    expect(onSeek).toHaveBeenCalledWith(65_000);
  });
});
