import "./home.css";
import { commands } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import type { StartRequest } from "../lib/live";
import { useCommand } from "../lib/useCommand";
import type { Navigate } from "../nav";
import logo from "./logo.svg";
import { RecentSessions } from "./RecentSessions";
import { StartForm } from "./StartForm";

const appInfo = () => commands.appInfo();

export interface HomeProps {
  navigate: Navigate;
}

/** The first screen: start a practice session, see recent ones, and where data lives. */
export function Home({ navigate }: HomeProps) {
  const [info] = useCommand(appInfo);

  // The device check comes first; it carries the request on to the interview room.
  const start = (request: StartRequest) => navigate({ name: "device-check", start: request });

  return (
    <div className="page home">
      <header className="masthead">
        <img className="logo" src={logo} alt="" width={40} height={40} />
        <div>
          <h1>Onsite</h1>
          <p className="tagline">
            Mock interviews for senior and staff engineers: answer out loud, get scored feedback,
            all on this computer.
          </p>
        </div>
      </header>

      <main className="home-grid">
        <section className="card start" aria-labelledby="start-heading">
          <h2 id="start-heading">Practice</h2>
          <StartForm onStart={start} />
        </section>

        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent sessions</h2>
          <RecentSessions navigate={navigate} />
        </section>
      </main>

      <footer className="footer">
        <p>Nothing leaves this computer: no account, no cloud, no telemetry.</p>
        <AsyncView state={info}>
          {(app) => (
            <p className="meta">
              Version {app.version} · Data folder <code data-testid="data-dir">{app.data_dir}</code>
            </p>
          )}
        </AsyncView>
      </footer>
    </div>
  );
}
