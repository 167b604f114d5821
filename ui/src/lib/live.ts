/**
 * The live session's commands and its event stream, as the practice screens use them: the
 * generated bindings (bindings.ts, written from the shell's Rust types) under shorter names,
 * every call answering a `CommandResult`. Types are the `_Serialize` shapes, what the webview
 * receives, with every field present.
 */
import {
  commands,
  events,
  type FeedbackQuote_Serialize,
  type InterviewOptions as GeneratedOptions,
  type InterviewPlan,
  type InterviewTrack,
  type LiveEvent_Serialize,
  type LivePhase,
  type LiveQuestion as GeneratedQuestion,
  type LiveQuestionPart,
  type LiveSummaryItem,
  type LiveSummary_Serialize,
  type LiveTimer as GeneratedTimer,
  type LiveView_Serialize,
  type SessionAction as GeneratedAction,
  type StartRequest_Serialize,
  type TakeFeedback_Serialize,
} from "../bindings";
import type { UnlistenFn } from "@tauri-apps/api/event";
import type { CommandResult } from "./ipc";

export type InterviewOptions = GeneratedOptions;
export type PlanOption = InterviewPlan;
export type TrackOption = InterviewTrack;
/** Every field spelled out (the shell also accepts them omitted). */
export type StartRequest = StartRequest_Serialize;
export type Phase = LivePhase;
export type QuestionPart = LiveQuestionPart;
export type SessionAction = GeneratedAction;
export type LiveQuestion = GeneratedQuestion;
export type LiveTimer = GeneratedTimer;
export type Quote = FeedbackQuote_Serialize;
export type TakeFeedback = TakeFeedback_Serialize;
export type CompetencyFeedback = TakeFeedback["competencies"][number];
export type CoverageItem = TakeFeedback["coverage"][number];
export type RedFlagFeedback = TakeFeedback["red_flags"][number];
export type DeliveryFeedback = TakeFeedback["delivery"];
export type SummaryView = LiveSummary_Serialize;
export type SummaryItem = LiveSummaryItem;
export type SummaryScore = SummaryView["competencies"][number];
export type LiveView = LiveView_Serialize;
export type LiveEvent = LiveEvent_Serialize;

/** Infallible commands still reject when the IPC itself fails; `settle` turns that into an error. */
async function ok<T>(call: Promise<T>): Promise<CommandResult<T>> {
  return { status: "ok", data: await call };
}

export const live = {
  interviewOptions: () => ok(commands.interviewOptions()),
  documentText: (fileName: string, bytes: number[]) => commands.documentText(fileName, bytes),
  sessionStart: (request: StartRequest) => commands.sessionStart(request),
  sessionControl: (action: SessionAction) => commands.sessionControl(action),
  sessionView: () => ok(commands.sessionView()),
  takeFeedback: (takeId: number) => commands.takeFeedback(takeId),
  onLiveEvent: (handler: (event: LiveEvent) => void): Promise<UnlistenFn> =>
    events.liveEvent.listen((e) => handler(e.payload)),
};
