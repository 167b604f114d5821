import { mockIPC } from "@tauri-apps/api/mocks";
import { render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REQUEST, view } from "../test/liveFixtures";
import { InterviewRoom } from "./InterviewRoom";
import { say, setPlayerFactory, voiceCommands, webAudioPlayer, type Player } from "./voice";

// Its own file: what was fetched ahead is kept by the page (module state), and the other room
// tests expect question 1 to be asked of the shell.

const QUESTION = view().question.text;

function recordingPlayer() {
  const played: number[] = [];
  const player: Player = {
    play: async (wav, started) => {
      played.push(new Uint8Array(wav)[0] ?? -1);
      started?.();
    },
    stop: () => {},
  };
  return { player, played };
}

function shell(planned: { text: string; speed: number } | null) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    switch (cmd) {
      case "voice_plan_ahead":
        return planned;
      case "session_view":
        return view();
      case "preview_frame":
        return new Promise((done) => setTimeout(() => done(new ArrayBuffer(0)), 500));
      case "settings_get":
        return { voice_on: null, voice_speed: 1.1, voice_speed_min: 0.5, voice_speed_max: 2 };
      case "voice_status":
        return { name: "en_US-joe-medium", state: "ready", error: null, load_ms: 900 };
      case "voice_sentences":
        return [QUESTION];
      case "voice_sentence":
        // The clip's first byte says which sentence it is (10 + index).
        return new Uint8Array([10 + (a.index as number)]).buffer;
      case "voice_prepare":
      case "interviewer_line_save":
      case "session_control":
        return null;
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

afterEach(() => setPlayerFactory(webAudioPlayer));

describe("question 1 fetched ahead at the device check", () => {
  it("is played in the room without asking the shell for it again", async () => {
    const calls = shell({ text: QUESTION, speed: 1.1 });
    const planned = await voiceCommands.planAhead(REQUEST);
    expect(planned).toEqual({ status: "ok", data: { text: QUESTION, speed: 1.1 } });
    // The first sentence is fetched at once, at the planned speed.
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "voice_sentence").map((c) => c.args)).toEqual([
        { text: QUESTION, index: 0, speed: 1.1 },
      ]),
    );

    const fake = recordingPlayer();
    setPlayerFactory(() => fake.player);
    render(<InterviewRoom navigate={vi.fn()} />);
    await waitFor(() => expect(fake.played).toEqual([10]));
    // Still the one request made at the device check: the room took the clip it had.
    expect(calls.filter((c) => c.cmd === "voice_sentence")).toHaveLength(1);
  });

  it("starts the first sentence before the list of sentences arrives, and asks for another speed anew", async () => {
    const calls = shell(null);
    let release: () => void = () => {};
    const listed = new Promise<void>((done) => (release = done));
    let listSent = false;
    mockIPC(async (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd === "voice_sentences") {
        await listed;
        listSent = true;
        return ["First one.", "Second one."];
      }
      if (cmd === "voice_sentence") return new Uint8Array([10 + (args as { index: number }).index]).buffer;
      throw new Error(`unexpected command ${cmd}`);
    });
    const fake = recordingPlayer();
    let startedBeforeList = false;
    const saying = say(fake.player, "First one. Second one.", 1.3, () => false, () => {
      startedBeforeList = !listSent;
    });
    await waitFor(() => expect(fake.played).toEqual([10]));
    expect(startedBeforeList).toBe(true);
    release();
    const outcome = await saying;
    expect(outcome.kind).toBe("done");
    expect(fake.played).toEqual([10, 11]);
    expect(calls.filter((c) => c.cmd === "voice_sentence").map((c) => c.args.speed)).toEqual([1.3, 1.3]);
  });
});
