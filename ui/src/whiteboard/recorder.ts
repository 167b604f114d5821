/**
 * What the interview room sends of the whiteboard while an answer is recorded: the scene as
 * Excalidraw serialises it, with its time on the take's own timeline, at most once per quiet
 * second and only when an element changed (and at least every few seconds while the candidate
 * keeps drawing without a pause). Excalidraw calls `onChange` on every pointer move
 * and every selection or zoom; serialising then would stall drawing, so a change only marks
 * the scene dirty and the serialisation runs when the candidate has paused for `debounceMs`.
 *
 * Pure of React and of the IPC: the hook (useSceneRecording) gives it the take's clock and the
 * command that stores a snapshot, so component tests drive it with fake timers.
 */

/** The fields of an Excalidraw element the recorder looks at. */
export interface SceneElement {
  id: string;
  version: number;
  isDeleted?: boolean;
}

export interface RecorderOptions {
  /** Quiet time before a changed scene is sent. */
  debounceMs: number;
  /** Longest a change waits while the candidate keeps drawing without a pause, so a crash
   * loses at most this much of the drawing. */
  maxWaitMs: number;
  /** Stores a snapshot of `take`; the recorder never sends two at once, and keeps their order. */
  send: (take: number, sceneJson: string, atMs: number) => Promise<void>;
  /** The take being recorded and milliseconds on its timeline, or null when none is. */
  now: () => { take: number; atMs: number } | null;
  /** Told when the recorder starts or stops holding a change not yet stored (one waiting for
   * its quiet second, or being sent): false means the last change made is in the store. */
  onPending?: (pending: boolean) => void;
}

/** Ids and versions of every element, deleted ones too (a deletion is a change). */
export function sceneSignature(elements: readonly SceneElement[]): string {
  let s = "";
  for (const e of elements) s += `${e.id}:${e.version}:${e.isDeleted ? 1 : 0};`;
  return s;
}

export function hasDrawing(elements: readonly SceneElement[]): boolean {
  return elements.some((e) => !e.isDeleted);
}

export class SceneRecorder {
  private latest: { elements: readonly SceneElement[]; serialize: () => string } | null = null;
  /** Signature of the scene last sent for the current take; null before its first. */
  private sent: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest unsent change was made (performance time). */
  private pendingSince: number | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  /** Snapshots handed to `send` and not yet settled. */
  private sending = 0;
  private pending = false;

  constructor(private readonly opts: RecorderOptions) {}

  /** The canvas changed (or merely redrew): remember it, and send it later if it differs. */
  change(elements: readonly SceneElement[], serialize: () => string): void {
    this.latest = { elements, serialize };
    if (this.opts.now() === null) return;
    if (sceneSignature(elements) === this.sent) {
      // A pointer move or selection: nothing to store, and a pending send may stay pending.
      return;
    }
    const now = performance.now();
    this.pendingSince ??= now;
    const waited = now - this.pendingSince;
    this.schedule(Math.max(0, Math.min(this.opts.debounceMs, this.opts.maxWaitMs - waited)));
  }

  /** Whether a change is waiting to be stored or being stored. */
  isPending(): boolean {
    return this.pending;
  }

  /** A new take began: what is already drawn is its first snapshot, at once. */
  startTake(): void {
    this.cancel();
    this.sent = null;
    if (this.latest && hasDrawing(this.latest.elements)) this.schedule(0);
  }

  /** Sends a pending change now (the answer is about to stop, or has just stopped by itself:
   * the timer ran out) and waits for every send. `now` must still give the take, its clock
   * stopped where the take ended. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      this.cancel();
      this.sendNow();
    }
    await this.inFlight;
  }

  /** Drops a pending change (the take ended without being kept, or the room closed). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pendingSince = null;
    this.updatePending();
  }

  private updatePending(): void {
    const pending = this.timer !== null || this.sending > 0;
    if (pending === this.pending) return;
    this.pending = pending;
    this.opts.onPending?.(pending);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pendingSince = null;
      this.sendNow();
      this.updatePending();
    }, ms);
    this.updatePending();
  }

  private sendNow(): void {
    const at = this.opts.now();
    const latest = this.latest;
    if (at === null || !latest) return;
    const { take } = at;
    const signature = sceneSignature(latest.elements);
    if (signature === this.sent) return;
    // An empty canvas before the first stroke of a take is not a drawing worth a row.
    if (this.sent === null && !hasDrawing(latest.elements)) return;
    this.sent = signature;
    // Timed with User Timing (`whiteboard-serialise`, `whiteboard-store`), so a stall can be
    // put beside the snapshots (tests/e2e/tests/whiteboard_budget.rs reads them).
    const serialising = performance.now();
    const json = latest.serialize();
    measure("whiteboard-serialise", serialising);
    const atMs = Math.max(0, Math.round(at.atMs));
    this.sending += 1;
    this.updatePending();
    this.inFlight = this.inFlight.then(async () => {
      const storing = performance.now();
      try {
        await this.opts.send(take, json, atMs);
      } finally {
        this.sending -= 1;
        this.updatePending();
      }
      measure("whiteboard-store", storing);
    });
  }
}

/** A User Timing measure from `start` to now; a window without it (tests) skips it. */
function measure(name: string, start: number): void {
  try {
    performance.measure(name, { start, end: performance.now() });
  } catch {
    // No User Timing Level 3: the figure is only for measurement.
  }
}
