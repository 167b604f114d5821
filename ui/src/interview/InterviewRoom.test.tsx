import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { LiveEvent, LiveView } from "../lib/live";
import { feedback, REQUEST, view } from "../test/liveFixtures";
import { InterviewRoom } from "./InterviewRoom";

/** The shell's answer when no camera frame came within its half-second wait. */
const noFrame = () => new Promise((done) => setTimeout(() => done(new ArrayBuffer(0)), 500));

/** A shell whose session_control answers with the views in `answers[action]`. */
function shell(first: LiveView | null, answers: Record<string, LiveView> = {}) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "session_view") return first;
      if (cmd === "preview_frame") return noFrame();
      if (cmd === "session_start") return view();
      if (cmd === "session_control") {
        const action = (args as { action: string }).action;
        const answer = answers[action];
        if (!answer) throw { code: "invalid_action", message: `${action} is not possible now` };
        return answer;
      }
      throw new Error(`unexpected command ${cmd}`);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const send = (event: LiveEvent) => act(() => emit("live-event", event));
/** The candidate's controls (the room's hands-free `listen`, tested in InterviewerVoice.test, left out). */
const controls = (calls: { cmd: string; args: unknown }[]) =>
  calls
    .filter((c) => c.cmd === "session_control")
    .map((c) => (c.args as { action: string }).action)
    .filter((a) => a !== "listen" && a !== "stop_listening");

