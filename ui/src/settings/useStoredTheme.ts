import { useEffect } from "react";
import { commands } from "../bindings";
import { settle } from "../lib/ipc";
import { applyTheme } from "../lib/theme";

/** Applies the theme saved in Settings once the app starts (the system's until then). */
export function useStoredTheme(): void {
  useEffect(() => {
    let live = true;
    void settle(commands.settingsGet()).then((result) => {
      if (live && result.status === "ok") applyTheme(result.data.theme);
    });
    return () => {
      live = false;
    };
  }, []);
}
