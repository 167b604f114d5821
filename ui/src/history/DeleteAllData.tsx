import { useState } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";

/** What must be typed to delete everything (the shell checks it too). */
export const CONFIRMATION = "DELETE ALL MY DATA";

/**
 * "Delete all my data": every session, recording and setting. Asks for the confirmation phrase
 * to be typed, so that it cannot happen by a slip of the mouse.
 */
export function DeleteAllData({ onDeleted }: { onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [state, setState] = useState<
    { status: "idle" } | { status: "busy" } | { status: "done" } | { status: "error"; message: string }
  >({ status: "idle" });

  const run = async () => {
    setState({ status: "busy" });
    const result = await settle(commands.dataDeleteAll({ confirmation: typed }));
    if (result.status === "ok") {
      setState({ status: "done" });
      setOpen(false);
      setTyped("");
      onDeleted();
    } else {
      setState({ status: "error", message: result.error.message });
    }
  };

  return (
    <section className="card danger-zone" aria-labelledby="delete-all-heading">
      <h2 id="delete-all-heading">Delete all my data</h2>
      <p>
        Removes every session, transcript, score, recording and setting from this computer.
        Speech models and the app's log stay.
      </p>
      {state.status === "done" && (
        <p role="status" className="ok">
          All your data was deleted.
        </p>
      )}
      {!open ? (
        <button type="button" className="secondary danger" onClick={() => setOpen(true)}>
          Delete all my data…
        </button>
      ) : (
        <form
          className="confirm"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <label htmlFor="delete-all-confirm">
            Type <strong>{CONFIRMATION}</strong> to confirm
          </label>
          <input
            id="delete-all-confirm"
            className="text-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            autoFocus
          />
          <button
            type="submit"
            className="danger-solid"
            disabled={typed !== CONFIRMATION || state.status === "busy"}
          >
            {state.status === "busy" ? "Deleting…" : "Delete everything"}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setOpen(false);
              setTyped("");
              setState({ status: "idle" });
            }}
          >
            Cancel
          </button>
          {state.status === "error" && (
            <p role="alert" className="error">
              {state.message}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
