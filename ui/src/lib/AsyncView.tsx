import type { ReactNode } from "react";
import type { Loadable } from "./ipc";

export interface AsyncViewProps<T> {
  state: Loadable<T>;
  /** Said while the command runs, e.g. "Loading your sessions…"; nothing is shown without it. */
  loading?: string;
  /** A spinner beside `loading`, for waits long enough to look stuck without one. */
  spinner?: boolean;
  /** What could not be done, put before the shell's message: "Your sessions could not be listed". */
  failed?: string;
  /** Offers "Try again" under the error. */
  onRetry?: () => void;
  /** Added to the loading and error lines' classes, to place them like the content they stand for. */
  className?: string;
  /** The content, once the command has answered. */
  children: (data: T) => ReactNode;
}

/**
 * What a screen shows for a command it reads (`useCommand`): a status line while it runs, the
 * shell's error with its code (`data-code`, e.g. `store_corrupt`) and a retry when it fails, and
 * the content when it answers. Every screen waits and fails the same way through this.
 */
export function AsyncView<T>({ state, loading, spinner, failed, onRetry, className, children }: AsyncViewProps<T>) {
  const classes = (base: string) => (className ? `${base} ${className}` : base);
  if (state.status === "loading") {
    if (!loading) return null;
    return spinner ? (
      <p role="status" className={classes("progress")}>
        <span className="spinner" aria-hidden="true" /> {loading}
      </p>
    ) : (
      <p role="status" className={classes("muted")}>
        {loading}
      </p>
    );
  }
  if (state.status === "error") {
    const alert = (
      <p role="alert" className={classes("error")} data-code={state.error.code}>
        {failed ? `${failed}: ${state.error.message}` : state.error.message}
      </p>
    );
    if (!onRetry) return alert;
    return (
      <div>
        {alert}
        <button type="button" className="secondary small" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(state.data)}</>;
}
