import logo from "./logo.svg";
import { useAppInfo } from "./useAppInfo";

export interface HomeProps {
  navigate?: import("../nav").Navigate;
  /** Starts a practice session; absent until the interview flow is wired into the shell. */
  onStartSession?: () => void;
}

/** The first screen: start a practice session, see recent ones, and where data lives. */
export function Home({ onStartSession }: HomeProps) {
  const appInfo = useAppInfo();
  const canStart = onStartSession !== undefined;

  return (
    <div className="page">
      <header className="masthead">
        <img className="logo" src={logo} alt="" width={40} height={40} />
        <div>
          <h1>Onsite</h1>
          <p className="tagline">
            Mock interviews for senior and staff engineers, entirely on this computer.
          </p>
        </div>
      </header>

      <main className="content">
        <section className="card start" aria-labelledby="start-heading">
          <h2 id="start-heading">Practice</h2>
          <p>
            Timed questions on system design, leadership, technical debt, incidents and
            ambiguity. Answer out loud; Onsite transcribes and scores each answer on this device.
          </p>
          <button
            type="button"
            className="primary"
            onClick={onStartSession}
            disabled={!canStart}
            aria-describedby={canStart ? undefined : "start-unavailable"}
          >
            Start a practice session
          </button>
          {!canStart && (
            <p id="start-unavailable" className="hint">
              Practice sessions are not available in this build yet.
            </p>
          )}
        </section>

        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent sessions</h2>
          <p className="empty">None yet. Sessions you practise will be listed here.</p>
        </section>
      </main>

      <footer className="footer">
        <p>Nothing leaves this computer: no account, no cloud, no telemetry.</p>
        {appInfo.status === "ok" && (
          <p className="meta">
            Version {appInfo.info.version} · Data folder{" "}
            <code data-testid="data-dir">{appInfo.info.data_dir}</code>
          </p>
        )}
        {appInfo.status === "error" && (
          <p role="alert" className="error" data-code={appInfo.error.code}>
            {appInfo.error.message}
          </p>
        )}
      </footer>
    </div>
  );
}
