/** Finding the word being spoken at a moment of a take. */
export interface Timed {
  start_ms: number;
  end_ms: number;
}

/**
 * Index of the word spoken at `ms`: the last word that started at or before it, as long as
 * the next one has not started (so the highlight stays on a word through the short gap after
 * it). -1 before the first word. `words` must be in time order.
 */
export function wordAt(words: readonly Timed[], ms: number): number {
  let lo = 0;
  let hi = words.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const word = words[mid];
    if (word === undefined) break;
    if (word.start_ms <= ms) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** How far before a chosen word a seek may land (the decoder lands on a frame, not a time). */
export const SEEK_LANDING_MS = 250;

/**
 * The word to light at `ms`: `chosen` (the word last clicked) until playback reaches a word
 * that starts after it or goes back before it, else the word being spoken. Several words can
 * share a start time (Whisper squeezes the last words of a cut-off answer together); without
 * the choice, the last of them would light whichever was clicked.
 */
export function litWord(words: readonly Timed[], ms: number, chosen: number | null): number {
  const at = wordAt(words, ms);
  const kept = chosen === null ? undefined : words[chosen];
  if (chosen === null || kept === undefined) return at;
  const moved = (words[at]?.start_ms ?? -Infinity) > kept.start_ms;
  const before = ms < kept.start_ms - SEEK_LANDING_MS;
  return moved || before ? at : chosen;
}

/** A search snippet (`…matched [words] here…`) split into plain and matched parts. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const pattern = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = pattern.exec(snippet); m !== null; m = pattern.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? "", match: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts;
}
