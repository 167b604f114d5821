/**
 * Plays a take's recording with Media Source Extensions.
 *
 * WebKitGTK refuses `tauri://`, `asset://` and `file://` media sources, so the player builds a
 * `MediaSource` (a `blob:` URL, allowed by the CSP's media-src) and appends the fragmented MP4
 * itself, read in chunks that cross IPC as raw bytes (`take_media_chunk`, an ArrayBuffer; no
 * base64). It plays files that were never finalised (a crash) as well as finished ones.
 */
import { commands, type TakeMedia } from "../bindings";
import { settle } from "../lib/ipc";
import type { CommandError } from "../bindings";

/** Bytes per IPC call: a take of a few minutes arrives in a handful of calls. */
export const CHUNK_BYTES = 1024 * 1024;

export interface AttachOptions {
  /** Called as bytes are appended: (appended, total). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/** Why a take cannot be played; `code` is stable, `message` says what to do. */
export class PlaybackError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Points `video` at take `takeId` and streams the file in. Resolves once every byte is
 * appended (playback can start after the first chunk); returns the take's media facts.
 * Rejects with a `PlaybackError`. The caller revokes nothing: `detach` does it.
 */
export async function attachTake(
  video: HTMLVideoElement,
  takeId: number,
  options: AttachOptions = {},
): Promise<TakeMedia> {
  const info = await unwrap(settle(commands.takeMediaInfo(takeId)));
  if (typeof MediaSource === "undefined") {
    throw new PlaybackError(
      "mse_unavailable",
      "This window cannot play recordings (Media Source Extensions are missing).",
    );
  }
  if (!MediaSource.isTypeSupported(info.mime)) {
    throw new PlaybackError(
      "mse_type_unsupported",
      `This system cannot decode ${info.mime}. Install the GStreamer plugins for H.264 and Opus (gstreamer1.0-libav, gstreamer1.0-plugins-good and -bad).`,
    );
  }
  const source = new MediaSource();
  detach(video);
  const url = URL.createObjectURL(source);
  video.dataset.objectUrl = url;
  video.src = url;
  await once(source, "sourceopen", options.signal);
  const buffer = source.addSourceBuffer(info.mime);

  let offset = 0;
  for (;;) {
    if (options.signal?.aborted) throw abortError();
    const chunk = await unwrap(settle(commands.takeMediaChunk(takeId, offset, CHUNK_BYTES)));
    if (chunk.byteLength === 0) break;
    await append(buffer, chunk, options.signal);
    offset += chunk.byteLength;
    options.onProgress?.(offset, Math.max(offset, info.size_bytes));
    if (chunk.byteLength < CHUNK_BYTES) break;
  }
  if (source.readyState === "open") source.endOfStream();
  return info;
}

/** Stops playback and releases the MediaSource's URL. */
export function detach(video: HTMLVideoElement): void {
  const url = video.dataset.objectUrl;
  if (url) {
    video.removeAttribute("src");
    video.load();
    URL.revokeObjectURL(url);
    delete video.dataset.objectUrl;
  }
}

async function unwrap<T>(
  call: Promise<{ status: "ok"; data: T } | { status: "error"; error: CommandError }>,
): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new PlaybackError(result.error.code, result.error.message);
  return result.data;
}

function append(buffer: SourceBuffer, chunk: ArrayBuffer, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      buffer.removeEventListener("updateend", done);
      buffer.removeEventListener("error", failed);
      resolve();
    };
    const failed = () => {
      buffer.removeEventListener("updateend", done);
      buffer.removeEventListener("error", failed);
      reject(
        new PlaybackError(
          "mse_append_failed",
          "The recording could not be decoded; it may be damaged. The transcript and feedback are still shown.",
        ),
      );
    };
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    buffer.addEventListener("updateend", done);
    buffer.addEventListener("error", failed);
    try {
      buffer.appendBuffer(chunk);
    } catch (cause) {
      buffer.removeEventListener("updateend", done);
      buffer.removeEventListener("error", failed);
      reject(new PlaybackError("mse_append_failed", `The recording could not be loaded: ${String(cause)}`));
    }
  });
}

function once(target: EventTarget, type: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    target.addEventListener(type, () => resolve(), { once: true });
    signal?.addEventListener("abort", () => reject(abortError()), { once: true });
  });
}

function abortError(): PlaybackError {
  return new PlaybackError("aborted", "Playback was replaced.");
}
