import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { commands, type QuestionView_Serialize as QuestionView, type SessionView_Serialize as SessionView, type TakeView_Serialize as TakeView } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { dateTime } from "../lib/dates";
import { score } from "../lib/format";
import { useCommand } from "../lib/useCommand";
import type { ScreenProps } from "../nav";
import { ExportReport } from "./ExportReport";
import { ReplayFeedback } from "./ReplayFeedback";
import { ScorePanel } from "./ScorePanel";
import { TakePlayer, type TakePlayerHandle } from "./TakePlayer";
import "./replay.css";

export interface ReplayProps extends ScreenProps {
  sessionId: string;
  takeId?: number;
  compareTakeId?: number;
  /** Start playback here (ms into the take), e.g. from a search hit. */
  atMs?: number;
}

/**
 * The replay studio: a session's takes with the recording beside the transcript, the rubric's
 * markers on a timeline, the feedback linked to the moments it quotes, and two takes of the
 * same question side by side.
 */
export function Replay({ navigate, sessionId, takeId, compareTakeId, atMs }: ReplayProps) {
  const load = useCallback(() => commands.sessionDetail(sessionId), [sessionId]);
  const [session, reload] = useCommand(load);

  return (
    <main className="page wide replay" aria-labelledby="replay-title">
      <header className="screen-head">
        <button type="button" className="link back" onClick={() => navigate({ name: "history" })}>
          ← History
        </button>
        <h1 id="replay-title">Replay</h1>
        {session.status === "ok" && (
          <p className="muted">
            {dateTime(session.data.started_at_ms)} · {session.data.plan} · {session.data.level}
          </p>
        )}
        {session.status === "ok" && <ExportReport sessionId={sessionId} />}
      </header>
      <AsyncView state={session} loading="Loading the session…" onRetry={reload}>
        {(data) => (
          <Studio
            session={data}
            takeId={takeId}
            compareTakeId={compareTakeId}
            atMs={atMs}
            onSelect={(take, compare) =>
              navigate({ name: "replay", sessionId, takeId: take, compareTakeId: compare })
            }
          />
        )}
      </AsyncView>
    </main>
  );
}

interface StudioProps {
  session: SessionView;
  takeId?: number;
  compareTakeId?: number;
  atMs?: number;
  onSelect: (takeId: number, compareTakeId?: number) => void;
}

function Studio({ session, takeId, compareTakeId, atMs, onSelect }: StudioProps) {
  const all = useMemo(
    () => session.questions.flatMap((q) => q.takes.map((t) => ({ question: q, take: t }))),
    [session],
  );
  const chosen = all.find((x) => x.take.take_id === takeId) ?? all[0];
  const player = useRef<TakePlayerHandle>(null);
  const [pendingSeek, setPendingSeek] = useState(atMs);

  useEffect(() => {
    if (pendingSeek === undefined || !player.current) return;
    player.current.seek(pendingSeek);
    setPendingSeek(undefined);
  }, [pendingSeek, chosen?.take.take_id]);

  if (!chosen) {
    return <p className="empty">This session has no recorded answers.</p>;
  }
  const { question, take } = chosen;
  const others = question.takes.filter((t) => t.take_id !== take.take_id);
  const compare = others.find((t) => t.take_id === compareTakeId);

  return (
    <div className="studio">
      <nav className="take-list" aria-label="Questions and takes">
        <ol>
          {session.questions.map((q) => (
            <li key={q.position}>
              <p className="q-text">{q.text}</p>
              <ul className="takes">
                {q.takes.map((t) => (
                  <li key={t.take_id}>
                    <button
                      type="button"
                      className="take-button"
                      aria-current={t.take_id === take.take_id ? "true" : undefined}
                      onClick={() => onSelect(t.take_id)}
                    >
                      Take {t.attempt}
                      {t.score && <span className="chip">{score(t.score.overall)}</span>}
                      {t.status === "recovered" && <span className="chip warn">recovered</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </nav>

      <div className="stage">
        <h2 className="question-title">{question.text}</h2>
        {take.follow_ups.length > 0 && (
          <p className="muted">Follow-up asked: {take.follow_ups.join(" · ")}</p>
        )}
        {others.length > 0 && (
          <CompareControl
            question={question}
            take={take}
            compare={compare}
            onCompare={(id) => onSelect(take.take_id, id)}
          />
        )}
        {compare ? (
          <div className="side-by-side" data-testid="compare">
            <Column take={take} label={`Take ${take.attempt}`} />
            <Column take={compare} label={`Take ${compare.attempt}`} />
          </div>
        ) : (
          <div className="single">
            <TakePlayer
              key={take.take_id}
              ref={player}
              take={take}
              label={`Take ${take.attempt}`}
            />
            <ReplayFeedback
              takeId={take.take_id}
              score={take.score}
              headingId={`feedback-${take.take_id}`}
              onEvidence={(ms) => player.current?.seek(ms)}
              onElement={(id) => player.current?.showElement(id)}
            />
          </div>
        )}
      </div>
    </div>
  );
}

function Column({ take, label }: { take: TakeView; label: string }) {
  const player = useRef<TakePlayerHandle>(null);
  return (
    <div className="column">
      <h3>
        {label}
        {take.score && <span className="chip">{score(take.score.overall)} / 5</span>}
      </h3>
      <TakePlayer key={take.take_id} ref={player} take={take} label={label} compact />
      <ScorePanel
        score={take.score}
        headingId={`feedback-${take.take_id}-c`}
        onEvidence={(ms) => player.current?.seek(ms)}
      />
    </div>
  );
}

interface CompareControlProps {
  question: QuestionView;
  take: TakeView;
  compare?: TakeView;
  onCompare: (takeId?: number) => void;
}

function CompareControl({ question, take, compare, onCompare }: CompareControlProps) {
  const others = question.takes.filter((t) => t.take_id !== take.take_id);
  return (
    <div className="compare-control">
      <label htmlFor="compare-with">Compare with</label>
      <select
        id="compare-with"
        value={compare ? String(compare.take_id) : ""}
        onChange={(e) => onCompare(e.target.value ? Number(e.target.value) : undefined)}
      >
        <option value="">No comparison</option>
        {others.map((t) => (
          <option key={t.take_id} value={t.take_id}>
            Take {t.attempt}
            {t.score ? ` (${score(t.score.overall)})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}
