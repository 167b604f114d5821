import { useEffect, useRef } from "react";

/** Key (as in `KeyboardEvent.key`, letters lower-case) → what it does now; absent = nothing. */
export type Shortcuts = Partial<Record<" " | "r" | "n" | "w" | "Escape", () => void>>;

/**
 * The interview room's keys: Space, R, N, W and Esc. They never fire while the user types in a
 * field, with a modifier held, inside the whiteboard, or (Space) on a focused control, whose own
 * activation wins.
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      // The whiteboard's own keys (R draws a rectangle, Space pans) must not stop or retry.
      if (event.target instanceof Element && event.target.closest("[data-whiteboard]")) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (key === " " && isControl(event.target)) return;
      const action = current.current[key as keyof Shortcuts];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset", "range"].includes(target.type);
  }
  return false;
}

function isControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target instanceof HTMLButtonElement ||
      target instanceof HTMLAnchorElement ||
      target instanceof HTMLInputElement ||
      target.getAttribute("role") === "button")
  );
}
