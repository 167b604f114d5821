/**
 * Progress and the story bank as the app gets them from `onsite-report` (the same numbers as
 * `onsite progress` and `onsite stories`).
 */
import { commands } from "../bindings";
import type {
  Progress_Serialize,
  Story_Serialize,
  StoryBank_Serialize,
  Streak_Serialize,
  TakeComparison_Serialize,
  TrendPoint,
} from "../bindings";

// What Rust sends (specta's `_Serialize` shapes: optional values arrive as `null`).
export type Progress = Progress_Serialize;
export type StoryBank = StoryBank_Serialize;
export type Streak = Streak_Serialize;
export type TakeComparison = TakeComparison_Serialize;
export type Story = Story_Serialize;
export type { TrendPoint };

/**
 * Local time minus UTC in minutes (UTC-8 is -480), so streaks count the user's own days:
 * two evenings in a row in California are two days even when both fall on one UTC day.
 */
export function utcOffsetMinutes(now: Date = new Date()): number {
  return -now.getTimezoneOffset();
}

export const loadProgress = () => commands.progressData(utcOffsetMinutes());

export const loadStoryBank = () => commands.storyBank();
