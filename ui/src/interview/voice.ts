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

/** Web Audio playback, or null where the webview has none (the room then shows text only). */
export function webAudioPlayer(): Player | null {
  const Ctx: AudioContextClass | undefined =
    typeof window !== "undefined"
      ? (window.AudioContext ??
        (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext)
      : undefined;
  if (!Ctx) return null;
  let context: AudioContext | null = null;
  let current: { source: AudioBufferSourceNode; done: () => void } | null = null;
  return {
    async play(wav, started) {
      context ??= new Ctx();
      if (context.state === "suspended") await context.resume();
      const buffer = await context.decodeAudioData(wav.slice(0));
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
    warm() {
      context ??= new Ctx();
      const ctx = context;
      void (async () => {
        try {
          if (ctx.state === "suspended") await ctx.resume();
          await ctx.decodeAudioData(silentWav());
        } catch {
          // Only a head start: play() opens and reports for real.
        }
      })();
    },
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
  planAhead: (start: StartRequest) => settle(commands.voicePlanAhead(start)),
  setSettings: (on: boolean | null, speed: number) => settle(commands.voiceSettingsSet(on, speed)),
  /** Hands-free turns on/off (null: with the voice) and the silence that ends an answer. */
  setTurns: (handsFree: boolean | null, endSilenceS: number) =>
    settle(commands.turnsSettingsSet(handsFree, endSilenceS)),
};

/** What one `say` did: played to the end, was stopped, or failed (with the shell's error). */
export type SayOutcome =
  | { kind: "done"; startedAt: number; endedAt: number }
  | { kind: "stopped"; startedAt: number | null; endedAt: number }
  | { kind: "failed"; code: string; message: string };

/**
 * Says `text` sentence by sentence through `player`. `isCancelled` is checked between steps,
 * so a stop (or a new line) ends it; the next sentence is requested while one plays.
 * `onStart` is called when the first sentence starts to sound.
 */
export async function say(
  player: Player,
  text: string,
  speed: number,
  isCancelled: () => boolean,
  onStart: () => void = () => {},
): Promise<SayOutcome> {
  const sentences = await voiceCommands.sentences(text);
  if (sentences.status === "error") return { kind: "failed", ...sentences.error };
  let startedAt: number | null = null;
  let next = voiceCommands.sentence(text, 0, speed);
  for (let i = 0; i < sentences.data.length; i++) {
    const clip = await next;
    if (isCancelled()) return { kind: "stopped", startedAt, endedAt: Date.now() };
    if (clip.status === "error") return { kind: "failed", ...clip.error };
    if (i + 1 < sentences.data.length) next = voiceCommands.sentence(text, i + 1, speed);
    const first = startedAt === null;
    startedAt ??= Date.now();
    try {
      await player.play(clip.data, first ? onStart : undefined);
    } catch (cause) {
      return { kind: "failed", code: "voice_playback", message: String(cause) };
    }
    if (isCancelled()) return { kind: "stopped", startedAt, endedAt: Date.now() };
    if (i + 1 < sentences.data.length) await sleep(SENTENCE_GAP_MS);
  }
  return { kind: "done", startedAt: startedAt ?? Date.now(), endedAt: Date.now() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
