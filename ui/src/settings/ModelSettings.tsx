import { useCallback, useState } from "react";
import { commands, type ModelsView_Serialize as ModelsView } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { bytes } from "../lib/dates";
import { settle } from "../lib/ipc";
import { useCommand } from "../lib/useCommand";
import { ModelPresets } from "./ModelPresets";

const listModels = () => commands.modelsList();

type Action =
  | { status: "idle" }
  | { status: "busy"; what: string }
  | { status: "ok"; message: string }
  | { status: "error"; message: string };

/** Speech models: the presets (measured, installable), which are installed, import one from a path, verify, choose. */
export function ModelSettings() {
  const [models, reload] = useCommand(listModels);
  // Bumped when the installed list changes here, so the presets are read again (and the other way round).
  const [changes, setChanges] = useState(0);
  const [path, setPath] = useState("");
  const [action, setAction] = useState<Action>({ status: "idle" });
  const busy = action.status === "busy";

  const run = useCallback(
    async (what: string, work: () => Promise<string>) => {
      setAction({ status: "busy", what });
      try {
        setAction({ status: "ok", message: await work() });
      } catch (cause) {
        setAction({ status: "error", message: String((cause as Error).message ?? cause) });
      }
      reload();
      setChanges((c) => c + 1);
    },
    [reload],
  );

  const importModel = () =>
    run("Importing the model (converting a CTranslate2 model takes a while)…", async () => {
      const result = await settle(commands.modelImport(path));
      if (result.status === "error") throw new Error(result.error.message);
      setPath("");
      return `Imported ${result.data.name} (${bytes(result.data.size_bytes)}).`;
    });

  const verify = (name: string) =>
    run(`Checking ${name}…`, async () => {
      const result = await settle(commands.modelVerify(name));
      if (result.status === "error") throw new Error(result.error.message);
      return result.data.newly_recorded
        ? `${name}: no checksum was recorded; sha256 ${result.data.sha256.slice(0, 16)}… is now recorded.`
        : `${name} is intact (sha256 ${result.data.sha256.slice(0, 16)}… matches).`;
    });

  const choose = (name: string | null) =>
    run("Saving…", async () => {
      const result = await settle(commands.modelChoose(name));
      if (result.status === "error") throw new Error(result.error.message);
      return `${name ?? "The default model"} will be used from the next model load.`;
    });

  return (
    <div className="model-settings">
      <ModelPresets refresh={changes} onChanged={reload} />

      <section className="card" aria-labelledby="models-heading">
        <h2 id="models-heading">Installed models</h2>
        <AsyncView state={models} loading="Looking for models…" onRetry={reload}>
          {(view) => <ModelTable view={view} busy={busy} onVerify={verify} onChoose={choose} />}
        </AsyncView>
      </section>

      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading">Import a model</h2>
        <form
          className="import-form"
          onSubmit={(e) => {
            e.preventDefault();
            void importModel();
          }}
        >
          <label htmlFor="model-path" className="field-label">
            Path of a CTranslate2 Whisper folder or a whisper.cpp ggml file
          </label>
          <input
            id="model-path"
            className="text-input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/you/Downloads/ggml-base.en.bin"
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="primary" disabled={busy || path.trim() === ""}>
            Import
          </button>
        </form>
        <p className="hint">The model is copied (or converted) into the data folder's models/ with its checksum.</p>
      </section>

      <div aria-live="polite">
        {action.status === "busy" && (
          <p role="status" className="muted">
            <progress aria-label={action.what} /> {action.what}
          </p>
        )}
        {action.status === "ok" && <p className="ok">{action.message}</p>}
        {action.status === "error" && (
          <p role="alert" className="error">
            {action.message}
          </p>
        )}
      </div>
    </div>
  );
}

function ModelTable({
  view,
  busy,
  onVerify,
  onChoose,
}: {
  view: ModelsView;
  busy: boolean;
  onVerify: (name: string) => void;
  onChoose: (name: string | null) => void;
}) {
  if (view.models.length === 0) {
    return (
      <p className="empty">
        No speech model found. Import one below, or run models/fetch-default. Searched:{" "}
        {view.searched.join(", ")}.
      </p>
    );
  }
  const chosen = view.chosen ?? view.models.find((m) => m.default)?.name ?? null;
  return (
    <table className="models" data-testid="models-table">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Size</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {view.models.map((m) => (
          <tr key={m.path}>
            <th scope="row">
              {m.name}
              {m.name === chosen && <span className="chip">in use</span>}
              <br />
              <code className="path">{m.path}</code>
            </th>
            <td>{bytes(m.size_bytes)}</td>
            <td>{m.valid ? (m.shadowed ? "hidden by an earlier file" : "ready") : <span className="error">{m.error}</span>}</td>
            <td className="row-actions">
              <button type="button" className="secondary" disabled={busy} onClick={() => onVerify(m.name)}>
                Verify<span className="visually-hidden"> {m.name}</span>
              </button>
              {m.valid && !m.shadowed && m.name !== chosen && (
                <button type="button" className="secondary" disabled={busy} onClick={() => onChoose(m.default ? null : m.name)}>
                  Use<span className="visually-hidden"> {m.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