describe("InterviewRoom", () => {
  it("starts the session the home screen asked for, once, and shows the question", async () => {
    const calls = shell(null);
    // Strict mode runs the room's effect twice, as in development: still one session_start.
    render(<InterviewRoom navigate={vi.fn()} start={REQUEST} />, { reactStrictMode: true });

    expect(screen.getByRole("status")).toHaveTextContent("Starting the session");
    expect(await screen.findByTestId("question")).toHaveTextContent(
      "Design a cache for a read-heavy product catalogue.",
    );
    expect(screen.getByText("Your résumé mentions Redis.")).toBeInTheDocument();
    expect(screen.getByTestId("question-progress")).toHaveTextContent("Question 1 of 2");
    expect(screen.getByRole("timer")).toHaveAccessibleName(/Preparation: 0:4[45] left/);
    expect(calls.filter((c) => c.cmd === "session_start")).toEqual([
      { cmd: "session_start", args: { request: REQUEST } },
    ]);
  });

  it("attaches to a running session instead of starting another", async () => {
    const calls = shell(view({ phase: "answering" }));
    render(<InterviewRoom navigate={vi.fn()} start={REQUEST} />);

    expect(await screen.findByRole("button", { name: /Stop and get feedback/ })).toBeEnabled();
    expect(calls.map((c) => c.cmd)).not.toContain("session_start");
  });

  it("says there is no session and leads home", async () => {
    shell(null);
    const navigate = vi.fn();
    render(<InterviewRoom navigate={navigate} />);

    expect(await screen.findByText(/No session is running/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Back to home" }));
    expect(navigate).toHaveBeenCalledWith({ name: "home" });
  });

  it("shows why a session could not start", async () => {
    mockIPC(
      (cmd) => {
        if (cmd === "session_view") return null;
        throw { code: "no_microphone", message: "No microphone found: plug one in and try again." };
      },
      { shouldMockEvents: true },
    );
    render(<InterviewRoom navigate={vi.fn()} start={REQUEST} />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("No microphone found");
    expect(alert).toHaveAttribute("data-code", "no_microphone");
  });

  it("Space starts and stops the answer, Esc pauses, keys do nothing while typing", async () => {
    const answering = view({
      phase: "answering",
      timer: { kind: "answer", limit_ms: 180_000, remaining_ms: 170_000 },
    });
    const calls = shell(view(), {
      begin_answer: answering,
      pause: { ...answering, paused: true },
      resume: answering,
      stop_answer: view({ phase: "scoring", timer: null }),
    });
    render(
      <>
        <InterviewRoom navigate={vi.fn()} />
        <label>
          Notes <input />
        </label>
      </>,
    );
    await screen.findByTestId("question");

    await userEvent.keyboard(" ");
    expect(await screen.findByTestId("phase")).toHaveTextContent("Recording");
    await userEvent.keyboard("{Escape}");
    expect(await screen.findByRole("button", { name: /Resume/ })).toBeInTheDocument();
    // Paused: Space does not stop the answer.
    await userEvent.keyboard(" ");
    await userEvent.keyboard("{Escape}");
    await screen.findByRole("button", { name: /Pause/ });

    await userEvent.type(screen.getByRole("textbox", { name: "Notes" }), " rn");
    expect(controls(calls)).toEqual(["begin_answer", "pause", "resume"]);

    await userEvent.click(document.body);
    await userEvent.keyboard(" ");
    expect(await screen.findByTestId("scoring")).toHaveTextContent("Transcribing and scoring");
    expect(controls(calls)).toEqual(["begin_answer", "pause", "resume", "stop_answer"]);
  });

  it("follows the coordinator's events: level, captions, the 30 s warning, then feedback", async () => {
    const calls = shell(
      view({
        phase: "answering",
        captions: true,
        timer: { kind: "answer", limit_ms: 180_000, remaining_ms: 100_000 },
      }),
      { next: view({ question_index: 1, phase: "prep" }) },
    );
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("question");

    await send({ kind: "level", rms_db: -18, peak_db: -6 });
    expect(screen.getByRole("meter", { name: "Microphone" })).toHaveAttribute("aria-valuetext", "-18 dB");
    await send({ kind: "caption", text: "so first I would clarify", is_final: false });
    expect(screen.getByLabelText("Live captions")).toHaveTextContent("so first I would clarify");

    await send({
      kind: "view",
      ...view({
        phase: "answering",
        captions: true,
        timer: { kind: "answer", limit_ms: 180_000, remaining_ms: 29_000 },
      }),
    });
    expect(screen.getByText("30 seconds left: start wrapping up.")).toBeInTheDocument();

    await send({ kind: "view", ...view({ phase: "scoring", timer: null }) });
    expect(screen.getByTestId("scoring")).toBeInTheDocument();
    await send({ kind: "feedback", ...feedback() });
    await send({ kind: "view", ...view({ phase: "feedback", timer: null }) });
    expect(screen.getByTestId("overall-score")).toHaveTextContent("3.4");
    expect(screen.getByTestId("transcript")).toHaveTextContent("clarify the read and write ratio");

    await userEvent.keyboard("n");
    await waitFor(() => expect(controls(calls)).toEqual(["next"]));
    expect(await screen.findByTestId("question-progress")).toHaveTextContent("Question 2 of 2");
  });

  it("says so, and keeps saying so, when the window cannot follow the session", async () => {
    // Without event mocking, listening is refused as when the window lacks the permission.
    mockIPC((cmd) => {
      if (cmd === "plugin:event|listen") throw "event.listen not allowed";
      if (cmd === "preview_frame") return noFrame();
      if (cmd === "session_view") return view();
      if (cmd === "session_control") return view({ phase: "answering" });
      throw new Error(cmd);
    });
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("question");
    expect(screen.getByRole("alert")).toHaveAttribute("data-code", "live_events_unavailable");
    await userEvent.keyboard(" ");
    await screen.findByText("Recording");
    expect(screen.getByRole("alert")).toHaveTextContent("cannot follow the session");
  });

  it("shows an error the coordinator reports without losing the question", async () => {
    shell(view());
    render(<InterviewRoom navigate={vi.fn()} />);
    await screen.findByTestId("question");
    await send({ kind: "error", code: "mic_lost", message: "The microphone was unplugged; the take was saved." });
    expect(screen.getByRole("alert")).toHaveTextContent("The microphone was unplugged");
    expect(screen.getByTestId("question")).toBeInTheDocument();
  });

  it("ends only after confirming, and sums the session up", async () => {
    const second = feedback({
      take_id: 9,
      question_id: "q-lead",
      question_text: "Tell me about a time you changed a team's direction.",
      overall: 2.6,
    });
    const calls = shell(view({ phase: "feedback", question_index: 1, feedback: second }), {
      end: view({
        phase: "summary",
        timer: null,
        summary: {
          answered: 2,
          skipped: 0,
          ended_early: true,
          overall: 3.0,
          competencies: [
            { id: "communication", name: "Communication", score: 4.1 },
            { id: "ownership", name: "Ownership", score: 2.2 },
          ],
          practise_next: [{ title: "Trade-offs", detail: "Say what each choice costs." }],
          recommended_next: [],
        },
      }),
    });
    const navigate = vi.fn();
    render(<InterviewRoom navigate={navigate} />);
    await send({ kind: "feedback", ...feedback() });
    await send({ kind: "feedback", ...second });

    await userEvent.click(await screen.findByRole("button", { name: "End…" }));
    await userEvent.click(screen.getByRole("button", { name: "Keep going" }));
    expect(controls(calls)).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "End…" }));
    await userEvent.click(screen.getByRole("button", { name: "End session" }));

    const summary = await screen.findByTestId("summary");
    expect(summary).toHaveTextContent("2 of 2 questions answered and scored, ended early.");
    expect(screen.getByText("Communication")).toHaveTextContent("Strongest");
    expect(screen.getByText("Ownership")).toHaveTextContent("Work on this");
    expect(screen.getByText("Trade-offs")).toBeInTheDocument();
    expect(screen.getByTestId("summary-overall")).toHaveTextContent("3.0");
    expect(screen.getByText("Tell me about a time you changed a team's direction.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Back to home" }));
    expect(navigate).toHaveBeenCalledWith({ name: "home" });
  });
});
