import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { History } from "./History";

const SESSION = {
  id: "0b7a3c2e-1f4d-4c5e-9a8b-7c6d5e4f3a2b",
  started_at_ms: Date.UTC(2026, 10, 27, 19, 5),
  ended_at_ms: Date.UTC(2026, 10, 27, 19, 20),
  plan: "quick-15",
  level: "staff",
  questions: 2,
  takes: 3,
  overall: 3.44,
  scores: [{ id: "communication", score: 3.5 }],
};

// mockIPC replaces only the transport: the generated bindings and the screen run for real.
function backend(sessions: unknown[] = [SESSION]) {
  const calls: { cmd: string; args: unknown }[] = [];
  let list = sessions;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "sessions_list":
        return list;
      case "sessions_search":
        return [
          {
            session_id: SESSION.id,
            session_started_at_ms: SESSION.started_at_ms,
            take_id: 7,
            question_text: "Design a rate limiter.",
            start_ms: 42_000,
            snippet: "…then we [shard] the counters by key",
          },
        ];
      case "session_delete":
        list = [];
        return null;
      case "data_delete_all":
        list = [];
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

describe("History", () => {
  it("lists sessions with their score and opens one in the replay studio", async () => {
    backend();
    const navigate = vi.fn();
    render(<History navigate={navigate} />);

    const item = (await screen.findByTestId("session-list")).querySelector("li")!;
    expect(within(item).getByText("3.4")).toBeInTheDocument();
    expect(within(item).getByText(/staff · 2 questions · 3 takes/)).toBeInTheDocument();
    await userEvent.click(within(item).getByRole("button", { name: /^Replay/ }));
    expect(navigate).toHaveBeenCalledWith({ name: "replay", sessionId: SESSION.id });
  });

  it("searches transcripts and marks the matched words", async () => {
    const calls = backend();
    const navigate = vi.fn();
    render(<History navigate={navigate} />);

    await userEvent.type(screen.getByLabelText(/Words to find/), "shard");
    const hits = await screen.findByTestId("search-hits");
    expect(within(hits).getByText("shard").tagName).toBe("MARK");
    expect(calls.filter((c) => c.cmd === "sessions_search").at(-1)?.args).toEqual({ query: "shard" });
    await userEvent.click(within(hits).getByRole("button"));
    expect(navigate).toHaveBeenCalledWith({
      name: "replay",
      sessionId: SESSION.id,
      takeId: 7,
      atMs: 42_000,
    });
  });

  it("deletes a session only after confirmation, then lists what is left", async () => {
    const calls = backend();
    render(<History navigate={vi.fn()} />);

    await userEvent.click(await screen.findByRole("button", { name: /^Delete .*quick-15/ }));
    expect(calls.some((c) => c.cmd === "session_delete")).toBe(false);
    const dialog = screen.getByRole("alertdialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete session" }));

    expect(await screen.findByText(/No sessions yet/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "session_delete")?.args).toEqual({ sessionId: SESSION.id });
  });

  it("deletes all data only when the phrase is typed exactly", async () => {
    const calls = backend();
    render(<History navigate={vi.fn()} />);

    await userEvent.click(await screen.findByRole("button", { name: "Delete all my data…" }));
    const confirm = screen.getByRole("button", { name: "Delete everything" });
    await userEvent.type(screen.getByLabelText(/to confirm/), "delete all my data");
    expect(confirm).toBeDisabled();
    await userEvent.clear(screen.getByLabelText(/to confirm/));
    await userEvent.type(screen.getByLabelText(/to confirm/), "DELETE ALL MY DATA");
    await userEvent.click(confirm);

    expect(await screen.findByText("All your data was deleted.")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "data_delete_all")?.args).toEqual({
      request: { confirmation: "DELETE ALL MY DATA" },
    });
    expect(await screen.findByText(/No sessions yet/)).toBeInTheDocument();
  });

  it("shows the store's error with what to do", async () => {
    mockIPC(() => {
      throw { code: "store_corrupt", message: "the database is damaged: run onsite sessions repair" };
    });
    render(<History navigate={vi.fn()} />);
    const alerts = await screen.findAllByRole("alert");
    expect(alerts[0]).toHaveTextContent("run onsite sessions repair");
  });
});
