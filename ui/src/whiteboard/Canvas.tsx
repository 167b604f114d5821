// Loaded lazily (Whiteboard.tsx): Excalidraw is most of the app's script, and the room and
// Replay are the only screens that draw.
import "./assets";
import "@excalidraw/excalidraw/index.css";
import { Excalidraw, MainMenu, restoreElements, serializeAsJSON } from "@excalidraw/excalidraw";
import type { NonDeletedExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { AppState, ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { getVisibleSceneBounds, isElementInsideBBox } from "@excalidraw/excalidraw";
import { useEffect, useMemo, useRef, useState } from "react";
import { elementAt } from "./hit";
import type { SceneElement } from "./recorder";

export interface CanvasProps {
  /** Read-only: Replay shows a stored scene. */
  viewOnly?: boolean;
  /** A scene to show, as `serializeAsJSON` wrote it; replaced whenever it changes. */
  sceneJson?: string | null;
  /** Every change of the scene, with a serialiser the caller runs only when it stores one. */
  onScene?: (elements: readonly SceneElement[], serialize: () => string) => void;
  theme?: "light" | "dark";
  /** Read-only board: the element shown selected (and scrolled into view when it is out of
   * it), e.g. one chosen in Replay; null for none. */
  highlight?: string | null;
  /** Read-only board: a click (not a drag, which pans) landed on this element. */
  onElementClick?: (id: string) => void;
}

/** A pointer that moves further than this between down and up dragged the board (view mode
 * pans), rather than clicking an element. */
const CLICK_SLOP_PX = 5;

/**
 * Excalidraw with everything that reaches the network switched off: no collaboration (no
 * `onCollabButtonClick`, `isCollaborating` false), no shareable-link export (`export: false`,
 * no `onExportToBackend`), no AI (`aiEnabled` false), no web embeds (`validateEmbeddable`
 * false), no images, and a main menu of local actions only (the default one links to the
 * library site and socials). The library sidebar's "browse libraries" link is hidden in CSS.
 */
export default function Canvas({
  viewOnly = false,
  sceneJson,
  onScene,
  theme = "light",
  highlight = null,
  onElementClick,
}: CanvasProps) {
  const api = useRef<ExcalidrawImperativeAPI | null>(null);
  const shown = useRef<string | null>(null);
  const fitted = useRef(false);
  const pressed = useRef<{ x: number; y: number } | null>(null);
  // The highlight as last rendered (read by onChange) and the one last scrolled to.
  const wanted = useRef(highlight);
  wanted.current = highlight;
  const scrolledTo = useRef<string | null>(null);
  // The callbacks as last rendered, read when Excalidraw calls back (see `board` below).
  const onSceneRef = useRef(onScene);
  onSceneRef.current = onScene;

  // The scene it opens with, drawn on the first frame (a replayed snapshot).
  const [initial] = useState(() =>
    sceneJson ? { elements: restoreElements(parse(sceneJson) as never, null), scrollToContent: true } : null,
  );
  const show = (json: string | null | undefined) => {
    if (!api.current || json === undefined || shown.current === json) return;
    shown.current = json;
    const elements = restoreElements((json ? parse(json) : []) as never, null);
    api.current.updateScene({ elements });
    // Replay: bring the drawing into view the first time one is shown.
    if (viewOnly && !fitted.current && elements.length > 0) {
      fitted.current = true;
      api.current.scrollToContent(elements, { fitToContent: true });
    }
  };
  useEffect(() => show(sceneJson));

  // Keeps the board's selection on the highlighted element: Excalidraw loads a scene after
  // mounting, and in view mode it clears the selection on every pointer up, so this runs on
  // each of its changes (and stops once the selection matches). It scrolls to the element
  // once per highlight, and only when the element is not already in view.
  const keepHighlight = (elements: readonly NonDeletedExcalidrawElement[], appState: AppState) => {
    const a = api.current;
    const id = wanted.current;
    if (!a || !viewOnly) return;
    const selected = Object.keys(appState.selectedElementIds);
    const element = id ? elements.find((e) => e.id === id && !e.isDeleted) : undefined;
    if (!element) {
      if (id === null && selected.length > 0) a.updateScene({ appState: { selectedElementIds: {} } as never });
      return;
    }
    if (selected.length !== 1 || selected[0] !== element.id) {
      a.updateScene({ appState: { selectedElementIds: { [element.id]: true } } as never });
    }
    if (scrolledTo.current !== element.id) {
      scrolledTo.current = element.id;
      if (!isElementInsideBBox(element, getVisibleSceneBounds(appState))) {
        a.scrollToContent(element, { fitToViewport: true, viewportZoomFactor: 0.5, maxZoom: 1, animate: true });
      }
    }
  };
  useEffect(() => {
    const a = api.current;
    if (a) keepHighlight(a.getSceneElements(), a.getAppState());
  });

  // Built once per board: the interview room re-renders many times a second (the microphone
  // meter, the timers) and Replay's player every frame while it plays, and Excalidraw re-renders
  // its whole tree whenever its children or callbacks are new objects, which it would be on each
  // of those renders. The same element is handed to React every time, so it skips Excalidraw;
  // what changes (the scene, the highlight) reaches it through its API.
  const board = useMemo(
    () => (
      <Excalidraw
        initialData={initial}
        excalidrawAPI={(a) => {
          api.current = a;
          shown.current = sceneJson ?? null;
        }}
        viewModeEnabled={viewOnly}
        theme={theme}
        isCollaborating={false}
        aiEnabled={false}
        validateEmbeddable={false}
        // Excalidraw maps the pointer to the scene with its canvas's offset in the window, which
        // moves when the room or Replay scrolls; without this it keeps the offset it had when it
        // opened, so a stroke lands away from the pointer and a click on Replay's board names
        // another element.
        detectScroll
        handleKeyboardGlobally={false}
        UIOptions={{
          canvasActions: {
            export: false,
            loadScene: false,
            saveToActiveFile: false,
            saveAsImage: false,
            toggleTheme: false,
          },
          tools: { image: false },
        }}
        onChange={(elements, appState, files) => {
          if (viewOnly) {
            // Not during Excalidraw's own update: the selection is set on the next task.
            if (wanted.current !== null || Object.keys(appState.selectedElementIds).length > 0) {
              setTimeout(() => {
                const a = api.current;
                if (a) keepHighlight(a.getSceneElements(), a.getAppState());
              }, 0);
            }
            return;
          }
          const record = onSceneRef.current;
          if (!record) return;
          record(elements, () => serializeAsJSON(elements, appState, files, "local"));
        }}
      >
        <MainMenu>
          <MainMenu.DefaultItems.ClearCanvas />
          <MainMenu.DefaultItems.ChangeCanvasBackground />
        </MainMenu>
      </Excalidraw>
    ),
    // The callbacks go through refs; the scene and highlight through the API.
    [viewOnly, theme, initial],
  );
  if (!viewOnly || !onElementClick) return board;
  // A click on the read-only board names the element under it. The wrapper has no box of its
  // own (display: contents), so Excalidraw still sizes itself from the board's container.
  return (
    <div
      className="whiteboard-clicks"
      style={{ display: "contents" }}
      onPointerDown={(e) => {
        // Only on the drawing itself: not on the board's own buttons (zoom, menu).
        pressed.current = e.target instanceof HTMLCanvasElement ? { x: e.clientX, y: e.clientY } : null;
      }}
      onPointerUp={(e) => {
        const down = pressed.current;
        pressed.current = null;
        const a = api.current;
        if (!down || !a || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP_PX) return;
        const id = elementAt(a.getSceneElements(), a.getAppState(), e.clientX, e.clientY);
        if (id) onElementClick(id);
      }}
    >
      {board}
    </div>
  );
}

function parse(json: string): unknown[] {
  return (JSON.parse(json) as { elements?: unknown[] }).elements ?? [];
}
