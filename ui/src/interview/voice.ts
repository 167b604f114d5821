/**
 * The interviewer's voice on the page: the shell synthesises each sentence (Piper, on the
 * device) and hands it over as WAV bytes; the page plays them with Web Audio, one sentence
 * after another, asking for the next while the current one plays.
 *
 * Playing here rather than in Rust keeps the microphone path clean: the shell's capture
 * stream never shares a device or a thread with the voice, and stopping is immediate.
 */
import { commands, type VoiceStatus_Serialize } from "../bindings";
import { settle, type Settled } from "../lib/ipc";
import type { StartRequest } from "../lib/live";

export type VoiceStatus = VoiceStatus_Serialize;

/** Plays WAV files; `play` resolves when the clip ended or was stopped, and calls `started`
 * when its first sample is sent to the output. */
export interface Player {
  play(wav: ArrayBuffer, started?: () => void): Promise<void>;
  stop(): void;
  /** Opens the audio output ahead of the first line (its first opening is slow in WebKitGTK:
   * about 1.5 s measured in the debug app), so question 1 sounds as soon as it shows. */
  warm?(): void;
}

/** A 16-bit mono WAV of one silent sample: decoding it warms the decoder too. */
function silentWav(): ArrayBuffer {
  const b = new DataView(new ArrayBuffer(46));
  const text = (at: number, s: string) => [...s].forEach((c, i) => b.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  b.setUint32(4, 38, true);
  text(8, "WAVEfmt ");
  b.setUint32(16, 16, true);
  b.setUint16(20, 1, true);
  b.setUint16(22, 1, true);
  b.setUint32(24, 22050, true);
  b.setUint32(28, 44100, true);
  b.setUint16(32, 2, true);
  b.setUint16(34, 16, true);
  text(36, "data");
  b.setUint32(40, 2, true);
  return b.buffer;
}

/** Silence between two sentences, as a speaker breathes. */
export const SENTENCE_GAP_MS = 250;

/**
 * After the voice stops, the microphone waits this long before an answer starts recording:
 * the speakers' last samples and the room's echo die away first, so the interviewer's words
 * never reach the candidate's transcript.
 */
export const ECHO_TAIL_MS = 300;

type AudioContextClass = typeof AudioContext;

function audioContextClass(): AudioContextClass | undefined {
  return typeof window !== "undefined"
    ? (window.AudioContext ??
        (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext)
    : undefined;
}

/**
 * One audio output for the whole page: the device check opens it (its sample, and question 1
 * decoded ahead) and the room plays on it. A context per screen would pay WebKitGTK's slow
 * first opening again when the room starts, just as question 1 should sound.
 */
let shared: AudioContext | null = null;

function sharedContext(): AudioContext | null {
  const Ctx = audioContextClass();
  if (!Ctx) return null;
  shared ??= new Ctx();
  return shared;
}

/** Clips decoded ahead (question 1's first sentence, at the device check), by their bytes. */
const decodedAhead = new WeakMap<ArrayBuffer, AudioBuffer>();

/** Opens the shared output and warms its decoder; a head start only, failures are ignored. */
function warmContext(): void {
  const ctx = sharedContext();
  if (!ctx) return;
  void (async () => {
    try {
      if (ctx.state === "suspended") await ctx.resume();
      await ctx.decodeAudioData(silentWav());
    } catch {
      // play() opens and reports for real.
    }
  })();
}

/** Decodes `wav` now so that playing it later starts at once (nothing without Web Audio). */
async function decodeAhead(wav: ArrayBuffer): Promise<void> {
  const ctx = sharedContext();
  if (!ctx || decodedAhead.has(wav)) return;
  try {
    decodedAhead.set(wav, await ctx.decodeAudioData(wav.slice(0)));
  } catch {
    // Decoded again (and any error reported) when played.
  }
}

/** Web Audio playback, or null where the webview has none (the room then shows text only). */
export function webAudioPlayer(): Player | null {
  if (!audioContextClass()) return null;
  let current: { source: AudioBufferSourceNode; done: () => void } | null = null;
  return {
    async play(wav, started) {
      const context = sharedContext();
      if (!context) throw new Error("Web Audio is not available");
      if (context.state === "suspended") await context.resume();
      const buffer = decodedAhead.get(wav) ?? (await context.decodeAudioData(wav.slice(0)));
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      await new Promise<void>((done) => {
        current = { source, done };
        source.onended = () => done();
        source.start();
        started?.();
      });
      current = null;
    },
    warm: warmContext,
    stop() {
      const playing = current;
      current = null;
      if (!playing) return;
      try {
        playing.source.stop();
      } catch {
        // Already ended.
      }
      playing.done();
    },
  };
}

/**
 * First sentences fetched (and decoded) ahead, by speed and line: question 1's, at the device
 * check, so the room plays it without a round trip to the shell. Kept (a replay reuses it);
 * a handful at most.
 */
const firstAhead = new Map<string, ArrayBuffer>();
const FIRST_AHEAD_MAX = 4;
const aheadKey = (text: string, speed: number) => `${speed.toFixed(3)}|${text}`;

/** Fetches the first sentence of `text` at `speed` now (the shell waits for its preparation)
 * and decodes it, so that saying `text` later starts at once. */
export async function fetchAhead(text: string, speed: number): Promise<void> {
  const key = aheadKey(text, speed);
  if (firstAhead.has(key)) return;
  const clip = await settle(commands.voiceSentence(text, 0, speed));
  if (clip.status === "error") return; // said (and reported) when the line is said
  if (firstAhead.size >= FIRST_AHEAD_MAX) {
    const oldest = firstAhead.keys().next().value;
    if (oldest !== undefined) firstAhead.delete(oldest);
  }
  firstAhead.set(key, clip.data);
  await decodeAhead(clip.data);
}

let makePlayer: () => Player | null = webAudioPlayer;

/** Tests give the room a player that records what it was asked to play. */
export function setPlayerFactory(factory: () => Player | null): void {
  makePlayer = factory;
}

export function createPlayer(): Player | null {
  return makePlayer();
}

export const voiceCommands = {
  status: (): Promise<Settled<VoiceStatus>> => settle(commands.voiceStatus()),
  sentences: async (text: string): Promise<Settled<string[]>> =>
    settle(commands.voiceSentences(text).then((data) => ({ status: "ok" as const, data }))),
  sentence: (text: string, index: number, speed: number) =>
    settle(commands.voiceSentence(text, index, speed)),
  prepare: (text: string, speed: number) => settle(commands.voicePrepare(text, speed)),
  /** Plans the session about to start so question 1 is ready to sound as it shows. */
  planAhead: async (start: StartRequest) => {
    warmContext();
    const planned = await settle(commands.voicePlanAhead(start));
    if (planned.status === "ok" && planned.data) void fetchAhead(planned.data.text, planned.data.speed ?? 1);
    return planned;
  },
  setSettings: (on: boolean | null, speed: number) => settle(commands.voiceSettingsSet(on, speed)),
  /** The interviewer's voice by name (null: the default voice). */
  choose: (name: string | null) => settle(commands.voiceChoose(name)),
  /** Hands-free turns on/off (null: with the voice) and the silence that ends an answer. */
  setTurns: (handsFree: boolean | null, endSilenceS: number) =>
    settle(commands.turnsSettingsSet(handsFree, endSilenceS)),
};

/** What one `say` did: played to the end, was stopped, or failed (with the shell's error). */
export type SayOutcome =
  | { kind: "done"; startedAt: number; endedAt: number }
  | { kind: "stopped"; startedAt: number | null; endedAt: number }
  | { kind: "failed"; code: string; message: string };

/** The steps before the first sound, for timing it: the sentence list, then the first
 * sentence's WAV, have arrived from the shell. */
export type SayStep = "sentences" | "first_clip";

/**
 * Says `text` sentence by sentence through `player`. `isCancelled` is checked between steps,
 * so a stop (or a new line) ends it; the next sentence is requested while one plays.
 * `onStart` is called when the first sentence starts to sound, `onStep` as the steps before
 * it complete.
 */
export async function say(
  player: Player,
  text: string,
  speed: number,
  isCancelled: () => boolean,
  onStart: () => void = () => {},
  onStep: (step: SayStep) => void = () => {},
): Promise<SayOutcome> {
  // The first sentence is asked for (or taken from what was fetched ahead) at once, beside the
  // list of sentences: it plays as soon as it is here, while the list arrives.
  const listing = voiceCommands.sentences(text).then((list) => {
    onStep("sentences");
    return list;
  });
  const ahead = firstAhead.get(aheadKey(text, speed));
  let next: Promise<Settled<ArrayBuffer>> = ahead
    ? Promise.resolve({ status: "ok", data: ahead })
    : voiceCommands.sentence(text, 0, speed);
  let startedAt: number | null = null;
  let count = 1;
  for (let i = 0; i < count; i++) {
    const clip = await next;
    if (i === 0) onStep("first_clip");
    if (isCancelled()) return { kind: "stopped", startedAt, endedAt: Date.now() };
    if (clip.status === "error") return { kind: "failed", ...clip.error };
    const first = startedAt === null;
    startedAt ??= Date.now();
    const playing = player.play(clip.data, first ? onStart : undefined);
    // A failure is reported when awaited below, not as an unhandled rejection meanwhile.
    playing.catch(() => {});
    if (i === 0) {
      const sentences = await listing;
      if (sentences.status === "error") {
        player.stop();
        return { kind: "failed", ...sentences.error };
      }
      count = sentences.data.length;
    }
    if (i + 1 < count) next = voiceCommands.sentence(text, i + 1, speed);
    try {
      await playing;
    } catch (cause) {
      return { kind: "failed", code: "voice_playback", message: String(cause) };
    }
    if (isCancelled()) return { kind: "stopped", startedAt, endedAt: Date.now() };
    if (i + 1 < count) await sleep(SENTENCE_GAP_MS);
  }
  return { kind: "done", startedAt: startedAt ?? Date.now(), endedAt: Date.now() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
