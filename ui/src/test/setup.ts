import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { canvases } from "./fakeCanvas";
import { afterEach, vi } from "vitest";

// Excalidraw needs a real <canvas>; component tests get a stand-in that records its props.
vi.mock("../whiteboard/Canvas", () => import("./fakeCanvas"));

afterEach(() => {
  cleanup();
  clearMocks();
  canvases.length = 0;
});
