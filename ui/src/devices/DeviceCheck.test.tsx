import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DevicesView, ModelStatus } from "../bindings";
import { DEVICES, HEARD, MODEL_READY, NO_DEVICES, wireFrame } from "../test/deviceFixtures";
import { REQUEST } from "../test/liveFixtures";
import { DeviceCheck } from "./DeviceCheck";

// mockIPC replaces only the transport under invoke: the generated command wrappers, the event
// plumbing and the components run for real.
function shell({
  devices = DEVICES,
  model = [{ ...MODEL_READY, state: "loading", load_ms: null }, MODEL_READY],
}: { devices?: DevicesView; model?: ModelStatus[] } = {}) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let seq = 0;
  let modelAsks = 0;
  mockIPC(
    async (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      switch (cmd) {
        case "devices_list":
          return devices;
        case "devices_choose":
          return { camera: null, mic: null };
        case "preview_start":
        case "preview_stop":
        case "mic_monitor_start":
        case "mic_monitor_stop":
        case "voice_plan_ahead":
          return null;
        case "preview_frame":
          await new Promise((r) => setTimeout(r, 20));
          seq += 1;
          return wireFrame(seq);
        case "model_status":
          return model[Math.min(modelAsks++, model.length - 1)];
        case "mic_test":
          await new Promise((r) => setTimeout(r, 30));
          return HEARD;
      }
      throw new Error(`unexpected command ${cmd}`);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

beforeEach(() => {
  vi.stubGlobal("createImageBitmap", async () => ({ close: () => undefined }));
});

describe("DeviceCheck", () => {
  it("shows the preview, the level, the test transcript and the model, then continues", async () => {
    const calls = shell();
    const navigate = vi.fn();
    const { unmount } = render(<DeviceCheck navigate={navigate} start={REQUEST} />);

    expect(screen.getByRole("heading", { level: 1, name: "Check your camera and microphone" })).toBeInTheDocument();
    expect(await screen.findByRole("img", { name: "Your camera: live picture" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "preview_start")?.args).toEqual({ camera: "synthetic" });
    expect(calls.find((c) => c.cmd === "mic_monitor_start")?.args).toEqual({ mic: "default" });
    // The session is planned ahead once, so the interviewer's first line is ready when it starts.
    expect(calls.filter((c) => c.cmd === "voice_plan_ahead").map((c) => c.args)).toEqual([{ request: REQUEST }]);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "preview_frame").length).toBeGreaterThan(2));
    // Each request asks for a frame newer than the last one drawn.
    const afters = calls.filter((c) => c.cmd === "preview_frame").map((c) => c.args.after);
    expect(afters.slice(0, 3)).toEqual([0, 1, 2]);

    const meter = screen.getByRole("meter", { name: "Level" });
    expect(meter).toHaveAttribute("aria-valuetext", "no sound yet");
    await act(() => emit("mic-level", { rms_db: -18, peak_db: -6, error: null }));
    await waitFor(() => expect(meter).toHaveAttribute("aria-valuenow", "-18"));

    const start = screen.getByRole("button", { name: "Start the interview" });
    await waitFor(() => expect(screen.getByTestId("model-status")).toHaveAttribute("data-state", "ready"));
    expect(screen.getByTestId("model-status")).toHaveTextContent("tiny.en is ready (loaded in 312 ms)");
    expect(start).toBeEnabled();

    await userEvent.click(screen.getByRole("button", { name: "Say something (5 s test)" }));
    expect(screen.getByText(/Listening… say a sentence/)).toBeInTheDocument();
    expect(await screen.findByTestId("mic-test-transcript")).toHaveTextContent("ask not what your country");
    expect(calls.find((c) => c.cmd === "mic_test")?.args).toEqual({ mic: "default", seconds: 5 });

    await userEvent.click(start);
    expect(navigate).toHaveBeenCalledWith({ name: "interview", start: REQUEST });
    unmount();
    expect(calls.some((c) => c.cmd === "preview_stop")).toBe(true);
    expect(calls.some((c) => c.cmd === "mic_monitor_stop")).toBe(true);
  });

  it("remembers a new choice and reopens that device", async () => {
    const calls = shell();
    render(<DeviceCheck navigate={vi.fn()} start={REQUEST} />);
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Input device" }), "usb");
    expect(calls.find((c) => c.cmd === "devices_choose")?.args).toEqual({ camera: null, mic: "usb" });
    await waitFor(() => expect(calls.filter((c) => c.cmd === "mic_monitor_start").at(-1)?.args).toEqual({ mic: "usb" }));

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Camera" }), "none");
    expect(calls.filter((c) => c.cmd === "devices_choose").at(-1)?.args).toEqual({ camera: "none", mic: null });
    expect(screen.getByRole("note")).toHaveTextContent("audio-only");
    await waitFor(() => expect(calls.some((c) => c.cmd === "preview_stop")).toBe(true));
  });

  it("says what to do without a camera, a microphone or the model", async () => {
    const missing: ModelStatus = {
      name: "tiny.en",
      path: null,
      state: "missing",
      error: { code: "unknown_model", message: "no model tiny.en in /data/models. Import a Whisper model in Settings → Model." },
      load_ms: null,
    };
    const calls = shell({ devices: NO_DEVICES, model: [missing] });
    const navigate = vi.fn();
    render(<DeviceCheck navigate={navigate} start={REQUEST} />);

    expect(await screen.findByText(/No camera found\. You can practise audio-only/)).toBeInTheDocument();
    expect(screen.getByText(/No microphone found\. Connect one/)).toBeInTheDocument();
    expect(await screen.findByRole("alert")).toHaveTextContent("The speech model tiny.en is not installed.");
    expect(screen.getByRole("button", { name: "Start the interview" })).toBeDisabled();
    expect(calls.some((c) => c.cmd === "preview_start" || c.cmd === "mic_monitor_start")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Open model settings" }));
    expect(navigate).toHaveBeenCalledWith({ name: "settings", page: "model" });
  });
});
