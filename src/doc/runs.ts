/**
 * The longest run of characters without white space that wink-nlp reads whole. Its readDoc takes
 * time quadratic in such a run's length (12.5 K characters: 0.2 s, 50 K: 2.7 s, 100 K: 11 s),
 * so one long "word" pinned a worker. Up to this length the cost per character stays flat (a
 * URL or a long compound is far shorter); a longer run is read as pieces of at most this length.
 */
export const MAX_RUN = 256;

// A run start (no white space before it) followed by more than MAX_RUN characters: the lookbehind
// keeps the scan linear, where a plain \S{n,} would retry from every character of every run.
const LONG_RUN = new RegExp(`(?<!\\S)\\S{${MAX_RUN + 1},}`, 'g');

/**
 * The text as wink-nlp should read it: a space inserted every MAX_RUN characters of a longer run
 * (never between the halves of a surrogate pair), and where the spaces went. Without long runs
 * the text itself is returned, with no cuts.
 */
export function cutLongRuns(text: string): { view: string; cuts: number[] } {
  const cuts: number[] = [];
  const parts: string[] = [];
  let from = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    const end = m.index + m[0].length;
    for (let at = m.index + MAX_RUN; at < end; at += MAX_RUN) {
      if (isLowSurrogate(text.charCodeAt(at))) at--;
      parts.push(text.slice(from, at));
      // The space's offset in the view: the text before it plus the spaces already inserted.
      cuts.push(at + cuts.length);
      from = at;
    }
  }
  if (!cuts.length) return { view: text, cuts };
  parts.push(text.slice(from));
  return { view: parts.join(' '), cuts };
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Maps offsets in the view back to the text, for offsets that never decrease (tokens in order):
 * each inserted space before an offset shifts it by one.
 */
export function toTextOffsets(cuts: readonly number[]): (viewOffset: number) => number {
  let k = 0;
  return (v) => {
    while (k < cuts.length && cuts[k]! < v) k++;
    return v - k;
  };
}
