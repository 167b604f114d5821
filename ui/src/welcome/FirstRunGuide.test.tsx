import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DevicesView, ModelStatus, PrivacyFacts } from "../bindings";
import { DEVICES, MODEL_READY, NO_DEVICES, wireFrame } from "../test/deviceFixtures";
import { OPTIONS } from "../test/liveFixtures";
import { FirstRunGuide } from "./FirstRunGuide";

const FACTS: PrivacyFacts = {
  places: [
    { what: "Data folder", path: "/home/ada/.local/share/onsite", holds: "Everything below.", size_bytes: 4096 },
    { what: "Database", path: "/home/ada/.local/share/onsite/onsite.db", holds: "Sessions.", size_bytes: 65536 },
    { what: "Recordings", path: "/home/ada/.local/share/onsite/media", holds: "One MP4 per answer.", size_bytes: null },
    { what: "Speech models", path: "/home/ada/.local/share/onsite/models", holds: "Whisper models.", size_bytes: null },
  ],
  statements: [
    "Nothing leaves this computer: Onsite makes no network connection, has no account and sends no telemetry.",
    "Removing the Onsite package leaves your recordings and database in the data folder: delete them from the app first (History → Delete all my data) or delete the data folder yourself.",
  ],
};

// mockIPC replaces only the transport under invoke: the command wrappers, the reused device,
// privacy and start-form components run for real.
function shell({
  devices = DEVICES,
  model = MODEL_READY,
  saveFails = false,
}: { devices?: DevicesView; model?: ModelStatus; saveFails?: boolean } = {}) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let seq = 0;
  mockIPC(
    async (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      switch (cmd) {
        case "privacy_facts":
          return FACTS;
        case "devices_list":
          return devices;
        case "preview_start":
        case "preview_stop":
        case "mic_monitor_start":
        case "mic_monitor_stop":
          return null;
        case "preview_frame":
          await new Promise((r) => setTimeout(r, 20));
          seq += 1;
          return wireFrame(seq);
        case "model_status":
          return model;
        case "interview_options":
          return OPTIONS;
        case "first_run_done":
          if (saveFails) throw { code: "store_unavailable", message: "the database is locked" };
          return null;
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

const next = (label: string) => userEvent.click(screen.getByRole("button", { name: `Next: ${label}` }));
const currentStep = () => screen.getByTestId("first-run").getAttribute("data-step");

describe("FirstRunGuide", () => {
  it("steps through what Onsite does, the data, the devices and starts the first session", async () => {
    const calls = shell();
    const navigate = vi.fn();
    render(<FirstRunGuide navigate={navigate} />);

    // Step 1: what Onsite does.
    expect(screen.getByRole("heading", { level: 1, name: "Welcome to Onsite" })).toBeInTheDocument();
    const steps = screen.getByRole("list", { name: "Guide steps" });
    expect(within(steps).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "1What Onsite does",
      "2Your data",
      "3Camera and microphone",
      "4First session",
    ]);
    expect(within(steps).getByText("What Onsite does").closest("li")).toHaveAttribute("aria-current", "step");
    expect(screen.getByText(/Whisper transcribes your answer on this computer/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Back" })).not.toBeInTheDocument();

    // Step 2: where data lives, from the privacy page's command.
    await next("Your data");
    expect(currentStep()).toBe("privacy");
    const heading = screen.getByRole("heading", { level: 2, name: /Nothing leaves this computer/ });
    expect(heading).toHaveFocus();
    expect(await screen.findByText("/home/ada/.local/share/onsite/onsite.db")).toBeInTheDocument();
    expect(screen.getByText("/home/ada/.local/share/onsite/media")).toBeInTheDocument();
    expect(screen.getByText(/Removing the Onsite package leaves your recordings and database/)).toBeInTheDocument();

    // Step 3: the device check's own components (preview, level, test, model).
    await next("Camera and microphone");
    expect(currentStep()).toBe("devices");
    expect(await screen.findByRole("img", { name: "Your camera: live picture" })).toBeInTheDocument();
    expect(screen.getByRole("meter", { name: "Level" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Say something (5 s test)" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("model-status")).toHaveAttribute("data-state", "ready"));

    // Step 4: the home screen's start form, quick practice chosen.
    await next("First session");
    expect(calls.some((c) => c.cmd === "preview_stop")).toBe(true);
    expect(await screen.findByRole("radio", { name: /Quick practice/ })).toBeChecked();
    expect(calls.some((c) => c.cmd === "first_run_done")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Start a practice session" }));

    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith({
        name: "interview",
        start: expect.objectContaining({ plan: "quick-15", level: "senior" }),
      }),
    );
    expect(calls.filter((c) => c.cmd === "first_run_done").map((c) => c.args)).toEqual([{ outcome: "completed" }]);
  });

  it("goes through the device check first when the devices step found no microphone", async () => {
    shell({ devices: NO_DEVICES });
    const navigate = vi.fn();
    render(<FirstRunGuide navigate={navigate} />);
    await next("Your data");
    await next("Camera and microphone");
    expect(await screen.findByText(/No microphone found\. Connect one/)).toBeInTheDocument();
    expect(screen.getByText(/No camera found\. You can practise audio-only/)).toBeInTheDocument();
    // Continuing without a camera (or microphone) is allowed.
    await next("First session");
    await userEvent.click(await screen.findByRole("button", { name: "Start a practice session" }));
    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith({
        name: "device-check",
        start: expect.objectContaining({ plan: "quick-15", level: "senior" }),
      }),
    );
  });

  it("skips from any step, remembers it and goes home", async () => {
    const calls = shell();
    const navigate = vi.fn();
    render(<FirstRunGuide navigate={navigate} />);
    await next("Your data");
    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(currentStep()).toBe("about");
    await next("Your data");
    await next("Camera and microphone");

    await userEvent.click(screen.getByRole("button", { name: "Skip guide" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ name: "home" }));
    expect(calls.filter((c) => c.cmd === "first_run_done").map((c) => c.args)).toEqual([{ outcome: "skipped" }]);
    // Skipping starts nothing: home is the only place it went.
    expect(navigate.mock.calls).toEqual([[{ name: "home" }]]);
  });

  it("finishes without starting a session", async () => {
    const calls = shell();
    const navigate = vi.fn();
    render(<FirstRunGuide navigate={navigate} />);
    for (const label of ["Your data", "Camera and microphone", "First session"]) await next(label);
    await userEvent.click(screen.getByRole("button", { name: "Finish without starting" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ name: "home" }));
    expect(calls.filter((c) => c.cmd === "first_run_done").map((c) => c.args)).toEqual([{ outcome: "completed" }]);
  });

  it("is keyboard driven: Tab reaches Skip guide and Next, Enter moves on", async () => {
    shell();
    const navigate = vi.fn();
    render(<FirstRunGuide navigate={navigate} />);
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Skip guide" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Next: Your data" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(currentStep()).toBe("privacy");
  });

  it("does not trap the user when the choice cannot be saved, and shows why it was unreadable", async () => {
    shell({ saveFails: true });
    const navigate = vi.fn();
    render(<FirstRunGuide navigate={navigate} problem="version 7 where 1 was expected" />);
    expect(screen.getByTestId("first-run-problem")).toHaveTextContent("version 7 where 1 was expected");
    await userEvent.click(screen.getByRole("button", { name: "Skip guide" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ name: "home" }));
  });
});
