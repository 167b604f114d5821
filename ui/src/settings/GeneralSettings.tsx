import { useState } from "react";
import { commands, type AppSettings_Serialize as AppSettings, type Theme } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { settle, type CommandResult } from "../lib/ipc";
import { applyTheme } from "../lib/theme";
import { useCommand } from "../lib/useCommand";

const getSettings = () => commands.settingsGet();
const listPacks = () => commands.rubricPacks();

/** Theme, transcription threads, rubric pack and the data folder. */
export function GeneralSettings() {
  const [settings, reload, updateSettings] = useCommand(getSettings);
  const [packs, reloadPacks] = useCommand(listPacks);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async (
    what: string,
    call: () => Promise<CommandResult<null>>,
    update: (s: AppSettings) => AppSettings,
  ) => {
    setSaved(null);
    setError(null);
    const result = await settle(call());
    if (result.status === "ok") {
      updateSettings(update);
      setSaved(`${what} saved.`);
    } else {
      setError(result.error.message);
    }
  };

  return (
    <AsyncView state={settings} loading="Loading settings…" onRetry={reload}>
      {(s) => (
        <div className="settings-grid">
          <fieldset className="card">
            <legend>Theme</legend>
            {(["system", "light", "dark"] as Theme[]).map((theme) => (
              <label key={theme} className="radio">
                <input
                  type="radio"
                  name="theme"
                  value={theme}
                  checked={s.theme === theme}
                  onChange={() => {
                    applyTheme(theme);
                    void save("Theme", () => commands.settingsSetTheme(theme), (x) => ({ ...x, theme }));
                  }}
                />
                {theme === "system" ? "Follow the system" : theme === "light" ? "Light" : "Dark"}
              </label>
            ))}
          </fieldset>

          <div className="card">
            <label htmlFor="threads" className="field-label">
              Transcription threads
            </label>
            <select
              id="threads"
              className="text-input"
              value={s.threads === null || s.threads === undefined ? "" : String(s.threads)}
              onChange={(e) => {
                const threads = e.target.value ? Number(e.target.value) : null;
                void save(
                  "Threads",
                  () => commands.settingsSetThreads(threads),
                  (x) => ({ ...x, threads }),
                );
              }}
              aria-describedby="threads-hint"
            >
              <option value="">Automatic</option>
              {Array.from({ length: s.max_threads }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <p id="threads-hint" className="hint">
              CPU threads Whisper uses. More is faster; fewer leaves room for recording. Applies from
              the next model load.
            </p>
          </div>

          <div className="card">
            <label htmlFor="rubric-pack" className="field-label">
              Rubric pack
            </label>
            <AsyncView state={packs} loading="Loading packs…" onRetry={reloadPacks}>
              {(view) => (
                <>
                  <select
                    id="rubric-pack"
                    className="text-input"
                    value={s.rubric_pack ?? ""}
                    onChange={(e) => {
                      const name = e.target.value || null;
                      void save(
                        "Rubric pack",
                        () => commands.rubricChoose(name),
                        (x) => ({ ...x, rubric_pack: name }),
                      );
                    }}
                    aria-describedby="rubric-hint"
                  >
                    <option value="">Built-in default</option>
                    {view.packs
                      .filter((p) => !p.builtin)
                      .map((p) => (
                        <option key={p.name} value={p.name}>
                          {p.label}
                        </option>
                      ))}
                  </select>
                  <p id="rubric-hint" className="hint">
                    Add packs as .toml files in <code>{view.folder}</code>. New answers are scored
                    with the chosen pack.
                  </p>
                  {view.problem && (
                    <p role="alert" className="error">
                      {view.problem}
                    </p>
                  )}
                </>
              )}
            </AsyncView>
          </div>

          <div className="card">
            <p className="field-label">Data folder</p>
            <p>
              <code data-testid="settings-data-dir">{s.data_dir}</code>
            </p>
            <p className="hint">
              Everything Onsite keeps is in this folder. To use another, start Onsite with
              ONSITE_DATA_DIR set to it.
            </p>
          </div>

          <div aria-live="polite" className="save-status">
            {saved && <p className="ok">{saved}</p>}
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
          </div>
        </div>
      )}
    </AsyncView>
  );
}
