import { useEffect, useRef, useState } from "react";
import { commands, type GuideOutcome } from "../bindings";
import { DeviceSettings } from "../devices/DeviceSettings";
import { ModelLine, useModelStatus } from "../devices/DeviceCheck";
import { StartForm } from "../home/StartForm";
import { settle } from "../lib/ipc";
import type { StartRequest } from "../lib/live";
import type { Navigate } from "../nav";
import { PrivacyPage } from "../settings/PrivacyPage";
import "./welcome.css";

/** The guide's steps, in order. */
export const STEPS = [
  { id: "about", label: "What Onsite does" },
  { id: "privacy", label: "Your data" },
  { id: "devices", label: "Camera and microphone" },
  { id: "start", label: "First session" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];

export interface FirstRunGuideProps {
  navigate: Navigate;
  /** Why the remembered choice could not be read, when it could not. */
  problem?: string;
}

/**
 * The first-run guide: what Onsite does, where its data lives, a device check and the first
 * session. Skippable at every step; finishing or skipping is remembered (`first_run_done`) so the
 * app opens on home next time. The steps reuse the device check, the privacy page and the home
 * screen's start form rather than copies of them.
 */
export function FirstRunGuide({ navigate, problem }: FirstRunGuideProps) {
  const [index, setIndex] = useState(0);
  // Whether the device step found a microphone and a ready speech model: then the first
  // session can go straight to the interview; otherwise through the device check, as from home.
  const [devicesReady, setDevicesReady] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const step = STEPS[index] ?? STEPS[0];
  const last = index === STEPS.length - 1;

  useEffect(() => {
    // After Next/Back, start keyboard and screen-reader users at the top of the new step.
    if (moved.current) stepHeading.current?.focus({ preventScroll: true });
    moved.current = true;
  }, [step.id]);

  /**
   * Remembers how the guide ended, then leaves. A failed save does not keep the user here:
   * the guide simply shows again on the next start.
   */
  const leave = async (outcome: GuideOutcome, then: () => void) => {
    setLeaving(true);
    await settle(commands.firstRunDone(outcome));
    then();
  };

  const skip = () => void leave("skipped", () => navigate({ name: "home" }));
  const startSession = (request: StartRequest) =>
    void leave("completed", () =>
      navigate(
        devicesReady ? { name: "interview", start: request } : { name: "device-check", start: request },
      ),
    );

  return (
    <main className="page first-run" data-testid="first-run" data-step={step.id} aria-labelledby="first-run-title">
      <header className="first-run-head">
        <h1 id="first-run-title">Welcome to Onsite</h1>
        <ol className="first-run-steps" aria-label="Guide steps">
          {STEPS.map((s, i) => (
            <li key={s.id} aria-current={i === index ? "step" : undefined} className={i < index ? "done" : undefined}>
              <span className="step-number" aria-hidden="true">
                {i + 1}
              </span>
              {s.label}
            </li>
          ))}
        </ol>
        {problem && (
          <p className="guidance" role="note" data-testid="first-run-problem">
            Your earlier choice about this guide could not be read ({problem}). Skip it or step
            through it; either is remembered again.
          </p>
        )}
      </header>

      <section className="first-run-body" aria-labelledby="first-run-step-heading">
        <h2 id="first-run-step-heading" ref={stepHeading} tabIndex={-1}>
          <span className="visually-hidden">
            Step {index + 1} of {STEPS.length}:{" "}
          </span>
          {STEP_TITLES[step.id]}
        </h2>
        {step.id === "about" && <About />}
        {step.id === "privacy" && <Privacy />}
        {step.id === "devices" && (
          <Devices onReady={setDevicesReady} onModelSettings={() => navigate({ name: "settings", page: "model" })} />
        )}
        {step.id === "start" && <FirstSession onStart={startSession} />}
      </section>

      <footer className="first-run-actions">
        <button type="button" className="link" onClick={skip} disabled={leaving}>
          Skip guide
        </button>
        <div className="first-run-nav">
          {index > 0 && (
            <button type="button" className="secondary" onClick={() => setIndex(index - 1)} disabled={leaving}>
              Back
            </button>
          )}
          {last ? (
            <button
              type="button"
              className="secondary"
              onClick={() => void leave("completed", () => navigate({ name: "home" }))}
              disabled={leaving}
            >
              Finish without starting
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => setIndex(index + 1)} disabled={leaving}>
              Next: {STEPS[index + 1]?.label}
            </button>
          )}
        </div>
      </footer>
    </main>
  );
}

const STEP_TITLES: Record<StepId, string> = {
  about: "Practise senior and staff interviews out loud",
  privacy: "Nothing leaves this computer",
  devices: "Check your camera and microphone",
  start: "Start your first session",
};

function About() {
  return (
    <ul className="first-run-points">
      <li>
        <strong>Timed questions</strong> of the kind senior and staff interviewers ask: system
        design, leadership and influence, technical debt, incidents, ambiguity. Tailored to your
        level and, if you like, your résumé and a job description.
      </li>
      <li>
        <strong>You answer out loud.</strong> Whisper transcribes your answer on this computer;
        camera and microphone are recorded for replay.
      </li>
      <li>
        <strong>Feedback you can check:</strong> six competency scores with the words that earned
        them, red flags with the quote, delivery (pace, fillers, pauses) and three next steps.
      </li>
      <li>
        <strong>Replay</strong> every take with its transcript beside the video; click a word to
        jump to it. <strong>Progress</strong> shows how each competency moves over time.
      </li>
    </ul>
  );
}

function Privacy() {
  return (
    <div className="first-run-privacy">
      <p>
        No account, no cloud, no telemetry: transcription and scoring run here. Everything Onsite
        keeps is in the places below, readable only by you. You can see this again in Settings →
        Privacy.
      </p>
      <PrivacyPage />
    </div>
  );
}

function Devices({ onReady, onModelSettings }: { onReady: (ready: boolean) => void; onModelSettings: () => void }) {
  const model = useModelStatus();
  const [mic, setMic] = useState(false);
  const ready = mic && model.status === "ok" && model.data.state === "ready";
  useEffect(() => onReady(ready), [onReady, ready]);
  return (
    <div className="first-run-devices">
      <p className="muted">
        Say a sentence to see what the speech model hears. No camera? Continue anyway: sessions
        work audio-only. No microphone? Connect one before your first session.
      </p>
      <DeviceSettings onDevices={(found) => setMic(found.mic)}>
        <section className="model-section" aria-labelledby="first-run-model-heading">
          <h3 id="first-run-model-heading">Speech model</h3>
          <ModelLine model={model} onSettings={onModelSettings} />
        </section>
      </DeviceSettings>
    </div>
  );
}

function FirstSession({ onStart }: { onStart: (request: StartRequest) => void }) {
  return (
    <div className="first-run-start">
      <p>
        The first plan below, the shortest, is a good first session. Change the plan or level if
        you prefer; you can end a session at any time.
      </p>
      <div className="card">
        <span id="start-heading" className="visually-hidden">
          First session
        </span>
        <StartForm onStart={onStart} />
      </div>
    </div>
  );
}
