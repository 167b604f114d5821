import { describe, expect, it } from "vitest";
import { wireFrame } from "../test/deviceFixtures";
import { FpsMeter, parsePreviewFrame } from "./previewFrame";

describe("parsePreviewFrame", () => {
  it("reads the header and hands over the JPEG without copying it", () => {
    const frame = parsePreviewFrame(wireFrame(70_000, 640, 480));
    expect(frame).toMatchObject({ seq: 70_000, width: 640, height: 480 });
    expect(Array.from(frame?.jpeg ?? [])).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });

  it("treats an empty answer as no new frame and refuses anything else", () => {
    expect(parsePreviewFrame(new ArrayBuffer(0))).toBeNull();
    expect(parsePreviewFrame([])).toBeNull();
    expect(() => parsePreviewFrame(new Uint8Array([1, 2, 3]))).toThrow(/not a preview frame/);
    const bad = new Uint8Array(wireFrame(1));
    bad[0] = 0x58;
    expect(() => parsePreviewFrame(bad)).toThrow(/not a preview frame/);
  });
});

describe("FpsMeter", () => {
  it("measures the rate over its window and forgets older frames", () => {
    const meter = new FpsMeter(1000);
    expect(meter.fps()).toBe(0);
    for (let i = 0; i <= 30; i++) meter.frame(i * 40); // 25 fps for 1.2 s
    expect(meter.fps()).toBeCloseTo(25, 5);
    for (let i = 1; i <= 20; i++) meter.frame(1200 + i * 100); // then 10 fps
    expect(meter.fps()).toBeCloseTo(10, 5);
  });
});
