import type { ScreenProps } from "../nav";

// PLACEHOLDER: replaced by the helper that owns ui/src/devices/. Not a finished screen.
export function DeviceCheck(_props: ScreenProps & { next: "interview" | "home" }) {
  return <main className="page"><h1>DeviceCheck</h1></main>;
}
