import { useCallback, useEffect, useImperativeHandle, useMemo, useState, type Ref } from "react";
import { commands } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { useCommand } from "../lib/useCommand";
import { offset } from "../lib/format";
import { firstAppearances, sceneIndexAt } from "./timeline";
import { Whiteboard } from "./Whiteboard";

/** What the player tells the board: the playhead moved to `ms`. */
export interface ReplayWhiteboardHandle {
  sync: (ms: number) => void;
}

export interface ReplayWhiteboardProps {
  takeId: number;
  label: string;
  /** Seeks the recording, e.g. to when an element was drawn. */
  onSeek: (ms: number) => void;
  /** Where the board starts before the player reports: 0 with a recording, the end without. */
  initialMs: number;
  ref?: Ref<ReplayWhiteboardHandle>;
}

/**
 * The take's whiteboard as it stood at the playhead (read-only Excalidraw), and its elements
 * in the order they were drawn: choosing one seeks to when it appeared. Nothing is shown for a
 * take answered without drawing.
 */
export function ReplayWhiteboard({ takeId, label, onSeek, initialMs, ref }: ReplayWhiteboardProps) {
  const read = useCallback(() => commands.scenes(takeId), [takeId]);
  const [load, reload] = useCommand(read);
  const [index, setIndex] = useState(-1);

  const scenes = load.status === "ok" ? load.data : null;
  useEffect(() => {
    if (scenes) setIndex(sceneIndexAt(scenes, initialMs));
  }, [scenes, initialMs]);
  useImperativeHandle(ref, () => ({
    // Called every frame while playing: React skips the render when the index is unchanged.
    sync: (ms: number) => {
      if (scenes) setIndex(sceneIndexAt(scenes, ms));
    },
  }), [scenes]);
  const elements = useMemo(() => (scenes ? firstAppearances(scenes) : []), [scenes]);

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
    <div className="replay-board" data-testid="replay-board" data-scene-seq={current?.seq ?? 0}>
      <Whiteboard
        // A board per snapshot, opened with it: Excalidraw draws its initial scene reliably,
        // and the playhead crosses a snapshot only a few times a minute.
        key={current?.seq ?? 0}
        label={`Whiteboard of ${label}`}
        viewOnly
        sceneJson={current ? current.scene : ""}
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
              <button type="button" className="link" onClick={() => onSeek(e.firstMs)} data-element-id={e.id}>
                {e.label} at {offset(e.firstMs)}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
