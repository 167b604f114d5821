/**
 * Excalidraw loads its fonts from `window.EXCALIDRAW_ASSET_PATH` and, failing that, from a
 * public CDN. Onsite never reaches the network: the fonts are copied into the app bundle at
 * build time (vite.config.ts, `fonts/` beside index.html) and this points Excalidraw at them.
 * Imported by Canvas.tsx before Excalidraw itself, so the path is set before any font loads.
 * The window's CSP (font-src 'self') refuses any other origin anyway.
 */
declare global {
  interface Window {
    EXCALIDRAW_ASSET_PATH?: string | string[];
  }
}

/** The folder holding `fonts/`: the app's own base (tauri://localhost/ in the app). */
export function localAssetPath(): string {
  return new URL("./", document.baseURI).href;
}

window.EXCALIDRAW_ASSET_PATH = localAssetPath();
