/**
 * The app's screens and how to move between them. Navigation is plain React state (no router
 * library, no URLs): a `Route` says which screen shows and with what it was opened (ids, or the
 * session to start).
 */
import type { StartRequest } from "./lib/live";

export type Route =
  | { name: "home" }
  /**
   * The first-run guide (shown on start until finished or skipped; reopened from Settings).
   * `problem` says why the remembered choice could not be read, when it could not.
   */
  | { name: "welcome"; problem?: string }
  /**
   * Camera preview, microphone level and a spoken test, before the first question. `start` is
   * the session the user asked for; it starts only once they continue to the interview, so no
   * timer runs while they check the camera.
   */
  | { name: "device-check"; start: StartRequest }
  /**
   * The live session: question, timers, camera, controls; feedback after each answer. The room
   * attaches to the session already running, if any; otherwise it starts `start`, if given.
   */
  | { name: "interview"; start?: StartRequest }
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
