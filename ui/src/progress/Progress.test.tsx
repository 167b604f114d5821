import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Progress } from "./Progress";

describe("Progress", () => {
  it("draws one trend per competency in the rubric's order, with its numbers in a table", async () => {
    mockIPC((cmd) => {
      if (cmd !== "progress_data") throw new Error(cmd);
      const points = (scores: number[]) =>
        scores.map((score, i) => ({ session_id: `s${i}`, started_at_ms: Date.UTC(2026, 10, 20 + i), score }));
      return {
        sessions: 3,
        competencies: [
          { id: "communication", points: points([2, 3, 4]) },
          { id: "technical_depth", points: points([3.5, 3, 2.5]) },
        ],
      };
    });
    render(<Progress navigate={vi.fn()} />);

    const charts = await screen.findAllByTestId("trend-chart");
    expect(charts).toHaveLength(2);
    expect(charts[0]).toHaveAccessibleName("Technical depth: 3.5, 3.0, 2.5 over 3 sessions");
    expect(charts[1]).toHaveAccessibleName("Communication: 2.0, 3.0, 4.0 over 3 sessions");
    expect(charts[1]!.querySelectorAll("circle")).toHaveLength(3);
    expect(screen.getByText("▲ 2.0")).toBeInTheDocument();
    expect(screen.getByText("▼ 1.0")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Communication by session" })).toBeInTheDocument();
  });

  it("says how to get a trend when nothing is scored yet", async () => {
    mockIPC(() => ({ sessions: 0, competencies: [] }));
    const navigate = vi.fn();
    render(<Progress navigate={navigate} />);
    expect(await screen.findByText(/No scored answers yet/)).toBeInTheDocument();
    screen.getByRole("button", { name: "Start practising" }).click();
    expect(navigate).toHaveBeenCalledWith({ name: "home" });
  });
});
