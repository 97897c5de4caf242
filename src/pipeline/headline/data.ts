import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../../learn/data.ts';
import { hash32 } from '../../learn/linear.ts';

export interface Headline {
  text: string;
  /** 1 = clickbait. */
  label: 0 | 1;
}

const lines = (f: string) =>
  readFileSync(join(DATA_DIR, 'clickbait', f), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

const key = (t: string) => t.toLowerCase().replace(/\s+/g, ' ');

/**
 * Chakraborty et al. 2016 headlines, one per line per class. Headlines listed in both files
 * (or twice) are kept once, and dropped when the two files disagree.
 */
export function readClickbait(): Headline[] {
  const seen = new Map<string, Headline | null>();
  for (const [file, label] of [['clickbait_data.txt', 1], ['non_clickbait_data.txt', 0]] as const) {
    for (const text of lines(file)) {
      const k = key(text);
      const prev = seen.get(k);
      if (prev === undefined) seen.set(k, { text, label });
      else if (prev && prev.label !== label) seen.set(k, null);
    }
  }
  return [...seen.values()].filter((h): h is Headline => h !== null);
}

/** Our held-out 20%, by a hash of the normalised headline so duplicates land on the same side. */
export const isClickbaitTest = (h: Headline): boolean => hash32(`cb:${key(h.text)}`) % 5 === 0;

/**
 * The same headline in other casings, for measuring how much a score depends on casing: outlets
 * write headlines in sentence case, Title Case or capitals, and a feed may lower-case them.
 */
export const CASINGS: Record<string, (s: string) => string> = {
  'lower case': (s) => s.toLowerCase(),
  'sentence case': (s) => {
    const l = s.toLowerCase();
    return l.charAt(0).toUpperCase() + l.slice(1);
  },
  'Every Word Capitalised': (s) => s.replace(/\p{L}[\p{L}'’]*/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  'CAPITALS': (s) => s.toUpperCase(),
};
