// Loaded lazily (Whiteboard.tsx): Excalidraw is most of the app's script, and the room and
// Replay are the only screens that draw.
import "./assets";
import "@excalidraw/excalidraw/index.css";
import { Excalidraw, MainMenu, restoreElements, serializeAsJSON } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useRef, useState } from "react";
import type { SceneElement } from "./recorder";

export interface CanvasProps {
  /** Read-only: Replay shows a stored scene. */
  viewOnly?: boolean;
  /** A scene to show, as `serializeAsJSON` wrote it; replaced whenever it changes. */
  sceneJson?: string | null;
  /** Every change of the scene, with a serialiser the caller runs only when it stores one. */
  onScene?: (elements: readonly SceneElement[], serialize: () => string) => void;
  theme?: "light" | "dark";
}

/**
 * Excalidraw with everything that reaches the network switched off: no collaboration (no
 * `onCollabButtonClick`, `isCollaborating` false), no shareable-link export (`export: false`,
 * no `onExportToBackend`), no AI (`aiEnabled` false), no web embeds (`validateEmbeddable`
 * false), no images, and a main menu of local actions only (the default one links to the
 * library site and socials). The library sidebar's "browse libraries" link is hidden in CSS.
 */
export default function Canvas({ viewOnly = false, sceneJson, onScene, theme = "light" }: CanvasProps) {
  const api = useRef<ExcalidrawImperativeAPI | null>(null);
  const shown = useRef<string | null>(null);
  const fitted = useRef(false);

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

  return (
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
      detectScroll={false}
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
        if (viewOnly || !onScene) return;
        onScene(elements, () => serializeAsJSON(elements, appState, files, "local"));
      }}
    >
      <MainMenu>
        <MainMenu.DefaultItems.ClearCanvas />
        <MainMenu.DefaultItems.ChangeCanvasBackground />
      </MainMenu>
    </Excalidraw>
  );
}

function parse(json: string): unknown[] {
  return (JSON.parse(json) as { elements?: unknown[] }).elements ?? [];
}
