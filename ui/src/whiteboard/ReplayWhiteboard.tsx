import { useCallback, useEffect, useImperativeHandle, useMemo, useState, type Ref } from "react";
import { commands } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { useCommand } from "../lib/useCommand";
import { offset } from "../lib/format";
import { drawingSpan, firstAppearances, sceneIndexAt, shownLabels, type DrawnElement } from "./timeline";
import { Whiteboard } from "./Whiteboard";

/** What the player tells the board: the playhead moved to `ms`; or show an element (e.g. one
 * the feedback quotes): seek to when it was drawn and highlight it. */
export interface ReplayWhiteboardHandle {
  sync: (ms: number) => void;
  show: (elementId: string) => void;
}

/** Part of the take, in ms (the words spoken while an element was drawn). */
export interface Span {
  fromMs: number;
  toMs: number;
}

export interface ReplayWhiteboardProps {
  takeId: number;
  label: string;
  /** Seeks the recording, e.g. to when an element was drawn. */
  onSeek: (ms: number) => void;
  /** Where the board starts before the player reports: 0 with a recording, the end without. */
  initialMs: number;
  /** The element chosen or hovered changed: the stretch of the take it was drawn in, or null. */
  onDrawnSpan?: (span: Span | null) => void;
  ref?: Ref<ReplayWhiteboardHandle>;
}

/**
 * The take's whiteboard as it stood at the playhead (read-only Excalidraw), and its elements
 * in the order they were drawn. Choosing an element (clicking it on the board or in the list,
 * or its quote in the feedback) seeks to when it appeared and highlights it; choosing or
 * hovering one reports the stretch it was drawn in, whose words the transcript marks. Nothing
 * is shown for a take answered without drawing.
 */
export function ReplayWhiteboard({ takeId, label, onSeek, initialMs, onDrawnSpan, ref }: ReplayWhiteboardProps) {
  const read = useCallback(() => commands.scenes(takeId), [takeId]);
  const [load, reload] = useCommand(read);
  const [index, setIndex] = useState(-1);
  const [chosen, setChosen] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);

  const scenes = load.status === "ok" ? load.data : null;
  useEffect(() => {
    if (scenes) setIndex(sceneIndexAt(scenes, initialMs));
  }, [scenes, initialMs]);
  const elements = useMemo(() => (scenes ? firstAppearances(scenes) : []), [scenes]);
  const byId = useMemo(() => new Map(elements.map((e) => [e.id, e])), [elements]);
  const choose = (id: string) => {
    const element = byId.get(id);
    if (!element) return;
    setChosen(id);
    onSeek(element.firstMs);
  };
  useImperativeHandle(ref, () => ({
    // Called every frame while playing: React skips the render when the index is unchanged.
    sync: (ms: number) => {
      if (scenes) setIndex(sceneIndexAt(scenes, ms));
    },
    show: choose,
  }));
  const marked: DrawnElement | undefined = byId.get(hovered ?? chosen ?? "");
  const currentScene = scenes && index >= 0 ? scenes[index]?.scene : undefined;
  // What the board shows, by label, for whoever checks it (the end-to-end test reads it).
  const shown = useMemo(() => (currentScene ? shownLabels(currentScene) : []), [currentScene]);
  useEffect(() => {
    onDrawnSpan?.(marked ? drawingSpan(marked) : null);
  }, [marked, onDrawnSpan]);

  if (load.status === "error") {
    return (
      <AsyncView state={load} failed="The whiteboard of this take cannot be shown" onRetry={reload}>
        {() => null}
      </AsyncView>
    );
  }
  if (!scenes || scenes.length === 0) return null;
  const current = index >= 0 ? scenes[index] : undefined;
  const shownAt = current?.at_ms ?? 0;

  return (
    <div
      className="replay-board"
      data-testid="replay-board"
      data-scene-seq={current?.seq ?? 0}
      data-shown-labels={JSON.stringify(shown)}
    >
      <Whiteboard
        // A board per snapshot, opened with it: Excalidraw draws its initial scene reliably,
        // and the playhead crosses a snapshot only a few times a minute.
        key={current?.seq ?? 0}
        label={`Whiteboard of ${label}`}
        viewOnly
        sceneJson={current ? current.scene : ""}
        highlight={chosen}
        onElementClick={choose}
        note={
          <p className="muted whiteboard-note" role="status">
            {current
              ? `The board as it stood at ${offset(shownAt)} (${index + 1} of ${scenes.length} saved moments).`
              : "Nothing was drawn yet at this point of the answer."}
          </p>
        }
      />
      <details className="drawn-elements">
        <summary>Drawn, in order ({elements.length})</summary>
        <ul>
          {elements.map((e) => (
            <li key={e.id} className={e.firstMs <= shownAt && current ? "drawn" : "not-yet"}>
              <button
                type="button"
                className="link"
                aria-pressed={e.id === chosen}
                onClick={() => choose(e.id)}
                onMouseEnter={() => setHovered(e.id)}
                onMouseLeave={() => setHovered(null)}
                onFocus={() => setHovered(e.id)}
                onBlur={() => setHovered(null)}
                data-element-id={e.id}
                data-first-ms={e.firstMs}
              >
                {e.label} at {offset(e.firstMs)}
              </button>
            </li>
          ))}
        </ul>
      </details>
      {/* Below the list, not in the board's note above it: hovering an element must not move
          the list under the pointer (the note wrapping onto a second line pushed the button
          away between a pointer's press and release, and the click was lost). */}
      <p className="muted whiteboard-marked" role="status">
        {marked && (
          <span data-testid="drawn-marked">
            {marked.label}, drawn by {offset(marked.firstMs)}: the words spoken then are marked in
            the transcript.
          </span>
        )}
      </p>
    </div>
  );
}
