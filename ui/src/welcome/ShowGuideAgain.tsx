import type { Navigate } from "../nav";

/** Settings' way back into the first-run guide. */
export function ShowGuideAgain({ navigate }: { navigate: Navigate }) {
  return (
    <div className="card show-guide-again">
      <p className="field-label">Welcome guide</p>
      <p className="hint" id="show-guide-hint">
        What Onsite does, where your data lives, a device check and a first session.
      </p>
      <button
        type="button"
        className="secondary"
        aria-describedby="show-guide-hint"
        onClick={() => navigate({ name: "welcome" })}
      >
        Show the welcome guide again
      </button>
    </div>
  );
}
