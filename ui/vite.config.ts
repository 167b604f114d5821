import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The app is served from the Tauri binary (tauri://localhost), never from a server:
// relative asset paths, no remote anything, and a build that fails rather than inlines scripts.
export default defineConfig({
  plugins: [react()],
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
  },
});
