import { COMPETENCIES, competencyName } from "../lib/competencies";
import { shortDate } from "../lib/dates";
import { score } from "../lib/format";
import type { Navigate } from "../nav";
import type { Story, StoryBank as StoryBankData } from "./data";

/** What story to prepare for a competency no story has shown yet. */
export const PREPARE: Record<string, string> = {
  technical_depth:
    "a hard technical problem you went deep on: what you measured, what you changed, what it proved",
  architectural_thinking:
    "a design you shaped: the constraints, the options you weighed and why you chose one",
  leadership_influence:
    "a decision you changed without owning it: whom you convinced, how, and what happened",
  pragmatism: "a time you cut scope or chose the simpler path to ship, and what that cost",
  ownership: "something you owned end to end, including a failure you fixed and what you changed after",
  communication:
    "a time you explained something complex to people outside engineering, and what it made possible",
};

/** STAR stories found in behavioural answers, grouped by story, and what to prepare next. */
export function StoryBank({ bank, navigate }: { bank: StoryBankData; navigate: Navigate }) {
  const missing = COMPETENCIES.filter((c) => bank.competencies_without_story.includes(c.id));
  return (
    <div className="story-bank">
      {bank.stories.length === 0 ? (
        <section className="card">
          <p className="empty" data-testid="stories-empty">
            Your story bank collects the stories you tell in behavioural answers ("tell me about a
            time…"): each story once, with every answer that retold it and the competencies it
            showed. {bank.behavioural_answers === 0
              ? "No behavioural answer is scored yet."
              : `None of your ${bank.behavioural_answers} behavioural answers told a story with a situation and what you did yet.`}
          </p>
          <button type="button" className="primary" onClick={() => navigate({ name: "home" })}>
            Practise a behavioural question
          </button>
        </section>
      ) : (
        <p className="muted">
          {bank.stories.length} {bank.stories.length === 1 ? "story" : "stories"} in{" "}
          {bank.behavioural_answers} behavioural {bank.behavioural_answers === 1 ? "answer" : "answers"}.
          Answers that share people, systems, numbers and words are grouped as one story.
        </p>
      )}
      {missing.length > 0 && (
        <section className="card prepare" aria-labelledby="prepare-title" data-testid="prepare">
          <h3 id="prepare-title">No story yet for</h3>
          <ul>
            {missing.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong>: prepare {PREPARE[c.id] ?? "a story that shows it"}.
              </li>
            ))}
          </ul>
        </section>
      )}
      {bank.stories.map((s) => (
        <StoryCard key={s.id} story={s} navigate={navigate} />
      ))}
    </div>
  );
}

function StoryCard({ story, navigate }: { story: Story; navigate: Navigate }) {
  const id = `story-${story.id}`;
  const told = story.answers.length;
  const shared = [...story.entities.names, ...story.entities.people, ...story.entities.numbers];
  return (
    <article className="card story" aria-labelledby={id} data-testid="story">
      <h3 id={id}>{story.title}</h3>
      <p className="muted small">
        Told {told === 1 ? "once" : `${told} times`}
        {shared.length > 0 && ` · about ${shared.slice(0, 8).join(", ")}`}
      </p>
      <p className="story-covered">
        {story.covered.length === 0
          ? "Covers no competency at the bar (3/5) yet."
          : "Covers: "}
        {story.covered.map((c) => (
          <span key={c} className="chip">
            {competencyName(c)} {score(story.competencies[c])}
          </span>
        ))}
      </p>
      <ul className="story-answers">
        {story.answers.map((a) => (
          <li key={a.take_id}>
            <span className="story-question">{a.question_text}</span>{" "}
            <span className="muted small">
              {shortDate(a.started_at_ms)} · overall {score(a.overall)} · {starLabel(a.star)}
            </span>{" "}
            <button
              type="button"
              className="link"
              onClick={() => navigate({ name: "replay", sessionId: a.session_id, takeId: a.take_id })}
              aria-label={`Replay the answer to “${a.question_text}”`}
            >
              Replay
            </button>
          </li>
        ))}
      </ul>
    </article>
  );
}

/** Which STAR parts the answer had, e.g. "S·T·A·R" or "S·A (no result)". */
export function starLabel(star: Story["answers"][number]["star"]): string {
  const parts = [
    star.situation && "S",
    star.task && "T",
    star.action && "A",
    star.result && "R",
  ].filter(Boolean);
  return `STAR ${parts.join("·")}${star.result ? "" : " (no result)"}`;
}
