import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveTimer } from "../lib/live";
import { useCountdown } from "./useCountdown";

describe("useCountdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts down locally from the coordinator's figure and re-anchors on a new view", () => {
    const first: LiveTimer = { kind: "answer", limit_ms: 60_000, remaining_ms: 40_000 };
    const { result, rerender } = renderHook(({ t, p }) => useCountdown(t, p), {
      initialProps: { t: first as LiveTimer | null, p: false },
    });
    expect(result.current).toBe(40_000);
    act(() => vi.advanceTimersByTime(1_500));
    expect(result.current).toBeGreaterThanOrEqual(38_400);
    expect(result.current).toBeLessThanOrEqual(38_600);

    // The coordinator's next view wins over the local clock.
    rerender({ t: { ...first, remaining_ms: 39_000 }, p: false });
    expect(result.current).toBe(39_000);

    // Paused: the clock holds still.
    rerender({ t: { ...first, remaining_ms: 30_000 }, p: true });
    act(() => vi.advanceTimersByTime(5_000));
    expect(result.current).toBe(30_000);

    act(() => vi.advanceTimersByTime(0));
    rerender({ t: null, p: false });
    expect(result.current).toBeNull();
  });

  it("never goes below zero", () => {
    const { result } = renderHook(() =>
      useCountdown({ kind: "prep", limit_ms: 1_000, remaining_ms: 300 }, false),
    );
    act(() => vi.advanceTimersByTime(2_000));
    expect(result.current).toBe(0);
  });
});
