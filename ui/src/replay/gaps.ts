/**
 * Carries playback over holes in a recording's buffered media.
 *
 * A take's video can have a hole between fragments: the muxer starts each fragment at the
 * previous one's last frame plus its average frame time, but gives that last frame the previous
 * frame's duration, so uneven frames (a camera slow to start, a stall) leave a hole. Finalizing
 * a take now closes them (onsite-capture's mp4::finalize); takes finalized before that, and any
 * other hole, are stepped over here. Chromium's player steps over small holes; WebKitGTK's
 * stalls in them for good (readyState HAVE_METADATA, seen in the end-to-end tests on a loaded
 * machine). Like the streaming players (hls.js, shaka), the replay jumps to the next buffered
 * range when playback is stuck just before one.
 */

/** The largest hole stepped over, in seconds: anything longer is missing media, not a hiccup. */
export const MAX_GAP_S = 2.5;

/** How close to a range's end playback counts as having reached it. */
const NEAR_END_S = 0.1;

/** Lands just inside the next range, not on its edge. */
const NUDGE_S = 0.01;

/** The part of `TimeRanges` used here (a plain object in tests). */
export interface Ranges {
  readonly length: number;
  start(index: number): number;
  end(index: number): number;
}

/**
 * Where playback stuck at `t` should continue: the start of the next buffered range, when `t`
 * is in a hole (or at the end of a range) followed within `MAX_GAP_S` by more media. Null when
 * `t` is inside buffered media, after the last range, or before a hole too long to skip.
 */
export function gapJump(ranges: Ranges, t: number): number | null {
  for (let i = 0; i < ranges.length; i++) {
    const start = ranges.start(i);
    if (t < start) return start - t <= MAX_GAP_S ? start + NUDGE_S : null;
    if (t < ranges.end(i) - NEAR_END_S) return null;
  }
  return null;
}

/** How long playback may stand still before the watchdog looks for a hole. */
const STUCK_MS = 400;

/**
 * Watches `video` while it plays and moves it over a hole when it is stuck in one. Returns the
 * function that stops watching.
 */
export function skipGaps(video: HTMLVideoElement): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = -1;
  let stillSince = 0;
  const check = () => {
    if (video.paused || video.seeking) return;
    const now = performance.now();
    if (video.currentTime !== last) {
      last = video.currentTime;
      stillSince = now;
      return;
    }
    if (now - stillSince < STUCK_MS) return;
    const to = gapJump(video.buffered, video.currentTime);
    if (to !== null) {
      video.currentTime = to;
      stillSince = now;
    }
  };
  const start = () => {
    last = -1;
    stillSince = performance.now();
    if (timer === undefined) timer = setInterval(check, 100);
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  // `waiting` says the same thing sooner, when the browser reports it.
  const waiting = () => {
    const to = gapJump(video.buffered, video.currentTime);
    if (to !== null && !video.paused) video.currentTime = to;
  };
  video.addEventListener("playing", start);
  video.addEventListener("play", start);
  video.addEventListener("pause", stop);
  video.addEventListener("ended", stop);
  video.addEventListener("waiting", waiting);
  if (!video.paused) start();
  return () => {
    stop();
    video.removeEventListener("playing", start);
    video.removeEventListener("play", start);
    video.removeEventListener("pause", stop);
    video.removeEventListener("ended", stop);
    video.removeEventListener("waiting", waiting);
  };
}
