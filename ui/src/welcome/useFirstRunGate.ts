import { useEffect, useState } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";
import type { Route } from "../nav";

/**
 * How long the start waits for `first_run_status` before drawing home anyway. The store
 * answers in milliseconds; a store busy past this (recovering a crashed take, say) must not
 * leave a blank window. The guide then shows on a later start, since nothing was saved.
 */
export const DECIDE_WAIT_MS = 2000;

/**
 * Asks once, on start, whether the first-run guide should show, and opens it through `open`
 * when it should. Returns true while the answer is pending, so the app does not flash home
 * before the guide. Any failure shows the guide (which can be skipped): a user is never kept
 * from the app by a setting that cannot be read.
 */
export function useFirstRunGate(open: (route: Route) => void): boolean {
  const [deciding, setDeciding] = useState(true);
  useEffect(() => {
    let live = true;
    let decided = false;
    const late = setTimeout(() => {
      decided = true;
      setDeciding(false);
    }, DECIDE_WAIT_MS);
    void settle(commands.firstRunStatus()).then((answer) => {
      // Too late: the user may already be using home; do not pull them into the guide.
      if (!live || decided) return;
      decided = true;
      clearTimeout(late);
      if (answer.status === "error") {
        open({ name: "welcome", problem: answer.error.message });
      } else if (answer.data.show) {
        open(answer.data.problem ? { name: "welcome", problem: answer.data.problem } : { name: "welcome" });
      }
      setDeciding(false);
    });
    return () => {
      live = false;
      clearTimeout(late);
    };
  }, [open]);
  return deciding;
}
