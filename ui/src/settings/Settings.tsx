import type { ScreenProps } from "../nav";

// PLACEHOLDER: replaced by the helper that owns ui/src/settings/. Not a finished screen.
export function Settings(_props: ScreenProps & { page?: "general" | "devices" | "model" | "privacy" }) {
  return <main className="page"><h1>Settings</h1></main>;
}
