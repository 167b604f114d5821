import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from "react";
import type { Marker, MarkerKind, TakeView_Serialize as TakeView } from "../bindings";
import { offset } from "../lib/format";
import { attachTake, detach, PlaybackError } from "./mediaSource";
import { skipGaps } from "./gaps";
import { InterviewerLines } from "./InterviewerLines";
import { litWord, wordAt } from "./words";
import { ReplayWhiteboard, type ReplayWhiteboardHandle, type Span } from "../whiteboard/ReplayWhiteboard";

/** What a parent can do with a player: jump to a moment of the take, or show a drawn element
 * (seek to when it was drawn and highlight it on the board). */
export interface TakePlayerHandle {
  seek: (ms: number) => void;
  showElement: (elementId: string) => void;
}

export interface TakePlayerProps {
  take: TakeView;
  /** Names the player for assistive technology, e.g. "Take 2". */
  label: string;
  /** Side-by-side comparison: smaller transcript, no moments list. */
  compact?: boolean;
  ref?: Ref<TakePlayerHandle>;
}

type Load =
  | { status: "none" }
  | { status: "loading"; loaded: number; total: number }
  | { status: "ready" }
  | { status: "error"; code: string; message: string };

/** A playhead this close to the recording's end is at its end (the decoder may stop a frame
 * short of the duration). */
const END_SLACK_S = 0.05;

export const MARKER_LABELS: Record<MarkerKind, string> = {
  filler: "Filler",
  long_pause: "Long pause",
  red_flag: "Red flag",
  talking_point: "Talking point",
};

/**
 * One take: its recording (MSE), a timeline with the rubric's markers, and the transcript with
 * the word being spoken highlighted, and the whiteboard as it stood at the playhead when the
 * take was drawn. Clicking a word, a marker or a drawn element seeks there.
 */
