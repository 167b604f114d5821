import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { commands, type CommandError, type DevicesView, type MicTest } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { settle, type Loadable } from "../lib/ipc";
import { CameraPreview } from "./CameraPreview";
import { MicLevel, SILENCE_DB, useMicLevelEvents } from "./MicLevel";
import "./devices.css";

/** How long the "say something" test records. */
export const TEST_SECONDS = 5;
const NO_CAMERA = "none";

export interface DeviceSettingsProps {
  /** Called with the measured preview rate (frames per second). */
  onFps?: (fps: number) => void;
  /** Called once devices are known: whether a camera and a microphone are available. */
  onDevices?: (available: { camera: boolean; mic: boolean }) => void;
  /** More to show under the microphone (the device check puts the speech model there). */
  children?: ReactNode;
}

/**
 * Choose the camera and microphone (remembered), see the camera, watch the microphone level
 * and run a spoken test transcribed on this machine. Opens the devices while shown and closes
 * them when it goes away. Used by the device check and by Settings → Devices.
 */
export function DeviceSettings({ onFps, onDevices, children }: DeviceSettingsProps) {
  const [devices, setDevices] = useState<Loadable<DevicesView>>({ status: "loading" });
  const [camera, setCamera] = useState<string>(NO_CAMERA);
  const [mic, setMic] = useState<string | null>(null);
  const [cameraError, setCameraError] = useState<CommandError | null>(null);
  const [micError, setMicError] = useState<CommandError | null>(null);
  const onDevicesRef = useRef(onDevices);
  onDevicesRef.current = onDevices;
  const { level, error: levelError } = useMicLevelEvents();

  const openCamera = useCallback(async (id: string) => {
    setCameraError(null);
    const started =
      id === NO_CAMERA ? await settle(commands.previewStop()) : await settle(commands.previewStart(id));
    if (started.status === "error") setCameraError(started.error);
  }, []);

  const openMic = useCallback(async (id: string | null) => {
    setMicError(null);
    const started = await settle(commands.micMonitorStart(id));
    if (started.status === "error") setMicError(started.error);
  }, []);

  useEffect(() => {
    let live = true;
    void settle(commands.devicesList()).then((answer) => {
      if (!live) return;
      setDevices(answer);
      if (answer.status !== "ok") return;
      const view = answer.data;
      const cam =
        view.chosen.camera && (view.chosen.camera === NO_CAMERA || view.cameras.some((c) => c.id === view.chosen.camera))
          ? view.chosen.camera
          : (view.cameras[0]?.id ?? NO_CAMERA);
      const chosenMic = view.mics.find((m) => m.id === view.chosen.mic) ?? view.mics.find((m) => m.is_default) ?? view.mics[0];
      setCamera(cam);
      setMic(chosenMic?.id ?? null);
      onDevicesRef.current?.({ camera: cam !== NO_CAMERA, mic: view.mics.length > 0 });
      void openCamera(cam);
      if (view.mics.length > 0) void openMic(chosenMic?.id ?? null);
    });
    return () => {
      live = false;
      void commands.previewStop().catch(() => undefined);
      void commands.micMonitorStop().catch(() => undefined);
    };
  }, [openCamera, openMic]);

  const chooseCamera = async (id: string) => {
    setCamera(id);
    onDevicesRef.current?.({ camera: id !== NO_CAMERA, mic: mic !== null });
    await settle(commands.devicesChoose(id, null));
    await openCamera(id);
  };

  const chooseMic = async (id: string) => {
    setMic(id);
    await settle(commands.devicesChoose(null, id));
    await openMic(id);
  };

  return (
    <AsyncView
      state={devices}
      loading="Looking for cameras and microphones…"
      spinner
      failed="Could not list the devices"
    >
      {(view) => (
        <div className="device-grid">
          <section className="device-panel" aria-labelledby="camera-heading">
            <h2 id="camera-heading" className="visually-hidden">
              Camera
            </h2>
            {camera !== NO_CAMERA ? (
              <CameraPreview label="Your camera" onFps={onFps} showFps emptyText="The camera sends no picture." />
            ) : (
              <p className="guidance" role="note">
                {view.cameras.length === 0
                  ? "No camera found. You can practise audio-only: your answers are still recorded and scored. To use a camera, connect one and come back to this screen."
                  : "Camera off: this session will be audio-only."}
              </p>
            )}
            {cameraError && (
              <p className="error" role="alert">
                {cameraError.message}
              </p>
            )}
            <div className="field">
              <label htmlFor="camera-select">Camera</label>
              <select id="camera-select" value={camera} onChange={(e) => void chooseCamera(e.target.value)}>
                {view.cameras.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
                <option value={NO_CAMERA}>No camera (audio only)</option>
              </select>
            </div>
          </section>

          <section className="device-panel" aria-labelledby="mic-heading">
            <div className="card">
              <h2 id="mic-heading">Microphone</h2>
              {view.mics.length > 0 ? (
                <>
                  <div className="field">
                    <label htmlFor="mic-select">Input device</label>
                    <select id="mic-select" value={mic ?? ""} onChange={(e) => void chooseMic(e.target.value)}>
                      {view.mics.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name}
                          {m.is_default ? " (system default)" : ""}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="mic-level-row">
                    <MicLevel level={level} label="Level" />
                  </div>
                  {(micError ?? levelError) && (
                    <p className="error" role="alert">
                      {(micError ?? levelError)?.message}
                    </p>
                  )}
                  <MicTestPanel mic={mic} />
                </>
              ) : (
                <p className="guidance" role="note">
                  No microphone found. Connect one (or check that no other app holds it) and come back
                  to this screen. Without a microphone you can still browse and replay past sessions.
                </p>
              )}
              {children}
            </div>
          </section>
        </div>
      )}
    </AsyncView>
  );
}

type TestState =
  | { status: "idle" }
  | { status: "running"; startedAt: number }
  | { status: "done"; result: MicTest }
  | { status: "error"; error: CommandError };

/** The "say something" test: records a few seconds and shows what the speech model heard. */
function MicTestPanel({ mic }: { mic: string | null }) {
  const [state, setState] = useState<TestState>({ status: "idle" });
  const [now, setNow] = useState(() => Date.now());
  const running = state.status === "running";

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);

  const run = async () => {
    const startedAt = Date.now();
    setNow(startedAt);
    setState({ status: "running", startedAt });
    const answer = await settle(commands.micTest(mic, TEST_SECONDS));
    setState(answer.status === "ok" ? { status: "done", result: answer.data } : { status: "error", error: answer.error });
  };

  const left = running ? Math.max(0, TEST_SECONDS - Math.floor((now - state.startedAt) / 1000)) : 0;
  return (
    <div className="mic-test">
      <button type="button" className="secondary" onClick={() => void run()} disabled={running}>
        {state.status === "done" ? "Test again" : `Say something (${TEST_SECONDS} s test)`}
      </button>
      <div aria-live="polite" className="mic-test-result" data-testid="mic-test-result">
        {running &&
          (left > 0 ? (
            <p className="progress">
              <span className="spinner" aria-hidden="true" /> Listening… say a sentence ({left} s left)
            </p>
          ) : (
            <p className="progress">
              <span className="spinner" aria-hidden="true" /> Transcribing on this machine…
            </p>
          ))}
        {state.status === "done" &&
          (state.result.heard_speech ? (
            <>
              <span className="muted">Heard by {state.result.model}:</span>
              <blockquote data-testid="mic-test-transcript">{state.result.transcript}</blockquote>
            </>
          ) : (
            <p className="guidance" role="note">
              No words were recognised (loudest sound {Math.round(state.result.peak_db ?? SILENCE_DB)} dB). Speak
              closer to the microphone, check it is not muted, or choose another input device.
            </p>
          ))}
        {state.status === "error" && (
          <p className="error" role="alert">
            {state.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
