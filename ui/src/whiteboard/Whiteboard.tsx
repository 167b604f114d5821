import "./whiteboard.css";
import { Component, lazy, Suspense, type ReactNode } from "react";
import type { CanvasProps } from "./Canvas";

const Canvas = lazy(() => import("./Canvas"));

export interface WhiteboardProps extends CanvasProps {
  /** Names the board for assistive technology. */
  label: string;
  /** Shown under the board, e.g. why a snapshot was not saved. */
  note?: React.ReactNode;
}

/**
 * The whiteboard: Excalidraw, loaded only when a board is first shown, so opening the app is
 * not slowed by it. Drawing is for the pointer; the room's keys do not fire while the board has
 * the focus (useShortcuts), since Excalidraw's own keys (R for a rectangle, Space to pan) would
 * otherwise retry or stop the answer.
 */
export function Whiteboard({ label, note, ...canvas }: WhiteboardProps) {
  return (
    <section className="whiteboard card" aria-label={label} data-whiteboard="">
      <div className="whiteboard-canvas">
        <Suspense
          fallback={
            <p role="status" className="progress whiteboard-loading">
              <span className="spinner" aria-hidden="true" /> Opening the whiteboard…
            </p>
          }
        >
          <Failsafe>
            <Canvas {...canvas} />
          </Failsafe>
        </Suspense>
      </div>
      {note}
    </section>
  );
}

/** A board that fails to load or draw says so; the room, its timers and keys go on. */
class Failsafe extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };

  static getDerivedStateFromError(cause: unknown) {
    return { error: String(cause) };
  }

  render() {
    if (this.state.error) {
      return (
        <p role="alert" className="error whiteboard-loading" data-code="whiteboard_failed">
          The whiteboard could not be opened ({this.state.error}). The answer is still recorded;
          restart Onsite to draw again.
        </p>
      );
    }
    return this.props.children;
  }
}
