import { useEffect, useState } from "react";
import { commands, type ModelStatus } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { settle, type Loadable } from "../lib/ipc";
import type { StartRequest } from "../lib/live";
import type { ScreenProps } from "../nav";
import { VoiceSample } from "../interview/VoiceSample";
import { voiceCommands } from "../interview/voice";
import { DeviceSettings } from "./DeviceSettings";
import "./devices.css";

/** How often the model's status is asked while it loads. */
const MODEL_POLL_MS = 600;

/**
 * Before the first question: camera preview, microphone level, a spoken test with its
 * transcript, the speech model's status, and what to do when something is missing. Continuing
 * opens the interview room with `start`, the session the user asked for.
 */
export function DeviceCheck({ navigate, start }: ScreenProps & { start: StartRequest }) {
  const [available, setAvailable] = useState<{ camera: boolean; mic: boolean } | null>(null);
  const [fps, setFps] = useState(0);
  const model = useModelStatus();
  const modelReady = model.status === "ok" && model.data.state === "ready";
  // The session's questions are drawn now, so the interviewer's first line is ready to sound
  // when question 1 shows (the shell keeps the draw for session_start).
  useEffect(() => {
    void voiceCommands.planAhead(start);
  }, [start]);

  return (
    <main className="page device-check" data-screen="device-check" data-preview-fps={fps.toFixed(1)}>
      <header>
        <h1>Check your camera and microphone</h1>
        <p className="tagline">
          Everything stays on this computer: the picture and sound are not sent anywhere.
        </p>
      </header>

      <DeviceSettings onFps={setFps} onDevices={setAvailable}>
        <section className="model-section" aria-labelledby="model-heading">
          <h2 id="model-heading">Speech model</h2>
          <ModelLine model={model} onSettings={() => navigate({ name: "settings", page: "model" })} />
        </section>
        <section className="voice-section" aria-labelledby="voice-heading">
          <h2 id="voice-heading">Interviewer's voice</h2>
          <p className="muted">Check you can hear the questions (speakers or headphones).</p>
          <VoiceSample />
        </section>
      </DeviceSettings>

      <div className="device-actions">
        <button type="button" className="secondary" onClick={() => navigate({ name: "home" })}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          data-testid="device-check-continue"
          onClick={() => navigate({ name: "interview", start })}
          disabled={!modelReady || available?.mic === false}
          aria-describedby={!modelReady ? "continue-why" : undefined}
        >
          Start the interview
        </button>
      </div>
      {available?.mic === false && (
        <p className="guidance" role="note">
          An interview needs a microphone: connect one to continue.
        </p>
      )}
      {!modelReady && available?.mic !== false && (
        <p id="continue-why" className="muted" style={{ margin: 0, textAlign: "right" }}>
          The interview starts once the speech model is ready.
        </p>
      )}
    </main>
  );
}

/**
 * Polls `model_status` (which starts the load) until the model is ready or cannot load. Also
 * used by the first-run guide's device step.
 */
export function useModelStatus(): Loadable<ModelStatus> {
  const [status, setStatus] = useState<Loadable<ModelStatus>>({ status: "loading" });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const answer = await settle(commands.modelStatus());
      if (!live) return;
      setStatus(answer);
      if (answer.status === "ok" && answer.data.state === "loading") {
        timer = setTimeout(() => void ask(), MODEL_POLL_MS);
      }
    };
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, []);
  return status;
}

/** The speech model's state, and where to fix it when it cannot be used. */
export function ModelLine({ model, onSettings }: { model: Loadable<ModelStatus>; onSettings: () => void }) {
  return (
    <AsyncView state={model} loading="Checking the speech model…" spinner className="model-line">
      {(m) => <ModelState model={m} onSettings={onSettings} />}
    </AsyncView>
  );
}

function ModelState({ model: m, onSettings }: { model: ModelStatus; onSettings: () => void }) {
  switch (m.state) {
    case "ready":
      return (
        <p className="model-line" role="status" data-testid="model-status" data-state="ready">
          <strong>{m.name}</strong> is ready
          {m.load_ms !== null ? <span className="muted"> (loaded in {m.load_ms} ms)</span> : null}.
          Transcription runs on this machine.
        </p>
      );
    case "loading":
      return (
        <p className="progress model-line" role="status" data-testid="model-status" data-state="loading">
          <span className="spinner" aria-hidden="true" /> Loading <strong>{m.name}</strong>…
        </p>
      );
    case "missing":
    case "error":
      return (
        <div data-testid="model-status" data-state={m.state}>
          <p className="error model-line" role="alert">
            {m.state === "missing" ? `The speech model ${m.name} is not installed.` : `The speech model ${m.name} cannot be used.`}{" "}
            {m.error?.message}
          </p>
          <button type="button" className="secondary" onClick={onSettings} style={{ marginTop: "0.5rem" }}>
            Open model settings
          </button>
        </div>
      );
  }
}
