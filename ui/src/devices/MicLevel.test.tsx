import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FLOOR_DB, MicLevel, meterPercent, nextLevel } from "./MicLevel";

describe("MicLevel", () => {
  it("is a labelled meter whose value is the level in dB", () => {
    render(<MicLevel level={{ rmsDb: -23.4, peakDb: -12, holdDb: -9.6 }} label="Level" />);
    const meter = screen.getByRole("meter", { name: "Level" });
    expect(meter).toHaveAttribute("aria-valuenow", "-23");
    expect(meter).toHaveAttribute("aria-valuemin", String(FLOOR_DB));
    expect(meter).toHaveAttribute("aria-valuetext", "-23 dB, peak -10 dB");
  });

  it("says when nothing was heard yet, and when it is silent", () => {
    const { rerender } = render(<MicLevel level={null} />);
    expect(screen.getByRole("meter", { name: "Microphone level" })).toHaveAttribute("aria-valuetext", "no sound yet");
    rerender(<MicLevel level={{ rmsDb: -100, peakDb: -100, holdDb: -60 }} />);
    expect(screen.getByRole("meter")).toHaveAttribute("aria-valuetext", "silent");
    expect(screen.getByRole("meter")).toHaveAttribute("aria-valuenow", String(FLOOR_DB));
  });

  it("maps dB to the bar and holds a short peak while it falls back", () => {
    expect(meterPercent(null)).toBe(0);
    expect(meterPercent(-100)).toBe(0);
    expect(meterPercent(-30)).toBe(50);
    expect(meterPercent(3)).toBe(100);
    let level = nextLevel(null, -20, -6, 0);
    expect(level.holdDb).toBe(-6);
    level = nextLevel(level, -50, -45, 1000); // a second of quiet: the marker fell 15 dB
    expect(level.holdDb).toBeCloseTo(-21, 5);
    level = nextLevel(level, -50, -45, 10_000);
    expect(level.holdDb).toBe(-45);
  });
});
