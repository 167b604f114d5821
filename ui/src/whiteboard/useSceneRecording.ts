import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";
import { SceneRecorder, type SceneElement } from "./recorder";

/** Quiet time after the last change before the scene is stored. */
export const SCENE_DEBOUNCE_MS = 1_000;
/** While drawing goes on without a pause, a snapshot at least this often. */
export const SCENE_MAX_WAIT_MS = 3_000;

export interface SceneRecording {
  /** Give it Excalidraw's onChange: elements and a serialiser of the whole scene. */
  onChange: (elements: readonly SceneElement[], serialize: () => string) => void;
  /** Stores a pending change now; the room awaits it before stopping the answer. */
  flush: () => Promise<void>;
  /** The last snapshot the store refused, e.g. `store_scene_invalid`; cleared by the next kept. */
  error: { code: string; message: string } | null;
  /** A change is waiting for its quiet second or being stored; false once the last is stored. */
  saving: boolean;
  /** Snapshots the store kept since the room opened. */
  saved: number;
}

/**
 * Records the whiteboard with the take being answered: `takeId` is the store's id of the take
 * while it is recorded (null otherwise) and `paused` stops its clock. Times are milliseconds on
 * the take's own timeline: from when the room saw the take start, not counting pauses (the
 * recorder records nothing while paused either).
 */
export function useSceneRecording(takeId: number | null, paused: boolean): SceneRecording {
  const [error, setError] = useState<SceneRecording["error"]>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(0);
  // The take's clock: performance time it started, paused time so far, and when it ended (the
  // room saw the answer stop), which freezes it for a last snapshot.
  const clock = useRef<{
    take: number;
    start: number;
    pausedMs: number;
    pausedAt: number | null;
    endedAt: number | null;
  } | null>(null);

  const recorder = useMemo(
    () =>
      new SceneRecorder({
        debounceMs: SCENE_DEBOUNCE_MS,
        maxWaitMs: SCENE_MAX_WAIT_MS,
        now: () => {
          const c = clock.current;
          if (!c) return null;
          const t = c.pausedAt ?? c.endedAt ?? performance.now();
          return { take: c.take, atMs: t - c.start - c.pausedMs };
        },
        send: async (take, scene, atMs) => {
          const result = await settle(commands.sceneAppend(take, atMs, scene));
          setError(result.status === "error" ? result.error : null);
          if (result.status === "ok") setSaved((n) => n + 1);
        },
        onPending: setSaving,
      }),
    [],
  );

  useEffect(() => {
    const c = clock.current;
    if (c && c.take !== takeId && c.endedAt === null) {
      // The answer ended without the room's stop (its timer ran out): the last strokes still
      // go to that take, at the moment it ended, before the next take's clock starts.
      c.endedAt = performance.now();
      void recorder.flush();
    }
    if (takeId === null) {
      recorder.cancel();
      clock.current = null;
      return;
    }
    if (clock.current?.take !== takeId) {
      clock.current = { take: takeId, start: performance.now(), pausedMs: 0, pausedAt: null, endedAt: null };
      recorder.startTake();
    }
  }, [takeId, recorder]);

  useEffect(() => {
    const c = clock.current;
    if (!c) return;
    if (paused && c.pausedAt === null) c.pausedAt = performance.now();
    if (!paused && c.pausedAt !== null) {
      c.pausedMs += performance.now() - c.pausedAt;
      c.pausedAt = null;
    }
  }, [paused, takeId]);

  useEffect(() => () => recorder.cancel(), [recorder]);

  const onChange = useCallback(
    (elements: readonly SceneElement[], serialize: () => string) => recorder.change(elements, serialize),
    [recorder],
  );
  const flush = useCallback(() => recorder.flush(), [recorder]);
  return { onChange, flush, error, saving, saved };
}
