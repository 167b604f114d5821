import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";
import type { LiveView, QuestionPart } from "../lib/live";
import { createPlayer, ECHO_TAIL_MS, say, sleep, voiceCommands, type Player } from "./voice";

/** A line the interviewer said: the question (or follow-up) and when it played. */
export type SpokenLine = {
  /** Which question and part it belongs to (`session/index/part`). */
  key: string;
  questionId: string;
  part: QuestionPart;
  text: string;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number;
  /** Stopped before the end (by the candidate, or because the answer began). */
  stopped: boolean;
};

export type VoiceAvailability = "checking" | "on" | "off" | "unavailable";

export interface InterviewerVoice {
  availability: VoiceAvailability;
  /** Why the voice is not used, in one line, with the shell's code. */
  note: { code: string; message: string } | null;
  speaking: boolean;
  /** Milliseconds from asking for the last line to its first sound starting (issue 19's
   * target is 300 ms after the question shows); null before any line played. */
  firstAudioMs: number | null;
  /** Where that time went: `asked_at=…` (the page's clock, `performance.now()`, when the line
   * was asked for), then in ms from it `first_clip=… sentences=… sound=…` (the first WAV and
   * the sentence list arrived from the shell, the first sample was started). */
  firstAudioSteps: string | null;
  /** The line the room would say now (the question on screen while preparing). */
  line: string | null;
  replay(): void;
  stop(): void;
  /** Stops the voice and waits out the echo tail; at once when it has been quiet long enough. */
  silence(): Promise<void>;
}

/** The interviewer's line for a view: the question (or follow-up) while preparing. */
export function lineFor(view: LiveView | null): { key: string; text: string } | null {
  if (!view || view.phase !== "prep") return null;
  const q = view.question;
  const text = q.part === "follow_up" && view.follow_up_text ? view.follow_up_text : q.text;
  return { key: `${view.session_id}/${view.question_index}/${q.part}`, text };
}

/**
 * The room's interviewer: says each question (and follow-up) once when it appears, if the
 * voice is on and installed; stops when the answer starts, on pause, or when asked. Prepares
 * the follow-up the feedback names, so it starts at once when asked. `onLine` gets each line
 * that played (the take's timeline keeps them).
 */
