// Test-only values in the shape of the shell's live-session types. They stand in for the
// shell's answers in component tests (the IPC transport is mocked; the components and bindings
// run for real).
import type { InterviewOptions, LiveView, StartRequest, TakeFeedback } from "../lib/live";

export const OPTIONS: InterviewOptions = {
  plans: [
    { id: "quick-15", name: "Quick practice", minutes: 15, questions: 2, description: "Two questions." },
    { id: "staff-loop", name: "Staff loop", minutes: 60, questions: 5, description: "A full loop." },
  ],
  tracks: [
    { id: "system_design", name: "System design" },
    { id: "leadership", name: "Leadership and influence" },
  ],
  levels: ["senior", "staff"],
};

/** The session the home screen asks for: quick practice at senior level, no documents. */
export const REQUEST: StartRequest = {
  plan: "quick-15",
  level: "senior",
  tracks: [],
  resume_text: null,
  job_text: null,
  captions: false,
  camera: null,
  mic: null,
};

export function view(overrides: Partial<LiveView> = {}): LiveView {
  return {
    session_id: "s-1",
    phase: "prep",
    paused: false,
    question_index: 0,
    question_count: 2,
    question: {
      id: "q-cache",
      text: "Design a cache for a read-heavy product catalogue.",
      track: "System design",
      kind: "system_design",
      level: "senior",
      reason: "Your résumé mentions Redis.",
      part: "main",
    },
    follow_up_text: null,
    take: 1,
    take_id: 7,
    timer: { kind: "prep", limit_ms: 60_000, remaining_ms: 45_000 },
    captions: false,
    has_camera: true,
    has_mic: true,
    feedback: null,
    scoring_error: null,
    summary: null,
    ...overrides,
  };
}

export function feedback(overrides: Partial<TakeFeedback> = {}): TakeFeedback {
  return {
    take_id: 7,
    question_id: "q-cache",
    question_text: "Design a cache for a read-heavy product catalogue.",
    overall: 3.4,
    summary: "A sound design that never says what it gives up.",
    no_speech: false,
    competencies: [
      {
        id: "technical_depth",
        name: "Technical depth",
        score: 3.8,
        evidence: [{ text: "write-through with a TTL", start_ms: 12_400, end_ms: 14_000 }],
        advice: "Go one level deeper on eviction.",
      },
      { id: "architectural_thinking", name: "Architectural thinking", score: 3.1, evidence: [], advice: "" },
      { id: "leadership_influence", name: "Leadership and influence", score: 2.0, evidence: [], advice: "" },
      { id: "pragmatism", name: "Pragmatism", score: 3.0, evidence: [], advice: "" },
      { id: "ownership", name: "Ownership", score: 2.5, evidence: [], advice: "" },
      { id: "communication", name: "Communication", score: 4.1, evidence: [], advice: "" },
    ],
    coverage_kind: "framework",
    coverage: [
      { id: "clarify_constraints", name: "Clarify constraints", covered: true, evidence: null },
      { id: "trade_offs", name: "Trade-offs", covered: false, evidence: null },
    ],
    red_flags: [
      {
        id: "no_trade_offs",
        name: "No trade-offs",
        quote: { text: "we just use Redis", start_ms: 3_000, end_ms: 4_000 },
        advice: "Say what you give up.",
      },
    ],
    delivery: {
      wpm: 172,
      wpm_band: [120, 160],
      fillers: 5,
      fillers_per_min: 2.5,
      long_pauses: [{ start_ms: 20_000, end_ms: 24_000 }],
      hedges: 3,
      flags: ["fast"],
    },
    talking_points: { covered: ["cache invalidation"], missed: ["hot keys"] },
    next_steps: ["Name a trade-off.", "Quantify the load.", "Cover hot keys."],
    follow_up: "How would you handle a hot key?",
    transcript: { words: [], text: "So first I would clarify the read and write ratio." },
    media: null,
    feedback_ms: 850,
    drawing: null,
    ...overrides,
  };
}
