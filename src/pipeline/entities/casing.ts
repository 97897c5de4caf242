import { readFileSync, writeFileSync } from 'node:fs';
import { lowerOf, normalizeWord, positionFeatures } from './features.ts';

/**
 * How a word is usually written where casing is free (mid-sentence): 'C' capitalised (a name),
 * 'L' lower case, 'M' mixed. Lets the tagger tell a name from an ordinary word where casing
 * says nothing: sentence-initial words and all-capitals headlines. Counted on unlabelled news.
 */
export type CasingLexicon = ReadonlyMap<string, string>;

const LETTER = /^\p{L}/u;
const UPPER = /^\p{Lu}/u;
// After these, a capital is not informative (a quote, a colon, a dash may start a sentence).
const OPENERS = new Set(['"', "'", ':', '(', '-', '--', '.', '?', '!', ';', '[']);

export class CasingCounter {
  private readonly counts = new Map<string, [number, number]>();

  /** Counts each word that stands where casing is free: not first, not after an opener, not in an all-caps line. */
  add(words: readonly string[]): void {
    const norm = words.map(normalizeWord);
    if (positionFeatures(norm).capsLine) return;
    for (let i = 1; i < norm.length; i++) {
      const w = norm[i]!;
      if (!LETTER.test(w) || OPENERS.has(norm[i - 1]!)) continue;
      const key = lowerOf(w);
      const c = this.counts.get(key) ?? [0, 0];
      c[UPPER.test(w) ? 0 : 1]++;
      this.counts.set(key, c);
    }
  }

  /** Words seen at least `minCount` times, with their usual casing. */
  lexicon(minCount = 2): Map<string, string> {
    const out = new Map<string, string>();
    for (const [word, [cap, low]] of this.counts) {
      const n = cap + low;
      if (n < minCount) continue;
      out.set(word, cap >= 0.9 * n ? 'C' : low >= 0.9 * n ? 'L' : 'M');
    }
    return out;
  }
}

export function saveCasing(path: string, lexicon: CasingLexicon): void {
  const lines = [...lexicon].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, c]) => `${w}\t${c}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

export function loadCasing(path: string): CasingLexicon {
  const out = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) out.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return out;
}
