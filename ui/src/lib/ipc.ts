/**
 * Turning a command's `{status, data | error}` result (tauri-specta's shape) into UI state.
 * Framework failures (a denied permission, a command missing from this build) reject with a
 * string instead; they become a `CommandError` with the code `ipc_failed` so screens have one
 * error shape to show.
 */
import type { CommandError } from "../bindings";

export type CommandResult<T> =
  | { status: "ok"; data: T }
  | { status: "error"; error: CommandError };

/** A command's outcome once it has answered. */
export type Settled<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

/** What a screen shows while a command runs, after it answers, or when it fails. */
export type Loadable<T> = { status: "loading" } | Settled<T>;

/** A rejected IPC call (a string, an Error or a `{code,message}`) as a `CommandError`. */
export function toCommandError(cause: unknown): CommandError {
  if (isCommandError(cause)) return cause;
  if (cause instanceof Error) return { code: "ipc_failed", message: cause.message };
  return { code: "ipc_failed", message: String(cause) };
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CommandError).code === "string" &&
    typeof (value as CommandError).message === "string"
  );
}

/** Awaits a command and never rejects: the answer or the error. */
export async function settle<T>(call: Promise<CommandResult<T>>): Promise<Settled<T>> {
  try {
    const result = await call;
    return result.status === "ok"
      ? { status: "ok", data: result.data }
      : { status: "error", error: result.error };
  } catch (cause) {
    return { status: "error", error: toCommandError(cause) };
  }
}
