import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { FirstRunView } from "../bindings";
import { OPTIONS } from "../test/liveFixtures";
import { DECIDE_WAIT_MS } from "./useFirstRunGate";

const SETTINGS = {
  theme: "system",
  threads: null,
  max_threads: 2,
  rubric_pack: null,
  model: null,
  data_dir: "/home/ada/.local/share/onsite",
};

/**
 * The whole app over a mocked transport; `status` is what `first_run_status` answers (an
 * object, or a function that throws for a failing command).
 */
function shell(status: FirstRunView | (() => never) | Promise<FirstRunView>) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "first_run_status":
        return typeof status === "function" ? status() : status;
      case "first_run_done":
        return null;
      case "app_info":
        return { version: "1.0.0", data_dir: SETTINGS.data_dir };
      case "interview_options":
        return OPTIONS;
      case "sessions_list":
        return [];
      case "settings_get":
        return SETTINGS;
      case "rubric_packs":
        return { packs: [], chosen: null, problem: null, folder: "/r" };
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

const guide = () => screen.findByRole("heading", { level: 1, name: "Welcome to Onsite" });
const home = () => screen.findByRole("heading", { level: 1, name: "Onsite" });

describe("the first-run gate", () => {
  it("opens on the guide when nothing is remembered, without the nav bar or a flash of home", async () => {
    shell({ show: true, outcome: null, problem: null });
    render(<App />);
    expect(screen.queryByRole("heading", { level: 1 })).not.toBeInTheDocument();
    expect(await guide()).toBeInTheDocument();
    expect(screen.getByTestId("first-run")).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Sections" })).not.toBeInTheDocument();
    expect(screen.queryByTestId("first-run-problem")).not.toBeInTheDocument();
  });

  it("opens on home once the guide was finished or skipped", async () => {
    shell({ show: false, outcome: "skipped", problem: null });
    render(<App />);
    expect(await home()).toBeInTheDocument();
    expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
  });

  it("shows the guide, with the reason, when the remembered value is corrupt; skipping saves it again", async () => {
    const calls = shell({
      show: true,
      outcome: null,
      problem: "the saved first-run state could not be read (invalid type: string \"done\"); the guide shows again",
    });
    render(<App />);
    expect(await guide()).toBeInTheDocument();
    expect(screen.getByTestId("first-run-problem")).toHaveTextContent('invalid type: string "done"');
    await userEvent.click(screen.getByRole("button", { name: "Skip guide" }));
    expect(await home()).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "first_run_done").map((c) => c.args)).toEqual([{ outcome: "skipped" }]);
    expect(screen.getByRole("navigation", { name: "Sections" })).toBeInTheDocument();
  });

  it("shows the guide when the status cannot be asked at all", async () => {
    shell(() => {
      throw { code: "store_unavailable", message: "the database could not be opened" };
    });
    render(<App />);
    expect(await guide()).toBeInTheDocument();
    expect(screen.getByTestId("first-run-problem")).toHaveTextContent("the database could not be opened");
  });

  it("draws home when the store is too slow to say, and does not jump into the guide later", async () => {
    let answer: (v: FirstRunView) => void = () => undefined;
    shell(new Promise<FirstRunView>((resolve) => (answer = resolve)));
    render(<App />);
    expect(await home().then(() => true, () => false)).toBe(false);
    expect(await screen.findByRole("heading", { level: 1, name: "Onsite" }, { timeout: DECIDE_WAIT_MS + 1000 })).toBeInTheDocument();
    answer({ show: true, outcome: null, problem: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
  });

  it("reopens from Settings", async () => {
    shell({ show: false, outcome: "completed", problem: null });
    render(<App />);
    await home();
    await userEvent.click(screen.getByRole("button", { name: "Settings" }));
    await userEvent.click(await screen.findByRole("button", { name: "Show the welcome guide again" }));
    expect(await guide()).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveFocus());
  });
});
