import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { defineConfig, type Plugin } from "vitest/config";
import react from "@vitejs/plugin-react";

/** Excalidraw's font files, shipped with the app (see src/whiteboard/assets.ts). */
const EXCALIDRAW_FONTS = "node_modules/@excalidraw/excalidraw/dist/prod/fonts";
/** Xiaolai is 13 MB of Chinese, Japanese and Korean glyphs, for text Onsite's English-only
 * speech model never produces; without it such text falls back to a system font (the CSP
 * refuses the CDN Excalidraw would otherwise ask). */
const SKIPPED_FONTS = ["Xiaolai"];

function fontFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!SKIPPED_FONTS.includes(name)) walk(path);
      } else {
        out.push(path);
      }
    }
  };
  walk(EXCALIDRAW_FONTS);
  return out;
}

/** Copies the whiteboard's fonts into the build as `fonts/…` and serves them in development,
 * so Excalidraw finds them beside index.html and never asks its CDN. */
function excalidrawFonts(): Plugin {
  return {
    name: "onsite-excalidraw-fonts",
    generateBundle() {
      for (const file of fontFiles()) {
        const name = relative(EXCALIDRAW_FONTS, file).split(sep).join("/");
        this.emitFile({ type: "asset", fileName: `fonts/${name}`, source: readFileSync(file) });
      }
    },
    configureServer(server) {
      server.middlewares.use("/fonts/", (req, res, next) => {
        const name = decodeURIComponent((req.url ?? "").split("?")[0] ?? "").replace(/^\/+/, "");
        const file = fontFiles().find((f) => relative(EXCALIDRAW_FONTS, f).split(sep).join("/") === name);
        if (!file) return next();
        res.setHeader("Content-Type", "font/woff2");
        res.end(readFileSync(file));
      });
    },
  };
}

/** Excalidraw registers every font with two sources, the asset path and then its CDN
 * (`ASSETS_FALLBACK_URL`, https://esm.sh/…), and WebKit checks both against the CSP: the CDN
 * is refused (nothing leaves the machine) but every font logs a CSP violation. The fallback is
 * made the app's own folder as well. The build fails if the line is not found, so an upgrade of
 * Excalidraw cannot quietly bring the CDN back (the end-to-end test e2e_whiteboard also checks
 * that no load is refused). Development builds pre-bundle dependencies without this hook. */
function excalidrawNoCdn(): Plugin {
  const fallback = /"ASSETS_FALLBACK_URL",`https:\/\/esm\.sh\/.*?\/dist\/prod\/`\)/;
  let replaced = false;
  return {
    name: "onsite-excalidraw-no-cdn",
    apply: "build",
    transform(code, id) {
      if (!id.includes("@excalidraw/excalidraw") || !code.includes("ASSETS_FALLBACK_URL")) return null;
      if (!fallback.test(code)) return null;
      replaced = true;
      return { code: code.replace(fallback, '"ASSETS_FALLBACK_URL",new URL("./",document.baseURI).href)'), map: null };
    },
    buildEnd() {
      if (!replaced) this.error("Excalidraw's font CDN fallback (ASSETS_FALLBACK_URL) was not found: check the whiteboard's fonts stay local");
    },
  };
}

// The app is served from the Tauri binary (tauri://localhost), never from a server:
// relative asset paths, no remote anything, and a build that fails rather than inlines scripts.
export default defineConfig({
  plugins: [react(), excalidrawFonts(), excalidrawNoCdn()],
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Inlined data: assets would need a looser CSP; keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    port: 1420,
    strictPort: true,
  },
  test: {
    environment: "happy-dom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // Excalidraw's build imports roughjs files without their extension, which Node's ESM loader
    // refuses; processed by Vite, it resolves (whiteboard/hit.test.ts runs its real geometry).
    server: { deps: { inline: ["@excalidraw/excalidraw"] } },
  },
});
