import { useCallback, useEffect, useState } from "react";
import { settle, type CommandResult, type Loadable } from "./ipc";

/**
 * Runs a read-only command when the component mounts (and again on `reload()`), as a
 * `Loadable` for `AsyncView`. `call` must be stable (a module-level function or a
 * `useCallback`). `update` changes the loaded value in place, for a screen that saved a change
 * and knows the result without reading it again.
 */
export function useCommand<T>(
  call: () => Promise<CommandResult<T>>,
): [Loadable<T>, () => void, (change: (data: T) => T) => void] {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void settle(call()).then((next) => {
      if (live) setState(next);
    });
    return () => {
      live = false;
    };
  }, [call, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((s) => (s.status === "ok" ? { status: "ok", data: change(s.data) } : s)),
    [],
  );
  return [state, reload, update];
}
