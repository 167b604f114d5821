import { useState } from "react";
import { commands, type VoiceOption_Serialize as VoiceOption } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { useCommand } from "../lib/useCommand";
import { VoiceSample } from "../interview/VoiceSample";
import { voiceCommands } from "../interview/voice";

const getSettings = () => commands.settingsGet();
const getStatus = () => commands.voiceStatus();
const getVoices = () => commands.voiceList();

/** The interviewer's voice: on or off, which voice, its speed, and a sample to hear it. */
export function VoiceSettings() {
  const [settings, reload, update] = useCommand(getSettings);
  const [status, reloadStatus] = useCommand(getStatus);
  const [voices] = useCommand(getVoices);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const missing = status.status === "ok" && status.data.state === "missing";

  const save = async (on: boolean | null, speed: number) => {
    setError(null);
    setSaved(null);
    const result = await voiceCommands.setSettings(on, speed);
    if (result.status === "ok") {
      update((s) => ({ ...s, voice_on: on, voice_speed: speed }));
      setSaved("Voice saved.");
    } else {
      setError(result.error.message);
    }
  };

  /** `name` null: the default voice. */
  const choose = async (name: string | null) => {
    setError(null);
    setSaved(null);
    const result = await voiceCommands.choose(name);
    if (result.status === "ok") {
      update((s) => ({ ...s, voice_name: name }));
      reloadStatus();
      setSaved("Voice saved.");
    } else {
      setError(result.error.message);
    }
  };

  const saveTurns = async (handsFree: boolean | null, silence: number) => {
    setError(null);
    setSaved(null);
    const result = await voiceCommands.setTurns(handsFree, silence);
    if (result.status === "ok") {
      update((s) => ({ ...s, hands_free: handsFree, end_silence_s: silence }));
      setSaved("Turns saved.");
    } else {
      setError(result.error.message);
    }
  };

  return (
    <AsyncView state={settings} loading="Loading settings…" onRetry={reload}>
      {(s) => {
        const speed = s.voice_speed ?? 1;
        const on = s.voice_on ?? !missing;
        return (
          <fieldset className="card voice-settings">
            <legend>Interviewer's voice</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={on}
                onChange={(e) => void save(e.target.checked, speed)}
                data-testid="voice-on"
              />
              Ask the questions aloud
            </label>
            {missing && (
              <p className="hint" data-code={status.status === "ok" ? status.data.error?.code : undefined}>
                No voice is installed (run <code>make setup</code>, or reinstall Onsite): questions are
                shown as text.
              </p>
            )}
            {voices.status === "ok" && (
              <VoiceChoice voices={voices.data} chosen={s.voice_name ?? null} onChoose={(n) => void choose(n)} />
            )}
            <label htmlFor="voice-speed" className="field-label">
              Speed: {speed.toFixed(2)}×
            </label>
            <input
              id="voice-speed"
              type="range"
              min={s.voice_speed_min ?? 0.5}
              max={s.voice_speed_max ?? 2}
              step={0.05}
              value={speed}
              onChange={(e) => void save(s.voice_on, Number(e.target.value))}
            />
            <VoiceSample speed={speed} />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={s.hands_free ?? on}
                onChange={(e) => void saveTurns(e.target.checked, s.end_silence_s)}
                data-testid="hands-free"
              />
              Hands-free: the answer starts when you start speaking after the question, and ends
              after a silence
            </label>
            <label htmlFor="end-silence" className="field-label">
              Silence that ends an answer: {s.end_silence_s} s
            </label>
            <input
              id="end-silence"
              type="range"
              min={s.end_silence_min}
              max={s.end_silence_max}
              step={1}
              value={s.end_silence_s}
              onChange={(e) => void saveTurns(s.hands_free, Number(e.target.value))}
            />
            {saved && <p className="hint">{saved}</p>}
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
          </fieldset>
        );
      }}
    </AsyncView>
  );
}

/**
 * The installed voices (Piper voices, then the espeak-ng fallback) by the names `onsite say
 * --voice` takes; one that cannot be used is listed with why, and cannot be chosen.
 */
function VoiceChoice({
  voices,
  chosen,
  onChoose,
}: {
  voices: VoiceOption[];
  chosen: string | null;
  onChoose: (name: string | null) => void;
}) {
  const fallback = voices.find((v) => v.default)?.name ?? "";
  return (
    <>
      <label htmlFor="voice-name" className="field-label">
        Voice
      </label>
      <select
        id="voice-name"
        data-testid="voice-choice"
        value={chosen ?? fallback}
        onChange={(e) => {
          const picked = voices.find((v) => v.name === e.target.value);
          onChoose(picked && !picked.default ? picked.name : null);
        }}
      >
        {chosen === null && fallback === "" && <option value="">The default voice (not installed)</option>}
        {voices.map((v) => (
          <option key={v.name} value={v.name} disabled={v.problem !== null}>
            {v.name}: {v.label}
            {v.default ? " (default)" : ""}
            {v.problem ? ` (cannot be used: ${v.problem.message})` : ""}
          </option>
        ))}
      </select>
    </>
  );
}