export function useInterviewerVoice(
  view: LiveView | null,
  onLine: (line: SpokenLine) => void = () => {},
): InterviewerVoice {
  const [availability, setAvailability] = useState<VoiceAvailability>("checking");
  const [note, setNote] = useState<InterviewerVoice["note"]>(null);
  const [speaking, setSpeaking] = useState(false);
  const [firstAudioMs, setFirstAudioMs] = useState<number | null>(null);
  const [firstAudioSteps, setFirstAudioSteps] = useState<string | null>(null);
  const speed = useRef(1);
  const player = useRef<Player | null>(null);
  const token = useRef(0);
  const speakingRef = useRef(false);
  const quietSince = useRef(0);
  const spoken = useRef(new Set<string>());
  const prepared = useRef(new Set<string>());
  /** The line after which the engine was told to listen for the answer (hands-free). */
  const listenedFor = useRef<string | null>(null);
  const onLineRef = useRef(onLine);
  onLineRef.current = onLine;

  // Settings first (off means off), then the voice itself, polled while it opens.
  useEffect(() => {
    let live = true;
    (async () => {
      const settings = await settle(commands.settingsGet());
      if (!live) return;
      if (settings.status === "ok") speed.current = settings.data.voice_speed ?? 1;
      if (settings.status === "ok" && settings.data.voice_on === false) {
        setAvailability("off");
        return;
      }
      player.current = createPlayer();
      player.current?.warm?.();
      if (!player.current) {
        setNote({
          code: "voice_no_audio",
          message: "This window cannot play audio: questions are shown as text.",
        });
        setAvailability("unavailable");
        return;
      }
      for (let tries = 0; live && tries < 240; tries++) {
        const status = await voiceCommands.status();
        if (!live) return;
        if (status.status === "error") {
          setNote(status.error);
          setAvailability("unavailable");
          return;
        }
        const s = status.data;
        if (s.state === "ready" || s.state === "loading") setAvailability("on");
        if (s.state === "ready") return;
        if (s.state === "missing" || s.state === "error") {
          setNote({
            code: s.error?.code ?? `voice_${s.state}`,
            message:
              s.state === "missing"
                ? "No interviewer voice is installed (run `make setup` or reinstall Onsite): questions are shown as text."
                : `The interviewer's voice could not be opened: questions are shown as text. ${s.error?.message ?? ""}`.trim(),
          });
          setAvailability("unavailable");
          return;
        }
        await sleep(500);
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  const stop = useCallback(() => {
    token.current += 1;
    player.current?.stop();
    if (speakingRef.current) quietSince.current = Date.now();
    speakingRef.current = false;
    setSpeaking(false);
  }, []);

  const speak = useCallback(
    async (key: string, text: string, questionId: string, part: QuestionPart) => {
      const p = player.current;
      if (!p) return;
      stop();
      // A replay: the engine stops listening while the interviewer speaks again.
      if (listenedFor.current !== null) {
        listenedFor.current = null;
        void settle(commands.sessionControl("stop_listening"));
      }
      const mine = ++token.current;
      speakingRef.current = true;
      setSpeaking(true);
      const asked = performance.now();
      const steps: string[] = [];
      const since = () => Math.round(performance.now() - asked);
      const outcome = await say(
        p,
        text,
        speed.current,
        () => token.current !== mine,
        () => {
          const ms = since();
          setFirstAudioMs(ms);
          setFirstAudioSteps([`asked_at=${Math.round(asked)}`, ...steps, `sound=${ms}`].join(" "));
        },
        (step) => steps.push(`${step}=${since()}`),
      );
      if (token.current === mine) {
        speakingRef.current = false;
        quietSince.current = Date.now();
        setSpeaking(false);
      }
      if (outcome.kind === "failed") {
        setNote({ code: outcome.code, message: `The interviewer could not speak: ${outcome.message}` });
        return;
      }
      if (outcome.startedAt !== null) {
        onLineRef.current({
          key,
          questionId,
          part,
          text,
          startedAt: outcome.startedAt,
          endedAt: outcome.endedAt,
          stopped: outcome.kind === "stopped",
        });
      }
    },
    [stop],
  );

  const line = lineFor(view);
  const lineKey = line?.key ?? null;
  const paused = view?.paused ?? false;

  // Say each question once, when it appears: before the browser paints it (a layout effect),
  // so the first sound and the question's text arrive together; after paint, the room's first
  // render alone (about 200 ms in WebKitGTK) would come before the first word.
  useLayoutEffect(() => {
    if (availability !== "on" || !line || !view || paused) return;
    if (spoken.current.has(line.key)) return;
    spoken.current.add(line.key);
    void speak(line.key, line.text, view.question.id, view.question.part);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [availability, lineKey, paused]);

  // Quiet once the question is no longer being prepared (the answer started, or a skip), or
  // on pause.
  useEffect(() => {
    if (!lineKey || paused) stop();
  }, [lineKey, paused, stop]);

  // Hands-free turns: once the interviewer has finished asking and its echo has died away (at
  // once without a voice), the engine listens for the candidate to start answering. It decides
  // the turn; with hands-free turns off it ignores this.
  const speakingNow = speaking;
  useEffect(() => {
    if (!lineKey || paused || speakingNow || availability === "checking") return;
    if (availability === "on" && !spoken.current.has(lineKey)) return;
    if (listenedFor.current === lineKey) return;
    const quiet = quietSince.current > 0 ? Date.now() - quietSince.current : ECHO_TAIL_MS;
    const timer = setTimeout(() => {
      if (speakingRef.current || listenedFor.current === lineKey) return;
      listenedFor.current = lineKey;
      void settle(commands.sessionControl("listen"));
    }, Math.max(0, ECHO_TAIL_MS - quiet));
    return () => clearTimeout(timer);
  }, [availability, lineKey, paused, speakingNow]);

  // The follow-up the feedback names: prepared so it starts at once when asked.
  const followUp = view?.phase === "feedback" ? view.follow_up_text : null;
  useEffect(() => {
    if (availability !== "on" || !followUp || prepared.current.has(followUp)) return;
    prepared.current.add(followUp);
    void voiceCommands.prepare(followUp, speed.current);
  }, [availability, followUp]);

  // Stop on leaving the room.
  useEffect(() => stop, [stop]);

  const replay = useCallback(() => {
    if (!line || !view) return;
    void speak(line.key, line.text, view.question.id, view.question.part);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lineKey, speak]);

  const silence = useCallback(async () => {
    if (speakingRef.current) stop();
    const quiet = Date.now() - quietSince.current;
    if (quietSince.current > 0 && quiet < ECHO_TAIL_MS) await sleep(ECHO_TAIL_MS - quiet);
  }, [stop]);

  return {
    availability,
    note,
    speaking,
    firstAudioMs,
    firstAudioSteps,
    line: line?.text ?? null,
    replay,
    stop,
    silence,
  };
}
