/**
 * The app's screens and how to move between them. Navigation is plain React state (no router
 * library, no URLs): a `Route` says which screen shows and with which ids.
 */
export type Route =
  | { name: "home" }
  /**
   * The first-run guide (shown on start until finished or skipped; reopened from Settings).
   * `problem` says why the remembered choice could not be read, when it could not.
   */
  | { name: "welcome"; problem?: string }
  /** Camera preview, microphone level and a spoken test, before the first question. */
  | { name: "device-check"; next: "interview" | "home" }
  /** The live session: question, timers, camera, controls; feedback after each answer. */
  | { name: "interview" }
  | { name: "history" }
  /**
   * Replay studio for one session; `takeId` selects a take, `compareTakeId` a second one,
   * `atMs` where to start (ms into the take, e.g. a search hit).
   */
  | { name: "replay"; sessionId: string; takeId?: number; compareTakeId?: number; atMs?: number }
  | { name: "progress" }
  | { name: "settings"; page?: "general" | "devices" | "model" | "privacy" };

export type Navigate = (route: Route) => void;

/** Props every screen receives. */
export interface ScreenProps {
  navigate: Navigate;
}
