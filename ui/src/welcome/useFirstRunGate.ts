import { useEffect, useState } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";
import type { Route } from "../nav";

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
    void settle(commands.firstRunStatus()).then((answer) => {
      if (!live) return;
      if (answer.status === "error") {
        open({ name: "welcome", problem: answer.error.message });
      } else if (answer.data.show) {
        open(answer.data.problem ? { name: "welcome", problem: answer.data.problem } : { name: "welcome" });
      }
      setDeciding(false);
    });
    return () => {
      live = false;
    };
  }, [open]);
  return deciding;
}
