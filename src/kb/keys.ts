import { hash32 } from '../learn/linear.ts';
import { contentWords } from './text.ts';

/*
 * Hashed keys of words and character n-grams: the re-ranker's TF-IDF vectors and the KB's
 * document frequencies are indexed by them, so neither needs a vocabulary.
 */
export const DF_BITS = 20;
const MASK = (1 << DF_BITS) - 1;

/** hash32's multiplier (FNV-1a), and its state after "w:", the prefix of every word key. */
const FNV_PRIME = 0x01000193;
const AFTER_W = hash32('w:');

/**
 * A word's key: `hash32("w:" + stem(w))`, computed without building either string (the suffix
 * rules of `stem` read from the word's last letters). Every sentence an article looks up or tests
 * keys its 20-odd words. With the strings and `stem`'s regular expressions, matching took about
 * 10% longer on articles new to the process, and with the keys kept in a Map once computed about
 * 8% longer (throwaway A/Bs over the 400 news-unlabeled articles). The keys are the same:
 * keys.test.ts compares them.
 */
export function wordKey(w: string): number {
  const n = w.length;
  let end = n, y = false;
  if (n > 4 && !hasDigit(w)) {
    const c1 = w.charCodeAt(n - 1), c2 = w.charCodeAt(n - 2), c3 = w.charCodeAt(n - 3);
    // (ies|ied)$ -> y; then (ing|ed|es|s|ly)$ goes, the longest that fits, so after a y only "ly".
    if (c3 === 0x69 && c2 === 0x65 && (c1 === 0x73 || c1 === 0x64)) {
      end = n - 3;
      y = true;
      if (w.charCodeAt(end - 1) === 0x6c) {
        end--;
        y = false;
      }
    } else if (c3 === 0x69 && c2 === 0x6e && c1 === 0x67) end = n - 3;
    else if ((c2 === 0x65 && (c1 === 0x64 || c1 === 0x73)) || (c2 === 0x6c && c1 === 0x79)) end = n - 2;
    else if (c1 === 0x73) end = n - 1;
  }
  let h = AFTER_W;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
  if (y) h = Math.imul(h ^ 0x79, FNV_PRIME);
  return (h >>> 0) & MASK;
}

function hasDigit(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

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
      h = Math.imul(h, FNV_PRIME);
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
