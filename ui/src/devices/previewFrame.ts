/**
 * The camera preview's wire format, as `preview_frame` sends it (raw bytes, no base64):
 * `OSPV`, the frame number (u32 LE), width and height (u16 LE), then a JPEG. Empty = no new
 * frame yet.
 */
export const HEADER_LEN = 12;

export interface PreviewFrame {
  seq: number;
  width: number;
  height: number;
  jpeg: Uint8Array;
}

/** The frame in `bytes`, `null` for an empty answer; throws on anything that is not a frame. */
export function parsePreviewFrame(bytes: ArrayBuffer | Uint8Array | number[]): PreviewFrame | null {
  const data =
    bytes instanceof Uint8Array
      ? bytes
      : bytes instanceof ArrayBuffer
        ? new Uint8Array(bytes)
        : Uint8Array.from(bytes);
  if (data.byteLength === 0) return null;
  const magic = String.fromCharCode(data[0] ?? 0, data[1] ?? 0, data[2] ?? 0, data[3] ?? 0);
  if (data.byteLength < HEADER_LEN + 2 || magic !== "OSPV") {
    throw new Error(`not a preview frame (${data.byteLength} bytes)`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    seq: view.getUint32(4, true),
    width: view.getUint16(8, true),
    height: view.getUint16(10, true),
    jpeg: data.subarray(HEADER_LEN),
  };
}

/** Frames per second over a sliding window of arrival times (ms). */
export class FpsMeter {
  private times: number[] = [];
  constructor(private windowMs = 2000) {}

  frame(now: number): void {
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] ?? now) < now - this.windowMs) {
      this.times.shift();
    }
  }

  fps(): number {
    const n = this.times.length;
    if (n < 2) return 0;
    const span = (this.times[n - 1] ?? 0) - (this.times[0] ?? 0);
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }
}
