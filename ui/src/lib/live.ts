/**
 * The live session's commands and event, as the contract (/tmp/onsite/CONTRACT.md, H1) names
 * them. The types are copied from the contract until the shell's generated bindings carry them;
 * then this file re-exports `bindings.ts` and the calls go through `commands.*`.
 */
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { CommandError } from "../bindings";
import type { CommandResult } from "./ipc";

export interface PlanOption {
  id: string;
  name: string;
  minutes: number;
  questions: number;
  description: string;
}
export interface TrackOption {
  id: string;
  name: string;
}
export interface InterviewOptions {
  plans: PlanOption[];
  tracks: TrackOption[];
  levels: string[];
}

export interface StartRequest {
  plan: string;
  level: string | null;
  tracks: string[];
  resume_text: string | null;
  job_text: string | null;
  captions: boolean;
  camera: string | null;
  mic: string | null;
}

export type Phase = "prep" | "answering" | "scoring" | "feedback" | "summary";
export type QuestionPart = "main" | "follow_up";
export type SessionAction =
  | "begin_answer"
  | "stop_answer"
  | "pause"
  | "resume"
  | "skip"
  | "retry"
  | "next"
  | "end";

export interface LiveQuestion {
  id: string;
  text: string;
  track: string;
  kind: string;
  level: string;
  reason: string;
  part: QuestionPart;
}
export interface LiveTimer {
  kind: "prep" | "answer";
  limit_ms: number;
  remaining_ms: number;
}

/** Words from the answer that support a score, with where they were said. */
export interface Quote {
  text: string;
  start_ms: number | null;
  end_ms: number | null;
}
export interface CompetencyFeedback {
  id: string;
  name: string;
  score: number;
  evidence: Quote[];
  advice: string;
}
export interface CoverageItem {
  id: string;
  name: string;
  covered: boolean;
  evidence: Quote | null;
}
export interface RedFlagFeedback {
  id: string;
  name: string;
  quote: Quote | null;
  advice: string;
}
export interface PauseSpan {
  start_ms: number;
  end_ms: number;
}
export interface DeliveryFeedback {
  wpm: number | null;
  wpm_band: [number, number];
  fillers: number;
  fillers_per_min: number | null;
  long_pauses: PauseSpan[];
  hedges: number;
  flags: string[];
}
export interface TimedWord {
  text: string;
  start_ms: number;
  end_ms: number;
}
export interface TakeFeedback {
  take_id: number;
  question_id: string;
  question_text: string;
  overall: number;
  summary: string;
  no_speech: boolean;
  competencies: CompetencyFeedback[];
  coverage_kind: string;
  coverage: CoverageItem[];
  red_flags: RedFlagFeedback[];
  delivery: DeliveryFeedback;
  talking_points: { covered: string[]; missed: string[] };
  next_steps: string[];
  follow_up: string | null;
  transcript: { text: string; words: TimedWord[] };
  media: { take_id: number; mime: string } | null;
  feedback_ms: number | null;
}

export interface SummaryScore {
  id: string;
  name: string;
  score: number;
}
export interface SummaryItem {
  title: string;
  detail: string;
}
export interface SummaryView {
  answered: number;
  skipped: number;
  ended_early: boolean;
  overall: number | null;
  competencies: SummaryScore[];
  practise_next: SummaryItem[];
  recommended_next: SummaryItem[];
}

export interface LiveView {
  session_id: string;
  phase: Phase;
  paused: boolean;
  question_index: number;
  question_count: number;
  question: LiveQuestion;
  follow_up_text: string | null;
  /** Attempt number of the current take (1 for the first); 0 before the first take. */
  take: number;
  take_id: number | null;
  timer: LiveTimer | null;
  captions: boolean;
  has_camera: boolean;
  has_mic: boolean;
  feedback: TakeFeedback | null;
  scoring_error: string | null;
  summary: SummaryView | null;
}

export type LiveEvent =
  | ({ kind: "view" } & LiveView)
  | { kind: "level"; rms_db: number; peak_db: number }
  | { kind: "caption"; text: string; is_final: boolean }
  | { kind: "warning"; timer: "prep" | "answer"; seconds_left: number }
  | ({ kind: "feedback" } & TakeFeedback)
  | { kind: "finished"; session_id: string }
  | { kind: "error"; code: string; message: string };

async function call<T>(command: string, args?: Record<string, unknown>): Promise<CommandResult<T>> {
  try {
    return { status: "ok", data: await invoke<T>(command, args) };
  } catch (e) {
    if (e instanceof Error) throw e;
    // A command's Err crosses IPC as a rejected `{code, message}`.
    return { status: "error", error: e as CommandError };
  }
}

export const live = {
  interviewOptions: () => call<InterviewOptions>("interview_options"),
  documentText: (fileName: string, bytes: number[]) =>
    call<string>("document_text", { fileName, bytes }),
  sessionStart: (request: StartRequest) => call<LiveView>("session_start", { request }),
  sessionControl: (action: SessionAction) => call<LiveView>("session_control", { action }),
  sessionView: () => call<LiveView | null>("session_view"),
  takeFeedback: (takeId: number) => call<TakeFeedback>("take_feedback", { takeId }),
  onLiveEvent: (handler: (event: LiveEvent) => void): Promise<UnlistenFn> =>
    listen<LiveEvent>("live-event", (e) => handler(e.payload)),
};
