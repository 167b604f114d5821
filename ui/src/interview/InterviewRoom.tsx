import "./room.css";
import { useEffect, useState } from "react";
import { CameraPreview } from "../devices/CameraPreview";
import { FeedbackPanel } from "../feedback/FeedbackPanel";
import { SessionSummary } from "../feedback/SessionSummary";
import type { SessionAction, LiveView, StartRequest } from "../lib/live";
import type { ScreenProps } from "../nav";
import { LevelMeter } from "./LevelMeter";
import { ReadAloud } from "./ReadAloud";
import { Timer } from "./Timer";
import { useCountdown } from "./useCountdown";
import { useInterviewerVoice, type InterviewerVoice } from "./useInterviewerVoice";
import { useInterviewerLines } from "./useInterviewerLines";
import { ECHO_TAIL_MS } from "./voice";
import { useLiveSession } from "./useLiveSession";
import { useShortcuts, type Shortcuts } from "./useShortcuts";
import { Whiteboard } from "../whiteboard/Whiteboard";
import { useSceneRecording } from "../whiteboard/useSceneRecording";

/** The room's self-view rate: enough to see yourself, and it leaves the page's main thread
 * free for the timer and the meter (the device check shows the camera's full rate). */
const ROOM_PREVIEW_FPS = 15;

/**
 * The live session: the question and why it was chosen, the prep and answer timers, camera
 * and microphone, optional captions, the controls (Space, R, N, Esc), feedback after each
 * answer and the summary at the end. With the voice on, the interviewer says each question
 * and follow-up when it appears (see useInterviewerVoice); the text stays on screen. Design
 * questions open a whiteboard beside the question (W opens or hides it for any question), and
 * what is drawn while recording is stored with the take (useSceneRecording). The coordinator in the shell owns the session; this
 * screen shows its views and sends controls. `start` is the session to start when none runs.
 */
