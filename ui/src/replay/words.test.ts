import { describe, expect, it } from "vitest";
import { litWord, snippetParts, wordAt } from "./words";

const words = [
  { start_ms: 100, end_ms: 400 },
  { start_ms: 500, end_ms: 900 },
  { start_ms: 2000, end_ms: 2300 },
];

describe("wordAt", () => {
  it("finds the word being spoken, holding it through the gap after it", () => {
    expect(wordAt(words, 0)).toBe(-1);
    expect(wordAt(words, 100)).toBe(0);
    expect(wordAt(words, 450)).toBe(0);
    expect(wordAt(words, 500)).toBe(1);
    expect(wordAt(words, 1500)).toBe(1);
    expect(wordAt(words, 99_999)).toBe(2);
    expect(wordAt([], 10)).toBe(-1);
  });
});

describe("snippetParts", () => {
  it("splits the store's [match] markers into marked parts", () => {
    expect(snippetParts("…we [shard] the [counters] by key")).toEqual([
      { text: "…we ", match: false },
      { text: "shard", match: true },
      { text: " the ", match: false },
      { text: "counters", match: true },
      { text: " by key", match: false },
    ]);
    expect(snippetParts("no match")).toEqual([{ text: "no match", match: false }]);
  });
});

describe("litWord", () => {
  // The tail of a cut-off answer: Whisper gave its last words one start time.
  const squeezed = [
    { start_ms: 9960, end_ms: 10480 },
    { start_ms: 10550, end_ms: 10550 },
    { start_ms: 10550, end_ms: 10550 },
    { start_ms: 10550, end_ms: 10550 },
  ];

  it("keeps the clicked word lit while playback stays at its start time", () => {
    expect(litWord(squeezed, 10550, 1)).toBe(1);
    expect(litWord(squeezed, 10550, 2)).toBe(2);
    // The seek landed on a frame just before it.
    expect(litWord(squeezed, 10500, 2)).toBe(2);
  });

  it("follows playback once it moves to another word, or with nothing chosen", () => {
    expect(litWord(squeezed, 10000, 2)).toBe(0);
    expect(litWord(squeezed, 10550, null)).toBe(3);
    expect(litWord(words, 600, 0)).toBe(1);
  });
});
