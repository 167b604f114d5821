import type { ScreenProps } from "../nav";

// PLACEHOLDER: replaced by the helper that owns ui/src/progress/. Not a finished screen.
export function Progress(_props: ScreenProps) {
  return <main className="page"><h1>Progress</h1></main>;
}