export function TakePlayer({ take, label, compact = false, ref }: TakePlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const playhead = useRef<SVGLineElement>(null);
  // The whiteboard follows the playhead as the highlighted word does.
  const board = useRef<ReplayWhiteboardHandle>(null);
  const [load, setLoad] = useState<Load>(
    take.has_media ? { status: "loading", loaded: 0, total: 0 } : { status: "none" },
  );
  const [current, setCurrent] = useState(-1);
  // The stretch in which the drawn element chosen or hovered was drawn: its words are marked.
  const [drawnSpan, setDrawnSpan] = useState<Span | null>(null);
  const [durationMs, setDurationMs] = useState(() => lastWordEnd(take));
  const seekStarted = useRef<number | null>(null);
  // The word last chosen (clicked, or sought by keyboard): several words can share a start
  // time (Whisper squeezes the last words of a cut-off answer together), and a later
  // `timeupdate` at that time must not light the last of them instead.
  const chosen = useRef<number | null>(null);

  useEffect(() => {
    const element = video.current;
    if (!element || !take.has_media) {
      setLoad({ status: "none" });
      return;
    }
    const abort = new AbortController();
    setLoad({ status: "loading", loaded: 0, total: 0 });
    attachTake(element, take.take_id, {
      signal: abort.signal,
      onProgress: (loaded, total) => {
        if (!abort.signal.aborted) setLoad({ status: "loading", loaded, total });
      },
    })
      .then((info) => {
        if (abort.signal.aborted) return;
        if (info.duration_ms > 0) setDurationMs(info.duration_ms);
        setLoad({ status: "ready" });
      })
      .catch((cause: unknown) => {
        if (abort.signal.aborted) return;
        const err =
          cause instanceof PlaybackError
            ? cause
            : new PlaybackError("playback_failed", String(cause));
        setLoad({ status: "error", code: err.code, message: err.message });
      });
    const stopSkipping = skipGaps(element);
    return () => {
      abort.abort();
      stopSkipping();
      detach(element);
    };
  }, [take.take_id, take.has_media]);

  // The highlighted word follows playback: every frame while playing, and after each seek.
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let frame = 0;
    const sync = () => {
      const ms = element.currentTime * 1000;
      // At the end of the recording the board shows the drawing as the take left it: the
      // last strokes are stored as the answer stops, a moment after the recording's last
      // frame, and a take recovered after a crash may have drawing stored after the last
      // frame its recording kept.
      const atEnd =
        element.ended ||
        (Number.isFinite(element.duration) && element.currentTime >= element.duration - END_SLACK_S);
      board.current?.sync(atEnd ? Number.MAX_SAFE_INTEGER : ms);
      const lit = litWord(take.words, ms, chosen.current);
      if (lit !== chosen.current) chosen.current = null;
      setCurrent(lit);
      const line = playhead.current;
      if (line && durationMs > 0) {
        const x = String(Math.min(1000, (ms / durationMs) * 1000));
        line.setAttribute("x1", x);
        line.setAttribute("x2", x);
      }
    };
    const loop = () => {
      sync();
      frame = requestAnimationFrame(loop);
    };
    const play = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const pause = () => {
      cancelAnimationFrame(frame);
      sync();
    };
    const seeked = () => {
      // The decoder may land a frame before the word asked for: `chosen` keeps it lit.
      sync();
      if (seekStarted.current !== null) {
        // Read by the end-to-end test, which prints replay seek latency.
        element.dataset.seekMs = (performance.now() - seekStarted.current).toFixed(1);
        seekStarted.current = null;
      }
    };
    element.addEventListener("play", play);
    element.addEventListener("pause", pause);
    element.addEventListener("ended", pause);
    element.addEventListener("seeked", seeked);
    element.addEventListener("timeupdate", sync);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener("play", play);
      element.removeEventListener("pause", pause);
      element.removeEventListener("ended", pause);
      element.removeEventListener("seeked", seeked);
      element.removeEventListener("timeupdate", sync);
    };
  }, [take.words, durationMs]);

  /** Seeks to `ms`; `word` is the transcript word chosen, when one was (several words can
   * share a start time, so the time alone does not say which). */
  const seek = (ms: number, word?: number) => {
    const element = video.current;
    if (!element) return;
    const target = word ?? wordAt(take.words, ms);
    seekStarted.current = performance.now();
    chosen.current = target;
    delete element.dataset.seekMs;
    element.currentTime = Math.max(0, ms) / 1000;
    setCurrent(target);
    board.current?.sync(Math.max(0, ms));
  };
  useImperativeHandle(ref, () => ({
    seek: (ms: number) => seek(ms),
    showElement: (id: string) => board.current?.show(id),
  }));

  const wordClasses = useMemo(() => classesOfWords(take), [take]);
  const idBase = `take-${take.take_id}${compact ? "-c" : ""}`;

  return (
    <section className={compact ? "player compact" : "player"} aria-label={label} data-take-id={take.take_id}>
      <div className="video-frame">
        {take.has_media ? (
          <video
            ref={video}
            className="replay-video"
            controls
            playsInline
            preload="auto"
            aria-label={`Recording of ${label}`}
            data-testid="replay-video"
          />
        ) : (
          <p className="no-media">This take was answered without a recording.</p>
        )}
        {load.status === "loading" && (
          <p className="media-status" role="status">
            Loading the recording…
            {load.total > 0 && ` ${Math.round((load.loaded / load.total) * 100)}%`}
          </p>
        )}
        {load.status === "error" && (
          <p className="media-status error" role="alert" data-code={load.code}>
            {load.message}
          </p>
        )}
      </div>

      <Timeline
        markers={take.markers}
        durationMs={durationMs}
        playheadRef={playhead}
        onSeek={(ms) => seek(ms)}
        label={label}
      />

      <ReplayWhiteboard
        ref={board}
        takeId={take.take_id}
        label={label}
        onSeek={(ms) => seek(ms)}
        initialMs={take.has_media ? 0 : Number.MAX_SAFE_INTEGER}
        onDrawnSpan={setDrawnSpan}
      />

      {take.status === "recovered" && (
        <p className="hint">
          Recovered after the app closed unexpectedly: what was saved until then is kept.
        </p>
      )}

      <div className="transcript-box">
        <h3 id={`${idBase}-transcript`} className={compact ? "visually-hidden" : undefined}>
          Transcript
        </h3>
        <InterviewerLines lines={take.interviewer_lines ?? []} onSeek={(ms) => seek(ms)} />
        <Transcript
          take={take}
          current={current}
          classes={wordClasses}
          drawn={drawnSpan}
          onSeek={seek}
          labelledBy={`${idBase}-transcript`}
        />
      </div>

      {!compact && take.markers.length > 0 && (
        <details className="moments">
          <summary>Moments on the timeline ({take.markers.length})</summary>
          <ul>
            {take.markers.map((m, i) => (
              <li key={i}>
                <button type="button" className="link" onClick={() => seek(m.start_ms)}>
                  <span className={`dot ${m.kind}`} aria-hidden="true" />
                  {MARKER_LABELS[m.kind]} at {offset(m.start_ms)}: {m.label}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function lastWordEnd(take: TakeView): number {
  const last = take.words[take.words.length - 1];
  const ended =
    take.ended_at_ms !== null && take.ended_at_ms !== undefined ? Math.max(0, take.ended_at_ms - take.started_at_ms) : 0;
  return Math.max(last?.end_ms ?? 0, ended, 1);
}

/** Per word, the marker kinds it falls in (fillers and red-flag quotes are shown in text). */
function classesOfWords(take: TakeView): string[] {
  return take.words.map((w) => {
    const kinds = new Set<string>();
    for (const m of take.markers) {
      if ((m.kind === "filler" || m.kind === "red_flag") && w.start_ms < m.end_ms && w.end_ms > m.start_ms) {
        kinds.add(m.kind === "filler" ? "w-filler" : "w-flag");
      }
    }
    return [...kinds].join(" ");
  });
}

interface TranscriptProps {
  take: TakeView;
  current: number;
  classes: string[];
  /** Words spoken in this stretch are marked (while a chosen drawn element was drawn). */
  drawn: Span | null;
  onSeek: (ms: number, word?: number) => void;
  labelledBy: string;
}

/**
 * The words as buttons: one tab stop for the whole transcript (the current word), arrow keys
 * move between words, Enter or a click seeks.
 */
function Transcript({ take, current, classes, drawn, onSeek, labelledBy }: TranscriptProps) {
  const [focus, setFocus] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const tabStop = current >= 0 ? current : focus;

  // Keep the spoken word in view while playing (without stealing focus).
  useEffect(() => {
    if (current < 0) return;
    const el = container.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    el?.scrollIntoView?.({ block: "nearest" });
  }, [current]);

  if (take.words.length === 0) {
    return (
      <p className="empty" aria-labelledby={labelledBy}>
        {take.text.trim() ? take.text : "Nothing was transcribed for this take."}
      </p>
    );
  }

  const move = (to: number) => {
    const next = Math.max(0, Math.min(take.words.length - 1, to));
    setFocus(next);
    container.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };

  return (
    <div
      ref={container}
      className="transcript-words"
      role="group"
      aria-labelledby={labelledBy}
      data-testid="transcript-words"
      onKeyDown={(e) => {
        const at = Number((e.target as HTMLElement).dataset.index ?? "-1");
        if (at < 0) return;
        if (e.key === "ArrowRight") {
          e.preventDefault();
          move(at + 1);
        } else if (e.key === "ArrowLeft") {
          e.preventDefault();
          move(at - 1);
        } else if (e.key === "Home") {
          e.preventDefault();
          move(0);
        } else if (e.key === "End") {
          e.preventDefault();
          move(take.words.length - 1);
        }
      }}
    >
      {take.words.map((w, i) => (
        <button
          key={i}
          type="button"
          data-index={i}
          data-start-ms={w.start_ms}
          tabIndex={i === tabStop ? 0 : -1}
          className={`word ${classes[i] ?? ""}${i === current ? " current" : ""}${
            drawn && w.start_ms < drawn.toMs && w.end_ms > drawn.fromMs ? " w-drawn" : ""
          }`}
          aria-current={i === current ? "true" : undefined}
          aria-label={`${w.text}, at ${offset(w.start_ms)}`}
          onClick={() => {
            setFocus(i);
            onSeek(w.start_ms, i);
          }}
        >
          {w.text}
        </button>
      ))}
    </div>
  );
}

interface TimelineProps {
  markers: Marker[];
  durationMs: number;
  playheadRef: Ref<SVGLineElement>;
  onSeek: (ms: number) => void;
  label: string;
}

/** The take's length as a bar, with a coloured mark for each marker and the playhead. */
function Timeline({ markers, durationMs, playheadRef, onSeek, label }: TimelineProps) {
  const x = (ms: number) => Math.min(1000, Math.max(0, (ms / durationMs) * 1000));
  return (
    <div className="timeline">
      <svg
        viewBox="0 0 1000 28"
        preserveAspectRatio="none"
        className="timeline-track"
        role="img"
        aria-label={`Timeline of ${label}: ${summarise(markers)}`}
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          if (box.width > 0) onSeek(((e.clientX - box.left) / box.width) * durationMs);
        }}
      >
        <rect className="track" x="0" y="10" width="1000" height="8" rx="4" />
        {markers.map((m, i) => (
          <rect
            key={i}
            className={`mark ${m.kind}`}
            x={x(m.start_ms)}
            y={m.kind === "red_flag" ? 2 : 6}
            width={Math.max(4, x(m.end_ms) - x(m.start_ms))}
            height={m.kind === "red_flag" ? 24 : 16}
            data-kind={m.kind}
          >
            <title>{`${MARKER_LABELS[m.kind]} at ${offset(m.start_ms)}: ${m.label}`}</title>
          </rect>
        ))}
        <line ref={playheadRef} className="playhead" x1="0" x2="0" y1="0" y2="28" />
      </svg>
      <ul className="legend" aria-label="Marker colours">
        {(Object.keys(MARKER_LABELS) as MarkerKind[]).map((kind) => (
          <li key={kind}>
            <span className={`dot ${kind}`} aria-hidden="true" /> {MARKER_LABELS[kind]}
          </li>
        ))}
      </ul>
    </div>
  );
}

function summarise(markers: Marker[]): string {
  if (markers.length === 0) return "no markers";
  const counts = new Map<MarkerKind, number>();
  for (const m of markers) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  return [...counts.entries()].map(([k, n]) => `${n} ${MARKER_LABELS[k].toLowerCase()}`).join(", ");
}
