/**
 * A take's whiteboard over time, as Replay follows it: which stored snapshot stands at a
 * playhead, and when each element first appeared (so clicking it seeks there).
 */

export interface Snapshot {
  at_ms: number | null;
  scene: string;
}

/** Index of the last snapshot at or before `ms` (snapshots in time order), or -1 before the
 * first stroke. Binary search: it runs every animation frame while the video plays. */
export function sceneIndexAt(snapshots: readonly Snapshot[], ms: number): number {
  let lo = 0;
  let hi = snapshots.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((snapshots[mid]?.at_ms ?? 0) <= ms) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export interface DrawnElement {
  /** The shape's id (a bound label's container, not the text itself). */
  id: string;
  /** Its label as drawn, or its kind of shape when it has none. */
  label: string;
  /** When it was first on the board, ms into the take: the first snapshot that holds it. */
  firstMs: number;
  /** The snapshot before that one (0 when there is none): the element was not drawn yet. */
  sinceMs: number;
}

/** How long before the snapshot that first holds an element its drawing is looked for: a
 * snapshot is stored a quiet second after the candidate stops drawing, at most 3 s into a
 * drawing that goes on, so the strokes of one element lie in the seconds before it. */
export const DRAWING_LEAD_MS = 8_000;
/** And after it: a candidate often names a box just after drawing it. */
export const DRAWING_TAIL_MS = 2_000;

/** The stretch of the take in which `element` was drawn: from the snapshot before it (at most
 * DRAWING_LEAD_MS earlier) to DRAWING_TAIL_MS after the snapshot that first holds it. The
 * words spoken in it are the words spoken while it was drawn. */
export function drawingSpan(element: DrawnElement): { fromMs: number; toMs: number } {
  return {
    fromMs: Math.max(element.sinceMs, element.firstMs - DRAWING_LEAD_MS, 0),
    toMs: element.firstMs + DRAWING_TAIL_MS,
  };
}

interface RawElement {
  id?: unknown;
  type?: unknown;
  text?: unknown;
  /** The text as typed; `text` is wrapped to the shape's width with line breaks. */
  originalText?: unknown;
  containerId?: unknown;
  isDeleted?: unknown;
}

const SHAPES = new Set(["rectangle", "ellipse", "diamond", "arrow", "line", "text", "frame"]);

/** Every shape of the take's drawing with the moment it first appeared, in that order. A label
 * typed into a shape names the shape; a snapshot that does not parse is skipped (the store
 * checked each one, so this only guards against a future format). */
export function firstAppearances(snapshots: readonly Snapshot[]): DrawnElement[] {
  const first = new Map<string, number>();
  const since = new Map<string, number>();
  let previousMs = 0;
  const labels = new Map<string, string>();
  const kinds = new Map<string, string>();
  for (const s of snapshots) {
    let elements: RawElement[];
    try {
      elements = ((JSON.parse(s.scene) as { elements?: RawElement[] }).elements ?? []) as RawElement[];
    } catch {
      continue;
    }
    for (const e of elements) {
      if (typeof e.id !== "string" || e.isDeleted === true || typeof e.type !== "string") continue;
      const typed = typeof e.originalText === "string" ? e.originalText : e.text;
      if (e.type === "text" && typeof e.containerId === "string") {
        if (typeof typed === "string" && typed.trim()) labels.set(e.containerId, oneLine(typed));
        continue;
      }
      if (!SHAPES.has(e.type)) continue;
      kinds.set(e.id, e.type);
      if (e.type === "text" && typeof typed === "string" && typed.trim()) labels.set(e.id, oneLine(typed));
      if (!first.has(e.id)) {
        first.set(e.id, s.at_ms ?? 0);
        since.set(e.id, previousMs);
      }
    }
    previousMs = s.at_ms ?? 0;
  }
  return [...first.entries()]
    .map(([id, firstMs]) => ({
      id,
      firstMs,
      sinceMs: since.get(id) ?? 0,
      label: labels.get(id) ?? `(${kinds.get(id) ?? "shape"})`,
    }))
    .sort((a, b) => a.firstMs - b.firstMs);
}

/** The shapes one snapshot holds, each by its label in that snapshot (or its kind of shape),
 * in drawing order: what the board shows when it stands at that snapshot. */
export function shownLabels(sceneJson: string): string[] {
  return firstAppearances([{ at_ms: 0, scene: sceneJson }]).map((e) => e.label);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