export function InterviewRoom({ navigate, start }: ScreenProps & { start?: StartRequest }) {
  const [state, control] = useLiveSession(start);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const view = state.view;
  const leftMs = useCountdown(view?.timer, view?.paused ?? false);
  const keepLine = useInterviewerLines(view);
  const voice = useInterviewerVoice(view, keepLine);
  // The whiteboard is recorded with the take being answered, on that take's timeline.
  const scenes = useSceneRecording(
    view?.phase === "answering" ? (view.take_id ?? null) : null,
    view?.paused ?? false,
  );
  // Opened or closed by hand for one question; otherwise open for design questions.
  const [boardChoice, setBoardChoice] = useState<{ question: number; open: boolean } | null>(null);
  const boardOpen = view
    ? boardChoice?.question === view.question_index
      ? boardChoice.open
      : wantsBoard(view.question.kind)
    : false;
  const toggleBoard = () => {
    if (view) setBoardChoice({ question: view.question_index, open: !boardOpen });
  };

  // When preparation runs out the coordinator starts recording by itself: the voice stops
  // early enough for its echo to die away first (the countdown ticks every 100 ms).
  const prepEnding =
    view?.phase === "prep" && !view.paused && leftMs !== null && leftMs <= ECHO_TAIL_MS + 200;
  const { speaking, stop: stopVoice } = voice;
  useEffect(() => {
    if (prepEnding && speaking) stopVoice();
  }, [prepEnding, speaking, stopVoice]);

  const act = (action: SessionAction) => {
    setConfirmEnd(false);
    if (action === "begin_answer") {
      // The microphone records from here: the voice stops and its echo dies away first.
      void voice.silence().then(() => control(action));
      return;
    }
    if (action === "stop_answer") {
      // The last strokes are stored before the take ends, so its feedback reads them.
      void scenes.flush().then(() => control(action));
      return;
    }
    void control(action);
  };
  useShortcuts(view ? shortcutsFor(view, act, toggleBoard) : {});

  if (!view) {
    return (
      <main className="page room-empty">
        <h1>Interview</h1>
        {state.status === "starting" && (
          <p role="status" className="progress">
            <span className="spinner" aria-hidden="true" /> Starting the session: opening the
            camera and microphone and loading the speech model…
          </p>
        )}
        {[state.liveError, state.error].map(
          (e) =>
            e && (
              <p key={e.code} role="alert" className="error" data-code={e.code}>
                {e.message}
              </p>
            ),
        )}
        {state.status === "none" && !state.error && (
          <p>No session is running. Start one from the home screen.</p>
        )}
        {state.status !== "starting" && (
          <div>
            <button type="button" className="primary" onClick={() => navigate({ name: "home" })}>
              Back to home
            </button>
          </div>
        )}
      </main>
    );
  }

  if (view.phase === "summary") {
    return (
      <main className="page room-summary">
        <SessionSummary
          summary={view.summary}
          feedback={state.feedback}
          questionCount={view.question_count}
          onHome={() => navigate({ name: "home" })}
          onReplay={() => navigate({ name: "replay", sessionId: view.session_id })}
        />
      </main>
    );
  }

  const q = view.question;
  const feedback = view.phase === "feedback" ? (view.feedback ?? lastFor(state.feedback, q.id)) : null;
  const isLast = view.question_index + 1 >= view.question_count;

  return (
    <div className={`room phase-${view.phase}${view.paused ? " paused" : ""}`}>
      <header className="room-bar">
        <span className="room-progress" data-testid="question-progress">
          Question {view.question_index + 1} of {view.question_count}
          {q.part === "follow_up" && <span className="tag">Follow-up</span>}
          {view.take > 1 && <span className="tag">Take {view.take}</span>}
        </span>
        <span className="room-status" role="status" data-testid="phase">
          {phaseLabel(view)}
        </span>
        <span className="room-end">
          {confirmEnd ? (
            <>
              <span>End the session now?</span>
              <button type="button" className="danger small" onClick={() => act("end")}>
                End session
              </button>
              <button type="button" className="secondary small" onClick={() => setConfirmEnd(false)}>
                Keep going
              </button>
            </>
          ) : (
            <button type="button" className="secondary small" onClick={() => setConfirmEnd(true)}>
              End…
            </button>
          )}
        </span>
      </header>

      {[state.liveError, state.error].map(
        (e) =>
          e && (
            <p key={e.code} role="alert" className="error banner" data-code={e.code}>
              {e.message}
            </p>
          ),
      )}

      <div className="room-body">
        <main className={boardOpen ? "room-main with-board" : "room-main"}>
          {view.phase === "feedback" && !feedback && view.scoring_error && (
            <p role="alert" className="error card" data-code="scoring_failed">
              This answer could not be scored: {view.scoring_error} The recording is kept; try
              again or go on.
            </p>
          )}
          {feedback ? (
            <FeedbackPanel feedback={feedback} />
          ) : (
            <section className="question card" aria-labelledby="question-text">
              <p className="question-meta">
                {[q.track, q.kind]
                  .map(label)
                  .filter((x, i, all) => x && all.indexOf(x) === i)
                  .join(" · ")}
              </p>
              <h1 id="question-text" className="question-text" data-testid="question">
                {q.part === "follow_up" && view.follow_up_text ? view.follow_up_text : q.text}
              </h1>
              {q.reason && (
                <p className="question-reason">
                  <span className="muted">Why this question: </span>
                  {q.reason}
                </p>
              )}
              <VoiceControl voice={voice} fallbackText={view.follow_up_text ?? q.text} />
            </section>
          )}
          {view.phase === "scoring" && (
            <p role="status" className="progress card" data-testid="scoring">
              <span className="spinner" aria-hidden="true" /> Transcribing and scoring your
              answer…
            </p>
          )}
          {view.timer && leftMs !== null && (view.phase === "prep" || view.phase === "answering") && (
            <Timer timer={view.timer} leftMs={leftMs} paused={view.paused} />
          )}
          <Controls view={view} busy={state.busy} act={act} isLast={isLast} />
          {view.phase !== "scoring" && (
            <button
              type="button"
              className="secondary small board-toggle"
              onClick={toggleBoard}
              aria-pressed={boardOpen}
              aria-keyshortcuts="W"
              data-testid="board-toggle"
            >
              {boardOpen ? "Hide the whiteboard" : "Whiteboard"} <kbd>W</kbd>
            </button>
          )}
          {boardOpen && (
            <Whiteboard
              // One board per question: its follow-up and retries draw on from where it was.
              key={view.question_index}
              label="Whiteboard"
              onScene={scenes.onChange}
              note={
                <p
                  className="muted whiteboard-note"
                  // Whether the drawing as it stands is in the store (end-to-end tests wait on it).
                  data-scene-saving={scenes.saving}
                  data-scenes-saved={scenes.saved}
                >
                  {view.phase === "answering"
                    ? "Your drawing is saved with this answer as you go."
                    : "Drawing is saved with the answer while you record."}{" "}
                  Keys go to the board while it has the focus; click outside it for Space, R, N
                  and Esc.
                  {scenes.error && (
                    <span role="alert" className="error" data-code={scenes.error.code}>
                      {" "}
                      The last change could not be saved: {scenes.error.message}
                    </span>
                  )}
                </p>
              }
            />
          )}
        </main>

        <aside className="room-side" aria-label="Camera and microphone">
          <div className="camera card">
            {view.has_camera ? (
              <CameraPreview
                label="Your camera"
                emptyText="Your picture shows here while you answer."
                maxFps={ROOM_PREVIEW_FPS}
              />
            ) : (
              <p className="camera-note">No camera: this session records sound only.</p>
            )}
          </div>
          {view.phase === "answering" && !view.paused && (
            <p className="recording-note">
              <span className="rec-dot" aria-hidden="true" />
              Recording {view.has_camera ? "camera and sound" : "sound"}
            </p>
          )}
          {view.has_mic ? (
            <LevelMeter rmsDb={state.level?.rmsDb ?? null} peakDb={state.level?.peakDb ?? null} />
          ) : (
            <p className="error">No microphone: answers cannot be heard. End and check devices.</p>
          )}
          {view.captions && view.phase === "answering" && (
            <div className="captions card" aria-live="polite" aria-label="Live captions">
              {state.caption ? (
                <p className={state.caption.isFinal ? "" : "muted"}>{state.caption.text}</p>
              ) : (
                <p className="muted">Captions appear as you speak.</p>
              )}
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}

/**
 * Replay or stop the interviewer while the question is being prepared (never while
 * recording, where it would reach the microphone), or, without the voice, the one-line note
 * and the webview's own read-aloud where it has one.
 */
function VoiceControl({ voice, fallbackText }: { voice: InterviewerVoice; fallbackText: string }) {
  if (voice.availability === "on") {
    if (!voice.line) return null;
    return (
      <div
        className="voice-control"
        data-first-audio-ms={voice.firstAudioMs ?? undefined}
        data-first-audio-steps={voice.firstAudioSteps ?? undefined}
      >
        {voice.speaking ? (
          <button type="button" className="secondary small" onClick={voice.stop} data-testid="voice-stop">
            Stop the interviewer
          </button>
        ) : (
          <button type="button" className="secondary small" onClick={voice.replay} data-testid="voice-replay">
            Ask again aloud
          </button>
        )}
        {voice.speaking && (
          <span className="voice-speaking" aria-live="polite">
            <span className="voice-dot" aria-hidden="true" /> The interviewer is speaking
          </span>
        )}
        {voice.note && (
          <span className="voice-note muted" data-code={voice.note.code}>
            {voice.note.message}
          </span>
        )}
      </div>
    );
  }
  return (
    <div className="voice-control">
      {voice.availability === "unavailable" && voice.note && (
        <p className="voice-note muted" data-code={voice.note.code} data-testid="voice-note">
          {voice.note.message}
        </p>
      )}
      <ReadAloud text={fallbackText} />
    </div>
  );
}

function Controls({
  view,
  busy,
  act,
  isLast,
}: {
  view: LiveView;
  busy: boolean;
  act: (a: SessionAction) => void;
  isLast: boolean;
}) {
  const pause = view.paused ? (
    <button type="button" className="secondary" onClick={() => act("resume")} disabled={busy} aria-keyshortcuts="Escape">
      Resume <kbd>Esc</kbd>
    </button>
  ) : (
    <button type="button" className="secondary" onClick={() => act("pause")} disabled={busy} aria-keyshortcuts="Escape">
      Pause <kbd>Esc</kbd>
    </button>
  );
  switch (view.phase) {
    case "prep":
      return (
        <div className="controls" role="group" aria-label="Session controls">
          <button type="button" className="primary" onClick={() => act("begin_answer")} disabled={busy || view.paused} aria-keyshortcuts="Space">
            Start answering <kbd>Space</kbd>
          </button>
          <button type="button" className="secondary" onClick={() => act("skip")} disabled={busy} aria-keyshortcuts="N">
            Skip question <kbd>N</kbd>
          </button>
          {pause}
        </div>
      );
    case "answering":
      return (
        <div className="controls" role="group" aria-label="Session controls">
          <button type="button" className="primary stop" onClick={() => act("stop_answer")} disabled={busy || view.paused} aria-keyshortcuts="Space">
            Stop and get feedback <kbd>Space</kbd>
          </button>
          <button type="button" className="secondary" onClick={() => act("retry")} disabled={busy} aria-keyshortcuts="R">
            Start over <kbd>R</kbd>
          </button>
          <button type="button" className="secondary" onClick={() => act("skip")} disabled={busy} aria-keyshortcuts="N">
            Skip <kbd>N</kbd>
          </button>
          {pause}
        </div>
      );
    case "feedback":
      return (
        <div className="controls" role="group" aria-label="Session controls">
          <button type="button" className="primary" onClick={() => act("next")} disabled={busy} aria-keyshortcuts="N">
            {isLast ? "Finish and see summary" : "Next question"} <kbd>N</kbd>
          </button>
          <button type="button" className="secondary" onClick={() => act("retry")} disabled={busy} aria-keyshortcuts="R">
            Try again (new take) <kbd>R</kbd>
          </button>
        </div>
      );
    default:
      return null;
  }
}

function shortcutsFor(
  view: LiveView,
  act: (a: SessionAction) => void,
  toggleBoard: () => void,
): Shortcuts {
  const escape = () => act(view.paused ? "resume" : "pause");
  switch (view.phase) {
    case "prep":
      return view.paused
        ? { Escape: escape, w: toggleBoard }
        : { " ": () => act("begin_answer"), n: () => act("skip"), Escape: escape, w: toggleBoard };
    case "answering":
      return view.paused
        ? { Escape: escape, w: toggleBoard }
        : {
            " ": () => act("stop_answer"),
            r: () => act("retry"),
            n: () => act("skip"),
            Escape: escape,
            w: toggleBoard,
          };
    case "feedback":
      return { n: () => act("next"), r: () => act("retry"), w: toggleBoard };
    default:
      return {};
  }
}

function phaseLabel(view: LiveView): string {
  if (view.paused) return "Paused";
  switch (view.phase) {
    case "prep":
      return "Preparing";
    case "answering":
      return "Recording";
    case "scoring":
      return "Scoring";
    case "feedback":
      return "Feedback";
    case "summary":
      return "Summary";
  }
}

/** Questions answered at a whiteboard in a real interview open one by themselves. */
function wantsBoard(kind: string): boolean {
  const k = kind.toLowerCase().replace(/[_\s]/g, "-");
  return k === "system-design" || k === "architecture-review";
}

/** `system_design` → `system design`: ids and names read the same in the meta line. */
function label(s: string): string {
  return s.replace(/[_-]/g, " ").toLowerCase();
}

function lastFor<T extends { question_id: string }>(list: T[], questionId: string): T | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (item && item.question_id === questionId) return item;
  }
  return null;
}
