import { useEffect, useState } from "react";
import { commands, type AppInfo, type CommandError } from "../bindings";

export type AppInfoState =
  | { status: "loading" }
  | { status: "ok"; info: AppInfo }
  | { status: "error"; error: CommandError };

/** Asks the shell once for the version and data folder. */
export function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    commands
      .appInfo()
      .then((result) => {
        if (!live) return;
        setState(
          result.status === "ok"
            ? { status: "ok", info: result.data }
            : { status: "error", error: result.error },
        );
      })
      .catch((cause: unknown) => {
        // Framework failures (a denied permission, a missing command) reject with a string.
        if (live) {
          setState({
            status: "error",
            error: { code: "ipc_failed", message: String(cause) },
          });
        }
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
