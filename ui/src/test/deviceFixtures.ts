import type { DevicesView, MicTest, ModelStatus } from "../bindings";
import { HEADER_LEN } from "../devices/previewFrame";

/** A preview frame as the shell sends it: OSPV, seq, width, height, then JPEG bytes. */
export function wireFrame(seq: number, width = 640, height = 360, jpeg = [0xff, 0xd8, 0xff, 0xd9]) {
  const out = new Uint8Array(HEADER_LEN + jpeg.length);
  out.set([0x4f, 0x53, 0x50, 0x56]);
  const view = new DataView(out.buffer);
  view.setUint32(4, seq, true);
  view.setUint16(8, width, true);
  view.setUint16(10, height, true);
  out.set(jpeg, HEADER_LEN);
  return out.buffer;
}

export const DEVICES: DevicesView = {
  cameras: [{ id: "synthetic", name: "Test pattern (synthetic camera)" }],
  mics: [
    { id: "default", name: "Default Audio Device", is_default: true },
    { id: "usb", name: "USB Microphone", is_default: false },
  ],
  chosen: { camera: null, mic: null },
};

export const NO_DEVICES: DevicesView = { cameras: [], mics: [], chosen: { camera: null, mic: null } };

export const MODEL_READY: ModelStatus = {
  name: "tiny.en",
  path: "/models/ggml-tiny.en.bin",
  state: "ready",
  error: null,
  load_ms: 312,
};

export const HEARD: MicTest = {
  transcript: "And so my fellow Americans, ask not what your country can do for you.",
  peak_db: -3.2,
  rms_db: -21.5,
  heard_speech: true,
  seconds: 5,
  model: "tiny.en",
};
