import { useEffect, useState, type FormEvent } from "react";
import { AsyncView } from "../lib/AsyncView";
import { live, type InterviewOptions, type StartRequest } from "../lib/live";
import { useCommand } from "../lib/useCommand";
import { DocumentField } from "./DocumentField";

export interface StartFormProps {
  onStart: (request: StartRequest) => void;
}

/** Plan, level, tracks, optional résumé and job description, captions: a session to start. */
export function StartForm({ onStart }: StartFormProps) {
  const [options, reload] = useCommand(live.interviewOptions);

  return (
    <AsyncView
      state={options}
      loading="Loading interview plans…"
      spinner
      failed="Interview plans could not be loaded"
      onRetry={reload}
    >
      {(data) => <Form options={data} onStart={onStart} />}
    </AsyncView>
  );
}

function Form({ options, onStart }: { options: InterviewOptions; onStart: StartFormProps["onStart"] }) {
  const [plan, setPlan] = useState(options.plans[0]?.id ?? "");
  const [level, setLevel] = useState(options.levels[0] ?? "senior");
  const [tracks, setTracks] = useState<string[]>([]);
  const [resume, setResume] = useState("");
  const [job, setJob] = useState("");
  const [captions, setCaptions] = useState(false);
  const [showDocs, setShowDocs] = useState(false);

  useEffect(() => {
    if (!options.plans.some((p) => p.id === plan)) setPlan(options.plans[0]?.id ?? "");
  }, [options, plan]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!plan) return;
    onStart({
      plan,
      level,
      tracks,
      resume_text: resume.trim() ? resume : null,
      job_text: job.trim() ? job : null,
      captions,
      camera: null,
      mic: null,
    });
  };

  const toggleTrack = (id: string, on: boolean) =>
    setTracks((ts) => (on ? [...ts, id] : ts.filter((t) => t !== id)));

  return (
    <form className="start-form" onSubmit={submit} aria-labelledby="start-heading">
      <fieldset className="plans">
        <legend>Plan</legend>
        {options.plans.map((p) => (
          <label key={p.id} className={`plan${plan === p.id ? " chosen" : ""}`}>
            <input
              type="radio"
              name="plan"
              value={p.id}
              checked={plan === p.id}
              onChange={() => setPlan(p.id)}
            />
            <span className="plan-title">
              <span className="plan-name">{p.name}</span>{" "}
              <span className="plan-meta">
                {p.minutes} min · {p.questions} {p.questions === 1 ? "question" : "questions"}
              </span>
            </span>
            <span className="plan-desc">{p.description}</span>
          </label>
        ))}
      </fieldset>

      <div className="form-row">
        <div className="inline-group" role="radiogroup" aria-labelledby="level-label">
          <span id="level-label" className="group-label">
            Level
          </span>
          {options.levels.map((l) => (
            <label key={l} className="choice">
              <input
                type="radio"
                name="level"
                value={l}
                checked={level === l}
                onChange={() => setLevel(l)}
              />
              {capitalise(l)}
            </label>
          ))}
        </div>

        <label className="choice">
          <input
            type="checkbox"
            checked={captions}
            onChange={(e) => setCaptions(e.currentTarget.checked)}
            aria-describedby="captions-hint"
          />
          Live captions while I answer
        </label>
        <span id="captions-hint" className="hint muted">
          (off by default; feedback follows each answer)
        </span>
      </div>

      <details className="focus">
        <summary>
          Focus on particular tracks
          <span className="muted">
            {tracks.length === 0 ? " (optional: the plan's mix)" : ` (${tracks.length} chosen)`}
          </span>
        </summary>
        <fieldset className="inline">
          <legend className="visually-hidden">Focus tracks</legend>
          {options.tracks.map((t) => (
            <label key={t.id} className="choice">
              <input
                type="checkbox"
                value={t.id}
                checked={tracks.includes(t.id)}
                onChange={(e) => toggleTrack(t.id, e.currentTarget.checked)}
              />
              {t.name}
            </label>
          ))}
        </fieldset>
      </details>

      <div className="start-row">
        <button type="submit" className="primary" disabled={!plan}>
          Start a practice session
        </button>
        {!showDocs && (
          <button
            type="button"
            className="link"
            aria-expanded={false}
            onClick={() => setShowDocs(true)}
          >
            Tailor to a résumé or job description…
          </button>
        )}
      </div>

      {showDocs && (
        <div className="documents">
          <DocumentField
            label="Résumé"
            hint="Paste your résumé, or choose a .txt, .md, .pdf or .docx file"
            value={resume}
            onChange={setResume}
          />
          <DocumentField
            label="Job description"
            hint="Paste the job description, or choose a file"
            value={job}
            onChange={setJob}
          />
          <p className="hint muted">Used on this computer only, to pick questions that fit.</p>
        </div>
      )}
    </form>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
