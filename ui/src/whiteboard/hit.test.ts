import { restoreElements } from "@excalidraw/excalidraw";
import type { NonDeletedExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import { describe, expect, it, vi } from "vitest";
import { elementAt, type Viewport } from "./hit";

// happy-dom's <canvas> has no 2D context, which Excalidraw asks for once as it loads (to see
// whether canvas filters work); the geometry tested here never draws.
vi.hoisted(() => {
  HTMLCanvasElement.prototype.getContext = (() => ({ filter: "none" })) as never;
});

/** Two labelled boxes and an arrow between them, as a stored scene holds them. */
const elements = restoreElements(
  [
    { id: "api", type: "rectangle", x: 0, y: 0, width: 200, height: 100, boundElements: [{ id: "api-t", type: "text" }, { id: "a1", type: "arrow" }] },
    { id: "api-t", type: "text", x: 60, y: 40, width: 80, height: 20, text: "API", originalText: "API", containerId: "api" },
    { id: "db", type: "rectangle", x: 400, y: 0, width: 200, height: 100, boundElements: [{ id: "a1", type: "arrow" }] },
    {
      id: "a1",
      type: "arrow",
      x: 205,
      y: 50,
      width: 190,
      height: 0,
      points: [
        [0, 0],
        [190, 0],
      ],
      startBinding: { elementId: "api", focus: 0, gap: 5 },
      endBinding: { elementId: "db", focus: 0, gap: 5 },
    },
  ] as never,
  null,
) as readonly NonDeletedExcalidrawElement[];

/** The board drawn from window point (100, 50), scrolled 10 scene units right, at 2× zoom. */
const view: Viewport = { zoom: { value: 2 }, offsetLeft: 100, offsetTop: 50, scrollX: -10, scrollY: 0 };
/** Window coordinates of a scene point under `view`. */
const at = (x: number, y: number) => [100 + (x - 10) * 2, 50 + y * 2] as const;

describe("a click on a read-only board", () => {
  it("names the element under it, a label standing for its shape", () => {
    expect(elementAt(elements, view, ...at(20, 20))).toBe("api");
    // On the label typed into the box: the box.
    expect(elementAt(elements, view, ...at(100, 50))).toBe("api");
    expect(elementAt(elements, view, ...at(500, 80))).toBe("db");
    // On the arrow's line, between the boxes.
    expect(elementAt(elements, view, ...at(300, 51))).toBe("a1");
  });

  it("names nothing on empty board", () => {
    expect(elementAt(elements, view, ...at(300, 90))).toBeNull();
    expect(elementAt(elements, view, ...at(-50, 20))).toBeNull();
    expect(elementAt([], view, ...at(20, 20))).toBeNull();
  });

  it("follows the board's scroll and zoom", () => {
    // The same window point over the db box once the board scrolls 400 units left.
    const scrolled = { ...view, scrollX: -410 };
    expect(elementAt(elements, scrolled, ...at(20, 20))).toBe("db");
  });
});
