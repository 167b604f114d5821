/**
 * The session the home screen asked for, held while the device check runs. The interview room
 * takes it (once) and starts the session, so no timer runs while the candidate checks the camera.
 */
import type { StartRequest } from "./live";

let pending: StartRequest | null = null;

export function setPendingStart(request: StartRequest): void {
  pending = request;
}

/** The request, removed so that returning to the room never starts a second session. */
export function takePendingStart(): StartRequest | null {
  const request = pending;
  pending = null;
  return request;
}
