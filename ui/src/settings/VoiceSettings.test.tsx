import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { VoiceOption_Serialize as VoiceOption } from "../bindings";
import { VoiceSettings } from "./VoiceSettings";

const PIPER: VoiceOption = {
  name: "en_US-joe-medium",
  kind: "piper",
  label: "Piper neural voice",
  default: true,
  problem: null,
};
const ESPEAK: VoiceOption = {
  name: "espeak",
  kind: "espeak",
  label: "espeak-ng (robotic fallback)",
  default: false,
  problem: null,
};

/** The shell: remembered settings, the voices installed, and what it refuses. */
function shell(voices: VoiceOption[], voiceName: string | null = null, refuse: string[] = []) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    switch (cmd) {
      case "settings_get":
        return {
          voice_on: null,
          voice_speed: 1,
          voice_speed_min: 0.5,
          voice_speed_max: 2,
          voice_name: voiceName,
          hands_free: null,
          end_silence_s: 5,
          end_silence_min: 2,
          end_silence_max: 30,
        };
      case "voice_status":
        return { name: voiceName ?? PIPER.name, state: "ready", error: null, load_ms: 900 };
      case "voice_list":
        return voices;
      case "voice_choose":
        if (refuse.includes(a.name as string)) {
          throw { code: "voice_unknown", message: `no voice named ${a.name as string}` };
        }
        return null;
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

const choice = () => screen.findByTestId<HTMLSelectElement>("voice-choice");
const chosenCalls = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === "voice_choose").map((c) => c.args.name);

describe("choosing the interviewer's voice in Settings", () => {
  it("lists the installed voices, the default chosen, and saves another choice", async () => {
    const calls = shell([PIPER, ESPEAK]);
    render(<VoiceSettings />);
    const select = await choice();
    const options = [...select.options].map((o) => o.textContent);
    expect(options).toEqual([
      "en_US-joe-medium: Piper neural voice (default)",
      "espeak: espeak-ng (robotic fallback)",
    ]);
    expect(select.value).toBe(PIPER.name);

    const statusAsks = calls.filter((c) => c.cmd === "voice_status").length;
    await userEvent.selectOptions(select, "espeak");
    await waitFor(() => expect(chosenCalls(calls)).toEqual(["espeak"]));
    expect(await screen.findByText("Voice saved.")).toBeInTheDocument();
    expect(select.value).toBe("espeak");
    // The status (for the sample and the "no voice" hint) is read again for the new voice.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "voice_status").length).toBe(statusAsks + 1));

    // Back to the default voice: saved as "no choice", so a new default follows.
    await userEvent.selectOptions(select, PIPER.name);
    await waitFor(() => expect(chosenCalls(calls)).toEqual(["espeak", null]));
    expect(select.value).toBe(PIPER.name);
  });

  it("shows the remembered choice, offers no voice that cannot be used, and keeps the choice when one is refused", async () => {
    const broken: VoiceOption = {
      ...PIPER,
      problem: { code: "voice_not_found", message: "libonnxruntime.so is missing" },
    };
    const other: VoiceOption = { ...PIPER, name: "en_US-other-medium", default: false };
    const calls = shell([broken, other, ESPEAK], "espeak", ["en_US-other-medium"]);
    render(<VoiceSettings />);
    const select = await choice();
    expect(select.value).toBe("espeak");
    const first = select.options[0]!;
    expect(first.disabled).toBe(true);
    expect(first.textContent).toContain("cannot be used: libonnxruntime.so is missing");

    await userEvent.selectOptions(select, "en_US-other-medium");
    expect(await screen.findByRole("alert")).toHaveTextContent("no voice named en_US-other-medium");
    expect(chosenCalls(calls)).toEqual(["en_US-other-medium"]);
    expect(select.value).toBe("espeak");
  });
});
