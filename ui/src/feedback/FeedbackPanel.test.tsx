import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { feedback } from "../test/liveFixtures";
import { FeedbackPanel } from "./FeedbackPanel";

describe("FeedbackPanel", () => {
  it("shows the score, the six competencies, coverage, red flags, delivery and next steps", () => {
    render(<FeedbackPanel feedback={feedback()} />);

    expect(screen.getByTestId("overall-score")).toHaveTextContent("3.4");
    expect(screen.getByTestId("transcript")).toHaveTextContent(
      "So first I would clarify the read and write ratio.",
    );
    const meters = screen.getAllByRole("meter");
    expect(meters).toHaveLength(6);
    expect(screen.getByRole("meter", { name: "Leadership and influence" })).toHaveAttribute(
      "aria-valuenow",
      "2",
    );
    expect(screen.getByText("Clarify constraints")).toHaveTextContent("(covered)");
    expect(screen.getByText("Trade-offs")).toHaveTextContent("(not covered)");
    const flag = screen.getByText("No trade-offs").closest("li");
    expect(flag).not.toBeNull();
    expect(within(flag!).getByText("we just use Redis")).toBeInTheDocument();
    expect(within(flag!).getByText("Say what you give up.")).toBeInTheDocument();
    // 172 wpm is above the band: said in words, not by colour only.
    expect(screen.getByTestId("wpm")).toHaveTextContent("172 wpm (faster than 120–160)");
    expect(screen.getByText(/2\.5 \/ min/)).toHaveTextContent("2.5 / min (5 in all)");
    expect(screen.getByText("A sound design that never says what it gives up.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Design framework" })).toBeInTheDocument();
    expect(screen.getByText("hot keys")).toHaveTextContent("(missed)");
    const steps = screen.getByText("Name a trade-off.").closest("ol");
    expect(steps?.querySelectorAll("li")).toHaveLength(3);
    expect(screen.getByText("How would you handle a hot key?")).toBeInTheDocument();
  });

  it("quotes are plain text in the live room and seek buttons when the screen can seek", async () => {
    const { rerender } = render(<FeedbackPanel feedback={feedback()} />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();

    const onEvidence = vi.fn();
    rerender(<FeedbackPanel feedback={feedback()} onEvidence={onEvidence} />);
    await userEvent.click(screen.getByRole("button", { name: /Play from 0:12: write-through/ }));
    await userEvent.click(screen.getByRole("button", { name: /Play from 0:03: we just use Redis/ }));
    expect(onEvidence.mock.calls).toEqual([[12_400], [3_000]]);
  });

  it("says so when no speech was heard, and when the pace was not measured", () => {
    render(
      <FeedbackPanel
        feedback={feedback({
          transcript: { words: [], text: "  " },
          no_speech: true,
          delivery: {
            wpm: null,
            wpm_band: [120, 160],
            fillers: 0,
            fillers_per_min: null,
            long_pauses: [],
            hedges: 0,
            flags: [],
          },
          red_flags: [],
        })}
      />,
    );
    expect(screen.getByTestId("transcript")).toHaveTextContent(/No speech was heard/);
    expect(screen.getByTestId("wpm")).toHaveTextContent("– wpm (target 120–160)");
    expect(screen.getByText("None found in this answer.")).toBeInTheDocument();
  });
});
