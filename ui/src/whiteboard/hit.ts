// Which drawn element a click on a read-only board landed on. Loaded with the canvas (it needs
// Excalidraw's geometry), never on the entry chunk.
import { elementPartiallyOverlapsWithOrContainsBBox, getCommonBounds, viewportCoordsToSceneCoords } from "@excalidraw/excalidraw";
import type { NonDeletedExcalidrawElement } from "@excalidraw/excalidraw/element/types";

/** Where the board is looking: Excalidraw's appState fields that map the window to the scene. */
export interface Viewport {
  zoom: { value: number };
  offsetLeft: number;
  offsetTop: number;
  scrollX: number;
  scrollY: number;
}

/** Slack around the pointer, in screen pixels, so a click on a thin arrow counts. */
const SLACK_PX = 4;

/**
 * The id of the element under a click at window coordinates (`clientX`, `clientY`), or null.
 * A label typed into a shape stands for the shape. Excalidraw's view mode pans on a drag and
 * selects nothing, and its own hit test is not part of its API, so this asks Excalidraw's
 * exported geometry: the click is turned into scene coordinates, and the elements whose
 * (rotated) bounds hold it are candidates; the smallest wins, since a click inside a box that
 * sits inside a frame, or on an arrow crossing a large shape, means the smaller one.
 */
export function elementAt(
  elements: readonly NonDeletedExcalidrawElement[],
  viewport: Viewport,
  clientX: number,
  clientY: number,
): string | null {
  const at = viewportCoordsToSceneCoords({ clientX, clientY }, viewport as never);
  const r = SLACK_PX / (viewport.zoom.value || 1);
  const box: [number, number, number, number] = [at.x - r, at.y - r, at.x + r, at.y + r];
  const byId = new Map(elements.map((e) => [e.id, e]));
  let best: { id: string; area: number } | null = null;
  for (const e of elements) {
    if (e.isDeleted || !elementPartiallyOverlapsWithOrContainsBBox(e, box)) continue;
    // A shape's label is drawn inside it: the shape is what was clicked.
    const container = e.type === "text" && e.containerId ? byId.get(e.containerId) : undefined;
    const target = container && !container.isDeleted ? container : e;
    const [x1, y1, x2, y2] = getCommonBounds([target]);
    const area = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    if (!best || area < best.area) best = { id: target.id, area };
  }
  return best?.id ?? null;
}
