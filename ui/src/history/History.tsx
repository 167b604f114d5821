import { useEffect, useState } from "react";
import { commands, type SearchResult, type SessionRow_Serialize as SessionRow } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { dateTime } from "../lib/dates";
import { offset, score } from "../lib/format";
import { settle, type Loadable } from "../lib/ipc";
import { useCommand } from "../lib/useCommand";
import type { ScreenProps } from "../nav";
import { snippetParts } from "../replay/words";
import { DeleteAllData } from "./DeleteAllData";
import "./history.css";

const listSessions = () => commands.sessionsList();

/** Past sessions with their scores, search in every transcript, and deletion. */
export function History({ navigate }: ScreenProps) {
  const [sessions, reload] = useCommand(listSessions);
  const [query, setQuery] = useState("");
  const hits = useSearch(query);

  return (
    <main className="page wide history" aria-labelledby="history-title">
      <header className="screen-head">
        <h1 id="history-title">History</h1>
        <p className="muted">Every session you practised, kept on this computer.</p>
      </header>

      <section className="card" aria-labelledby="search-heading">
        <h2 id="search-heading">Search your answers</h2>
        <label htmlFor="transcript-search" className="visually-hidden">
          Words to find in your transcripts
        </label>
        <input
          id="transcript-search"
          type="search"
          className="text-input"
          placeholder="e.g. rate limiter"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
        />
        <SearchHits query={query} hits={hits} navigate={navigate} />
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <AsyncView state={sessions} loading="Loading sessions…" onRetry={reload}>
          {(list) =>
            list.length === 0 ? (
              <p className="empty">No sessions yet. Sessions you practise will be listed here.</p>
            ) : (
              <ul className="session-list" data-testid="session-list">
                {list.map((s) => (
                  <SessionItem
                    key={s.id}
                    session={s}
                    onOpen={() => navigate({ name: "replay", sessionId: s.id })}
                    onDeleted={reload}
                  />
                ))}
              </ul>
            )
          }
        </AsyncView>
      </section>

      <DeleteAllData onDeleted={reload} />
    </main>
  );
}

/** Searches as the user types, a moment after they stop. */
function useSearch(query: string): Loadable<SearchResult[]> | null {
  const [state, setState] = useState<Loadable<SearchResult[]> | null>(null);
  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setState(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setState({ status: "loading" });
      void settle(commands.sessionsSearch(text)).then((next) => {
        if (live) setState(next);
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  return state;
}

function SearchHits({
  query,
  hits,
  navigate,
}: {
  query: string;
  hits: Loadable<SearchResult[]> | null;
  navigate: ScreenProps["navigate"];
}) {
  if (!hits) return null;
  return (
    <AsyncView state={hits} loading="Searching…">
      {(found) => <HitList query={query} hits={found} navigate={navigate} />}
    </AsyncView>
  );
}

function HitList({
  query,
  hits,
  navigate,
}: {
  query: string;
  hits: SearchResult[];
  navigate: ScreenProps["navigate"];
}) {
  if (hits.length === 0) {
    return (
      <p role="status" className="muted">
        Nothing you said matches “{query.trim()}”.
      </p>
    );
  }
  return (
    <>
      <p role="status" className="visually-hidden">
        {hits.length} passages found
      </p>
      <ul className="hits" data-testid="search-hits">
        {hits.map((h, i) => (
          <li key={`${h.take_id}-${h.start_ms}-${i}`}>
            <button
              type="button"
              className="hit"
              onClick={() =>
                navigate({
                  name: "replay",
                  sessionId: h.session_id,
                  takeId: h.take_id,
                  atMs: h.start_ms,
                })
              }
            >
              <span className="hit-meta">
                {dateTime(h.session_started_at_ms)} · {h.question_text} · {offset(h.start_ms)}
              </span>
              <span className="hit-snippet">
                {snippetParts(h.snippet).map((p, j) =>
                  p.match ? <mark key={j}>{p.text}</mark> : <span key={j}>{p.text}</span>,
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function SessionItem({
  session,
  onOpen,
  onDeleted,
}: {
  session: SessionRow;
  onOpen: () => void;
  onDeleted: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = `${dateTime(session.started_at_ms)} · ${session.plan}`;

  const remove = async () => {
    setBusy(true);
    setError(null);
    const result = await settle(commands.sessionDelete(session.id));
    setBusy(false);
    if (result.status === "ok") {
      setConfirming(false);
      onDeleted();
    } else {
      setError(result.error.message);
    }
  };

  return (
    <li className="session-item" data-session-id={session.id}>
      <div className="session-main">
        <p className="session-title">{title}</p>
        <p className="muted">
          {session.level} · {session.questions} question{session.questions === 1 ? "" : "s"} ·{" "}
          {session.takes} take{session.takes === 1 ? "" : "s"}
        </p>
      </div>
      <p
        className="session-score"
        aria-label={
          session.overall === null ? "Not scored" : `Overall ${score(session.overall)} out of 5`
        }
      >
        {session.overall === null ? "–" : score(session.overall)}
      </p>
      <div className="session-actions">
        <button type="button" className="primary" onClick={onOpen} aria-label={`Replay ${title}`}>
          Replay
        </button>
        {!confirming && (
          <button
            type="button"
            className="secondary danger"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${title}`}
          >
            Delete
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label={`Delete ${title}?`}>
          <p>Delete this session, its transcripts, scores and recordings? This cannot be undone.</p>
          <button type="button" className="danger-solid" onClick={() => void remove()} disabled={busy}>
            {busy ? "Deleting…" : "Delete session"}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => setConfirming(false)}
            disabled={busy}
            autoFocus
          >
            Keep it
          </button>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </div>
      )}
    </li>
  );
}
