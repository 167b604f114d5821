import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Progress as ProgressData, StoryBank } from "./data";
import { utcOffsetMinutes } from "./data";
import { Progress } from "./Progress";
import { streakSentence } from "./StreakSummary";
import { rubricChangeLabel } from "./TrendChart";

const day = (d: number) => Date.UTC(2026, 10, 20 + d, 18);
const points = (scores: number[]) =>
  scores.map((score, i) => ({ session_id: `s${i}`, started_at_ms: day(i), score, rubric_version: "default@1.0.0" }));
const trend = (competency: string, label: string, scores: number[]) => ({
  competency,
  label,
  points: points(scores),
  rubric_changes: [] as ProgressData["trends"][number]["rubric_changes"],
  first: scores[0]!,
  latest: scores[scores.length - 1]!,
  change: scores[scores.length - 1]! - scores[0]!,
  direction: "flat" as const,
});
const side = (session_id: string, take_id: number, overall: number, transcript: string) => ({
  session_id,
  take_id,
  attempt: 1,
  started_at_ms: day(take_id),
  overall,
  scores: { technical_depth: overall, communication: 3 },
  transcript,
  wpm: 120 + take_id,
  fillers_per_min: 4 - take_id,
  red_flags: take_id === 1 ? ["Designing before constraints"] : [],
  talking_points: take_id === 1 ? [] : ["caching"],
});

const PROGRESS: ProgressData = {
  sessions: 3,
  trends: [
    trend("communication", "Communication", [2, 3, 4]),
    trend("technical_depth", "Technical depth", [3.5, 3, 2.5]),
  ],
  streak: { current_days: 3, longest_days: 5, practice_days: 9, last_practice_day: "2026-11-22" },
  comparisons: [
    {
      question_id: "sd-shortener",
      question_text: "Design a URL shortener.",
      before: side("a", 1, 2.1, "I would use a database."),
      after: side("a", 2, 3.4, "Before designing I would ask about scale; a Redis cache serves reads."),
      overall_change: 1.3,
      score_changes: { technical_depth: 1.3, communication: 0 },
      gaps_closed: ["clarifying constraints first"],
      gaps_new: [],
      words_added: ["redis", "scale"],
      words_dropped: [],
      red_flags_gone: ["Designing before constraints"],
      red_flags_new: [],
      talking_points_new: ["caching"],
      talking_points_dropped: [],
      same_session: true,
    },
  ],
  utc_offset_minutes: -480,
};

const BANK: StoryBank = {
  behavioural_answers: 3,
  threshold: 0.28,
  competencies_without_story: ["technical_depth", "pragmatism"],
  stories: [
    {
      id: 1,
      title: "At Acme I needed the payments team to change their retry logic.",
      answers: [
        {
          session_id: "a",
          take_id: 7,
          question_id: "ld-influence",
          question_text: "Tell me about a time you influenced another team.",
          started_at_ms: day(0),
          star: { situation: true, task: false, action: true, result: true, quantified_result: true },
          overall: 3.2,
        },
        {
          session_id: "b",
          take_id: 9,
          question_id: "ld-conflict",
          question_text: "Tell me about a disagreement.",
          started_at_ms: day(1),
          star: { situation: true, task: true, action: true, result: false, quantified_result: false },
          overall: 2.8,
        },
      ],
      competencies: { leadership_influence: 3.5, ownership: 2 },
      covered: ["leadership_influence"],
      entities: { names: ["acme", "priya"], people: ["payments team"], numbers: ["30%"], keywords: [] },
      links: [],
    },
  ],
};

function mock(progress: ProgressData = PROGRESS, bank: StoryBank = BANK) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "progress_data") return progress;
    if (cmd === "story_bank") return bank;
    throw new Error(cmd);
  });
  return calls;
}

