import type { ScreenProps } from "../nav";

// PLACEHOLDER: replaced by the helper that owns ui/src/history/. Not a finished screen.
export function History(_props: ScreenProps) {
  return <main className="page"><h1>History</h1></main>;
}
