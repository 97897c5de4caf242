import { hash32 } from '../learn/linear.ts';
import { contentWords, stem } from './text.ts';

/*
 * Hashed keys of words and character n-grams: the re-ranker's TF-IDF vectors and the KB's
 * document frequencies are indexed by them, so neither needs a vocabulary.
 */
export const DF_BITS = 20;
const MASK = (1 << DF_BITS) - 1;

export const wordKey = (w: string) => hash32(`w:${stem(w)}`) & MASK;
export const gramKey = (g: string) => hash32(`c:${g}`) & MASK;

const FNV_C = hash32('c:');
/**
 * The keys of `charNgrams(text)` (one per occurrence), hashed in place: the same values as
 * `gramKey` on each n-gram, without building the n-gram strings (the hot loop of build and search).
 */
export function gramKeys(text: string, lo = 3, hi = 5): number[] {
  return gramKeysOf(contentWords(text), lo, hi);
}

/** `gramKeys` of a text whose content words are already at hand. */
export function gramKeysOf(contentWords: string[], lo = 3, hi = 5): number[] {
  const t = ` ${contentWords.join(' ')} `;
  const out: number[] = [];
  for (let i = 0; i + lo <= t.length; i++) {
    let h = FNV_C;
    let nonSpace = 0;
    for (let n = 1; n <= hi && i + n <= t.length; n++) {
      const ch = t.charCodeAt(i + n - 1);
      if (ch !== 32) nonSpace++;
      h ^= ch;
      h = Math.imul(h, 0x01000193);
      // charNgrams skips n-grams with fewer than 2 non-space characters.
      if (n >= lo && nonSpace >= 2) out.push((h >>> 0) & MASK);
    }
  }
  return out;
}

/** Position of key `k` in ascending `keys` (a vector's or an index's), or -1: a binary search. */
export function indexOfKey(keys: Uint32Array, k: number): number {
  let lo = 0, hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1, v = keys[mid]!;
    if (v === k) return mid;
    if (v < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
