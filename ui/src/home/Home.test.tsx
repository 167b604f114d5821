import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { OPTIONS } from "../test/liveFixtures";
import { Home } from "./Home";

const APP_INFO = { version: "9.8.7", data_dir: "/home/ada/.local/share/onsite" };

// mockIPC replaces only the transport under @tauri-apps/api's invoke: the command wrappers,
// the result mapping and the components run for real.
function shell(extra: Record<string, (args: unknown) => unknown> = {}) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "app_info") return APP_INFO;
    if (cmd === "interview_options") return OPTIONS;
    const handler = extra[cmd];
    if (cmd === "sessions_list" && !handler) return [];
    if (handler) return handler(args);
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

describe("Home", () => {
  it("shows the plans, levels and tracks from the shell, and the data folder", async () => {
    shell();
    render(<Home navigate={vi.fn()} />);

    expect(screen.getByRole("heading", { level: 1, name: "Onsite" })).toBeInTheDocument();
    expect(screen.getByText(/Loading interview plans/)).toBeInTheDocument();
    expect(await screen.findByRole("radio", { name: /Quick practice/ })).toBeChecked();
    expect(screen.getByRole("radio", { name: /Staff loop 60 min · 5 questions/ })).not.toBeChecked();
    expect(screen.getByRole("radio", { name: "Senior" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "System design" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Live captions while I answer" })).not.toBeChecked();
    expect(screen.getByRole("heading", { name: "Recent sessions" })).toBeInTheDocument();
    expect(await screen.findByText(/^None yet\./)).toBeInTheDocument();
    expect(await screen.findByTestId("data-dir")).toHaveTextContent(APP_INFO.data_dir);
    expect(screen.getByText(/Version 9\.8\.7/)).toBeInTheDocument();
  });

  it("starts the chosen session: the request goes through the device check to the room", async () => {
    shell();
    const navigate = vi.fn();
    render(<Home navigate={navigate} />);

    await userEvent.click(await screen.findByRole("radio", { name: /Staff loop/ }));
    await userEvent.click(screen.getByRole("radio", { name: "Staff" }));
    await userEvent.click(screen.getByText("Focus on particular tracks"));
    await userEvent.click(screen.getByRole("checkbox", { name: "Leadership and influence" }));
    expect(screen.getByText("(1 chosen)")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Tailor to a résumé or job description…" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Job description" }), "Staff SRE, Kafka");
    await userEvent.click(screen.getByRole("button", { name: "Start a practice session" }));

    expect(navigate).toHaveBeenCalledWith({
      name: "device-check",
      start: {
        plan: "staff-loop",
        level: "staff",
        tracks: ["leadership"],
        resume_text: null,
        job_text: "Staff SRE, Kafka",
        captions: false,
        camera: null,
        mic: null,
      },
    });
  });

  it("reads a résumé file in the window and puts the shell's text in the field", async () => {
    const calls = shell({
      document_text: (args) => {
        const { fileName, bytes } = args as { fileName: string; bytes: number[] };
        return `${fileName}: ${String.fromCharCode(...bytes)}`;
      },
    });
    render(<Home navigate={vi.fn()} />);
    await userEvent.click(await screen.findByRole("button", { name: /Tailor to a résumé/ }));

    const file = new File(["Led the Kafka migration"], "cv.txt", { type: "text/plain" });
    await userEvent.upload(screen.getByLabelText("Résumé: read from a file"), file);

    expect(await screen.findByDisplayValue("cv.txt: Led the Kafka migration")).toBeInTheDocument();
    expect(calls.map((c) => c.cmd)).toContain("document_text");
  });

  it("shows the parser's error when a document cannot be read", async () => {
    shell({
      document_text: () => {
        throw { code: "document_unreadable", message: "cv.pdf has no text layer; paste the text instead." };
      },
    });
    render(<Home navigate={vi.fn()} />);
    await userEvent.click(await screen.findByRole("button", { name: /Tailor to a résumé/ }));
    await userEvent.upload(
      screen.getByLabelText("Résumé: read from a file"),
      new File(["%PDF-1.4"], "cv.pdf", { type: "application/pdf" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("cv.pdf has no text layer");
  });

  it("says why plans are missing and offers to try again", async () => {
    let fail = true;
    mockIPC((cmd) => {
      if (cmd === "app_info") return APP_INFO;
      if (cmd === "interview_options") {
        if (fail) throw { code: "bank_invalid", message: "The question bank is damaged; reinstall." };
        return OPTIONS;
      }
      if (cmd === "sessions_list") return [];
      throw new Error(cmd);
    });
    render(<Home navigate={vi.fn()} />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The question bank is damaged; reinstall.");
    expect(alert).toHaveAttribute("data-code", "bank_invalid");
    expect(screen.queryByRole("button", { name: "Start a practice session" })).not.toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("button", { name: "Start a practice session" })).toBeEnabled();
  });

  it("shows the shell's error message when the data folder is unusable", async () => {
    mockIPC((cmd) => {
      if (cmd === "interview_options") return OPTIONS;
      if (cmd === "sessions_list") return [];
      throw { code: "data_dir_not_a_directory", message: "/x exists but is not a folder" };
    });
    render(<Home navigate={vi.fn()} />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("/x exists but is not a folder");
    expect(alert).toHaveAttribute("data-code", "data_dir_not_a_directory");
    expect(screen.queryByTestId("data-dir")).not.toBeInTheDocument();
  });

  it("lists recent sessions with scores, progress at a glance, and opens one", async () => {
    const row = (id: string, day: number, overall: number | null, ownership: number) => ({
      id,
      started_at_ms: Date.UTC(2026, 10, day, 9, 30),
      ended_at_ms: null,
      plan: "quick-15",
      level: "senior",
      questions: 3,
      takes: 3,
      overall,
      scores:
        overall === null
          ? []
          : [
              { id: "ownership", score: ownership },
              { id: "communication", score: 4 },
            ],
    });
    shell({
      sessions_list: () => [row("s3", 27, 3.6, 2.5), row("s2", 26, null, 0), row("s1", 25, 3.1, 2.9)],
    });
    const navigate = vi.fn();
    render(<Home navigate={navigate} />);

    const latest = await screen.findByRole("button", { name: /quick-15 · senior · 3 questions overall 3\.6/ });
    expect(screen.getAllByRole("listitem").filter((li) => li.closest(".recent-list"))).toHaveLength(3);
    expect(screen.getByLabelText("not scored")).toHaveTextContent("–");
    const glance = screen.getByTestId("glance");
    expect(glance).toHaveTextContent("Sessions3");
    expect(glance).toHaveTextContent("Latest3.6 (+0.5)");
    expect(glance).toHaveTextContent("Work onOwnership (2.7)");
    await userEvent.click(latest);
    expect(navigate).toHaveBeenCalledWith({ name: "replay", sessionId: "s3" });
  });

  it("says why sessions cannot be listed", async () => {
    shell({
      sessions_list: () => {
        throw { code: "store_corrupt", message: "The database is damaged: run onsite sessions repair." };
      },
    });
    render(<Home navigate={vi.fn()} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("run onsite sessions repair");
  });
});
