import type { ScreenProps } from "../nav";

// PLACEHOLDER: replaced by the helper that owns ui/src/replay/. Not a finished screen.
export function Replay(_props: ScreenProps & { sessionId: string; takeId?: number; compareTakeId?: number }) {
  return <main className="page"><h1>Replay</h1></main>;
}
