// The whiteboard's canvas in component tests. Excalidraw draws on a <canvas> that happy-dom
// does not implement, so tests replace the lazily loaded Canvas module (see setup.ts) with this
// stand-in: it records the props the app gave it, so a test can play Excalidraw's part (call
// `onScene` as its onChange would) and read what a read-only board was asked to show. The real
// canvas is exercised in the real window (tests/e2e).
import type { CanvasProps } from "../whiteboard/Canvas";

/** Props of every fake canvas on screen, by mount order; the newest last. */
export const canvases: CanvasProps[] = [];

export default function FakeCanvas(props: CanvasProps) {
  canvases.push(props);
  return (
    <div
      data-testid="fake-canvas"
      data-view-only={props.viewOnly ? "true" : "false"}
      data-scene={props.sceneJson ?? ""}
      data-highlight={props.highlight ?? ""}
      tabIndex={0}
    />
  );
}
