import type { ScreenProps } from "../nav";

// PLACEHOLDER: replaced by the helper that owns ui/src/interview/. Not a finished screen.
export function InterviewRoom(_props: ScreenProps) {
  return <main className="page"><h1>InterviewRoom</h1></main>;
}
