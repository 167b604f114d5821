/** Small, locale-independent formatting shared by the screens. */

/** `125_400` → `"2:06"` (rounded up, so a countdown shows 0:00 only at the end). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, "0")}`;
}

/** A rubric score (1.0–5.0) with one decimal; an en dash when there is none. */
export function score(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : value.toFixed(1);
}

/** `3.4` → `60` (% of the 1–5 scale), for bar widths; 0 without a score. */
export function scorePercent(value: number | null | undefined): number {
  if (value === null || value === undefined || Number.isNaN(value)) return 0;
  return Math.round(((Math.min(5, Math.max(1, value)) - 1) / 4) * 100);
}

/** A whole number, or an en dash when unknown. */
export function count(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? "–"
    : value.toFixed(digits);
}

/** Milliseconds into the answer, `"0:42"`, for evidence links. */
export function offset(ms: number): string {
  return clock(Math.floor(ms / 1000) * 1000);
}

/** An ISO or RFC 3339 timestamp as a short local date and time. */
export function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
