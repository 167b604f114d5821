import { describe, expect, it } from "vitest";
import { gapJump, MAX_GAP_S, type Ranges } from "./gaps";

function ranges(...spans: [number, number][]): Ranges {
  return {
    length: spans.length,
    start: (i) => span(spans, i)[0],
    end: (i) => span(spans, i)[1],
  };
}

function span(spans: [number, number][], i: number): [number, number] {
  const found = spans[i];
  if (!found) throw new RangeError(`no range ${i}`);
  return found;
}

describe("gapJump", () => {
  // The buffered ranges WebKitGTK reported for a take it stalled in (end-to-end test).
  const take = ranges([0, 0.144432], [1.012688, 12.033333], [13, 13.066666]);

  it("jumps from inside a hole to the next range", () => {
    expect(gapJump(take, 0.228151)).toBeCloseTo(1.022688, 5);
  });

  it("jumps from the end of a range over the hole after it", () => {
    expect(gapJump(take, 12.0)).toBeCloseTo(13.01, 5);
  });

  it("stays put inside buffered media", () => {
    expect(gapJump(take, 0.02)).toBeNull();
    expect(gapJump(take, 6)).toBeNull();
  });

  it("stays put after the last range: that is the end", () => {
    expect(gapJump(take, 13.066666)).toBeNull();
    expect(gapJump(ranges(), 0)).toBeNull();
  });

  it("does not skip a hole longer than MAX_GAP_S: that media is missing", () => {
    const long = ranges([0, 1], [1 + MAX_GAP_S + 0.5, 8]);
    expect(gapJump(long, 1)).toBeNull();
  });

  it("jumps to media that starts late", () => {
    expect(gapJump(ranges([0.4, 5]), 0)).toBeCloseTo(0.41, 5);
  });
});