describe("Progress", () => {
  it("asks for progress in the user's local days and draws the streak", async () => {
    const calls = mock();
    render(<Progress navigate={vi.fn()} />);
    const streak = await screen.findByTestId("streak");
    expect(streak).toHaveTextContent("Practised 3 days in a row, longest 5 days.");
    expect(streak).toHaveTextContent("9 practice days in all; last on 2026-11-22");
    expect(calls[0]).toEqual({
      cmd: "progress_data",
      args: { utcOffsetMinutes: -new Date().getTimezoneOffset() },
    });
  });

  it("draws one trend per competency in the rubric's order, with its numbers in a table", async () => {
    mock();
    render(<Progress navigate={vi.fn()} />);
    const charts = await screen.findAllByTestId("trend-chart");
    expect(charts).toHaveLength(2);
    expect(charts[0]).toHaveAccessibleName("Technical depth: 3.5, 3.0, 2.5 over 3 sessions");
    expect(charts[1]).toHaveAccessibleName("Communication: 2.0, 3.0, 4.0 over 3 sessions");
    expect(screen.getByText("▲ 2.0")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Communication by session" })).toBeInTheDocument();
  });

  it("marks where the rubric changed between two points of a trend, with the versions", async () => {
    const changed = trend("communication", "Communication", [2, 3, 4]);
    changed.points[0]!.rubric_version = "default@0.9.0";
    changed.rubric_changes = [{ at_session_id: "s1", at_started_at_ms: day(1), from: "default@0.9.0", to: "default@1.0.0" }];
    mock({ ...PROGRESS, trends: [changed, trend("technical_depth", "Technical depth", [3.5, 3, 2.5])] });
    render(<Progress navigate={vi.fn()} />);
    const [depth, communication] = await screen.findAllByTestId("trend-chart");
    expect(within(depth!).queryByTestId("rubric-change")).toBeNull();
    const marker = within(communication!).getByTestId("rubric-change");
    expect(marker.querySelector("title")!.textContent).toMatch(/^rubric changed: 0\.9\.0 → 1\.0\.0 on /);
    // Drawn between the first point (the old version) and the second (the new one).
    const [first, second] = Array.from(communication!.querySelectorAll("circle")).map((c) => Number(c.getAttribute("cx")));
    const x = Number(marker.querySelector("line")!.getAttribute("x1"));
    expect(x).toBeGreaterThan(first!);
    expect(x).toBeLessThan(second!);
    // Said in words beside the chart too, not only in a tooltip.
    const figure = communication!.closest("figure")!;
    expect(within(figure).getByText(/rubric changed: 0\.9\.0 → 1\.0\.0 on .*may be the rubric's, not yours/)).toBeVisible();
  });

  it("compares two takes: scores, what changed, both transcripts, and plays them side by side", async () => {
    mock();
    const navigate = vi.fn();
    render(<Progress navigate={navigate} />);
    fireEvent.click(await screen.findByRole("tab", { name: "Takes compared (1)" }));
    const card = screen.getByTestId("comparison");
    expect(within(card).getByRole("heading", { name: "Design a URL shortener." })).toBeInTheDocument();
    expect(card).toHaveTextContent("Overall 2.1 → 3.4 (+1.3)");
    const depth = within(card).getByRole("row", { name: /Technical depth/ });
    expect(depth).toHaveTextContent("Technical depth2.13.4+1.3");
    expect(card).toHaveTextContent("Red flags gone Designing before constraints");
    expect(card).toHaveTextContent("Talking points newly covered caching");
    expect(card).toHaveTextContent("121 → 122 words a minute; fillers 3.0 → 2.0 a minute");
    expect(within(card).getByText("I would use a database.")).toBeInTheDocument();
    expect(within(card).getByText(/a Redis cache serves reads/)).toBeInTheDocument();
    fireEvent.click(within(card).getByRole("button", { name: "Play both takes side by side" }));
    expect(navigate).toHaveBeenCalledWith({ name: "replay", sessionId: "a", takeId: 2, compareTakeId: 1 });
  });

  it("links each take of a cross-session comparison to its own replay", async () => {
    const cmp = { ...PROGRESS.comparisons[0]!, same_session: false };
    cmp.after = { ...cmp.after, session_id: "b" };
    mock({ ...PROGRESS, comparisons: [cmp] });
    const navigate = vi.fn();
    render(<Progress navigate={navigate} />);
    fireEvent.click(await screen.findByRole("tab", { name: /Takes compared/ }));
    fireEvent.click(screen.getByRole("button", { name: "Replay the later take" }));
    expect(navigate).toHaveBeenCalledWith({ name: "replay", sessionId: "b", takeId: 2 });
  });

  it("shows each story with its answers and what to prepare next", async () => {
    mock();
    const navigate = vi.fn();
    render(<Progress navigate={navigate} />);
    fireEvent.click(await screen.findByRole("tab", { name: "Story bank" }));
    const story = await screen.findByTestId("story");
    expect(story).toHaveTextContent("Told 2 times · about acme, priya, payments team, 30%");
    expect(story).toHaveTextContent("Covers: Leadership and influence 3.5");
    expect(within(story).getAllByRole("listitem")).toHaveLength(2);
    expect(story).toHaveTextContent("STAR S·T·A (no result)");
    const prepare = screen.getByTestId("prepare");
    expect(within(prepare).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^Technical depth: prepare a hard technical problem/),
      expect.stringMatching(/^Pragmatism: prepare a time you cut scope/),
    ]);
    fireEvent.click(
      within(story).getByRole("button", { name: "Replay the answer to “Tell me about a disagreement.”" }),
    );
    expect(navigate).toHaveBeenCalledWith({ name: "replay", sessionId: "b", takeId: 9 });
  });

  it("moves between tabs with the arrow keys", async () => {
    mock();
    render(<Progress navigate={vi.fn()} />);
    const trends = await screen.findByRole("tab", { name: "Trends" });
    trends.focus();
    fireEvent.keyDown(trends, { key: "ArrowLeft" });
    const stories = screen.getByRole("tab", { name: "Story bank" });
    expect(stories).toHaveAttribute("aria-selected", "true");
    expect(stories).toHaveFocus();
    expect(screen.getByRole("tabpanel")).toHaveAccessibleName("Story bank");
  });

  it("explains the empty states", async () => {
    mock(
      { ...PROGRESS, sessions: 0, trends: [], comparisons: [], streak: { current_days: 0, longest_days: 0, practice_days: 0, last_practice_day: null } },
      { behavioural_answers: 0, threshold: 0.28, stories: [], competencies_without_story: ["ownership"] },
    );
    const navigate = vi.fn();
    render(<Progress navigate={navigate} />);
    expect(await screen.findByText(/No scored answers yet/)).toBeInTheDocument();
    expect(screen.queryByTestId("streak")).toBeNull();
    screen.getByRole("button", { name: "Start practising" }).click();
    expect(navigate).toHaveBeenCalledWith({ name: "home" });
    fireEvent.click(screen.getByRole("tab", { name: "Takes compared" }));
    expect(screen.getByText(/Answer a question a second time/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole("tab", { name: "Story bank" }));
    expect(await screen.findByTestId("stories-empty")).toHaveTextContent(
      "No behavioural answer is scored yet.",
    );
  });

  it("shows a read error with a way to retry", async () => {
    mockIPC(() => {
      throw { code: "store_corrupt", message: "the database is damaged; restore a backup" };
    });
    render(<Progress navigate={vi.fn()} />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("the database is damaged; restore a backup");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

describe("rubricChangeLabel", () => {
  it("names the versions of one pack, and the whole labels when the pack changed", () => {
    expect(rubricChangeLabel("default@1.0.0", "default@2.0.0")).toBe("rubric changed: 1.0.0 → 2.0.0");
    expect(rubricChangeLabel("default@1.0.0", "strict@2.0.0")).toBe(
      "rubric changed: default@1.0.0 → strict@2.0.0",
    );
  });
});

describe("streaks", () => {
  it("counts in local time: UTC-8 is -480 minutes", () => {
    const pacific = { getTimezoneOffset: () => 480 } as Date;
    expect(utcOffsetMinutes(pacific)).toBe(-480);
  });

  it("reads as a sentence", () => {
    expect(streakSentence({ current_days: 1, longest_days: 1, practice_days: 1, last_practice_day: "x" })).toBe(
      "Practised 1 day in a row, longest 1 day.",
    );
    expect(streakSentence({ current_days: 0, longest_days: 4, practice_days: 6, last_practice_day: "x" })).toBe(
      "No practice today or yesterday, longest 4 days.",
    );
  });
});

describe("StreakGlance", () => {
  it("shows the streak on Home's glance, and nothing before the first session", async () => {
    const { StreakGlance } = await import("./StreakGlance");
    mock();
    const { unmount } = render(
      <dl>
        <StreakGlance />
      </dl>,
    );
    expect(await screen.findByTestId("glance-streak")).toHaveTextContent("Streak3 days (longest 5)");
    unmount();
    mock({ ...PROGRESS, sessions: 0 });
    const { container } = render(
      <dl>
        <StreakGlance />
      </dl>,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(container.querySelector("[data-testid=glance-streak]")).toBeNull();
  });
});
