import { useEffect, useRef, useState } from "react";
import { commands } from "../bindings";
import { toCommandError } from "../lib/ipc";
import { FpsMeter, parsePreviewFrame } from "./previewFrame";
import "./devices.css";

/** Consecutive empty answers (each waits up to 0.5 s) before the preview says "no picture". */
const EMPTY_BEFORE_NOTICE = 3;

export interface CameraPreviewProps {
  /** Accessible name of the picture, e.g. "Your camera". */
  label?: string;
  /** Called about once a second with the frames per second actually drawn. */
  onFps?: (fps: number) => void;
  /** Shown while no frame arrives (no camera running, or it stopped). */
  emptyText?: string;
  /** Show the achieved frame rate under the picture. */
  showFps?: boolean;
  /**
   * Draw at most this many frames a second (frames in between are skipped, never queued).
   * Decoding and drawing a frame is main-thread work in the webview: at the camera's full rate
   * it cost the interview room a third of its painted frames and a few 110 ms stalls over a
   * two-minute answer, where a self-view needs far less.
   */
  maxFps?: number;
}

/**
 * The camera picture: frames from `preview_frame` (raw JPEG bytes, no base64) drawn on a
 * canvas as fast as they come — the device check's stand-alone preview, or the take being
 * recorded. Starting the camera is the caller's job (`previewStart`, or a live session).
 * The achieved rate is in `data-fps` on the figure (and `onFps`).
 */
export function CameraPreview({
  label = "Your camera",
  onFps,
  emptyText = "No camera picture yet.",
  showFps = false,
  maxFps,
}: CameraPreviewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [fps, setFps] = useState(0);
  const [seq, setSeq] = useState(0);
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onFpsRef = useRef(onFps);
  onFpsRef.current = onFps;

  useEffect(() => {
    let live = true;
    const minGapMs = maxFps && maxFps > 0 ? 1000 / maxFps : 0;
    let lastDrawn: number | null = null;
    const meter = new FpsMeter();
    let after = 0;
    let empties = 0;
    // The rate is reported once a second, from a second after the first frame.
    let lastReport: number | null = null;

    const draw = async (jpeg: Uint8Array, width: number, height: number) => {
      const el = canvas.current;
      if (!el) return;
      const blob = new Blob([jpeg as BlobPart], { type: "image/jpeg" });
      const bitmap = await createImageBitmap(blob);
      if (el.width !== width || el.height !== height) {
        el.width = width;
        el.height = height;
      }
      el.getContext("2d")?.drawImage(bitmap, 0, 0, width, height);
      bitmap.close();
    };

    const loop = async () => {
      while (live) {
        try {
          if (lastDrawn !== null && minGapMs > 0) {
            const wait = lastDrawn + minGapMs - performance.now();
            if (wait > 0) await sleep(wait);
            if (!live) return;
          }
          const result = await commands.previewFrame(after);
          if (!live) return;
          if (result.status === "error") {
            setError(result.error.message);
            await sleep(1000);
            continue;
          }
          const frame = parsePreviewFrame(result.data);
          if (!frame) {
            empties += 1;
            if (empties >= EMPTY_BEFORE_NOTICE) setEmpty(true);
            continue;
          }
          empties = 0;
          after = frame.seq;
          await draw(frame.jpeg, frame.width, frame.height);
          if (!live) return;
          const now = performance.now();
          lastDrawn = now;
          meter.frame(now);
          setSeq(frame.seq);
          setEmpty(false);
          setError(null);
          lastReport ??= now;
          if (now - lastReport >= 1000) {
            lastReport = now;
            const rate = meter.fps();
            setFps(rate);
            onFpsRef.current?.(rate);
          }
        } catch (cause) {
          if (!live) return;
          setError(toCommandError(cause).message);
          await sleep(1000);
        }
      }
    };
    void loop();
    return () => {
      live = false;
    };
  }, [maxFps]);

  const showing = seq > 0 && !empty;
  return (
    <figure
      className="camera-preview"
      data-fps={fps.toFixed(1)}
      data-seq={seq}
      aria-busy={!showing && !error}
    >
      <canvas
        ref={canvas}
        role="img"
        aria-label={showing ? `${label}: live picture` : `${label}: no picture`}
        width={640}
        height={360}
        className={showing ? "" : "idle"}
      />
      {!showing && !error && (
        <figcaption className="camera-overlay muted" role="status">
          {seq === 0 && !empty ? "Starting the camera…" : emptyText}
        </figcaption>
      )}
      {error && (
        <figcaption className="camera-overlay error" role="alert">
          {error}
        </figcaption>
      )}
      {showFps && showing && (
        <figcaption className="camera-fps">{fps.toFixed(0)} fps</figcaption>
      )}
    </figure>
  );
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
