import { getMeta, setMeta, statementText, type DB, type Entry } from './db.ts';
import { TF_WEIGHT, countKeys, type KeyCounts } from './entryfeatures.ts';
import { DF_BITS, indexOfKey, wordKey } from './keys.ts';
import type { DocFreq } from './stats.ts';
import { fileKey, sharedArray } from '../learn/shared-arrays.ts';
import { contentWords } from './text.ts';

/** Numbers before the arrays in the index's Uint32 buffer. */
const HEADER = 3;
/** Key words are chosen with this much to spare, so that float rounding never leaves one out. */
const SLACK = 1e-6;
/** In a key word's posting, the bit of an entry that needs only one of its key words. */
const NEEDS_ONE = 0x80000000;

/**
 * Whether a sentence has at least a floor's share of the words some KB entry states, IDF-weighted
 * (its claim and title, `statementWords`; the re-ranker's `dcov` counts the summary too),
 * answered without a search. Reports look up an article's sentences beyond its 8 places only then
 * (`restMinEntryCover`): at 0.6, 794 of the 12,704 body sentences with 4+ content words in the
 * 400 news-unlabeled articles pass (6.2%; 474 when the summary counted too).
 *
 * An entry's key words are its heaviest words, as many as it takes for their shares without the
 * heaviest to exceed 1 - floor. A sentence with at most one of them misses key words worth more
 * than 1 - floor, so it falls short of the floor. Only the entries with two of their key words in
 * the sentence are therefore checked, each against the sentence's words. An entry whose words
 * cannot add up so (mostly one heavy word and light ones) needs one key word, with key words
 * chosen so that their shares exceed 1 - floor. Summing every entry that shares any word with the
 * sentence gave the same answers at about 1.2 ms per article, most of it on long posting lists of common words; checking
 * every entry with one key word, 2.2 ms; with two, 0.65-0.77 ms (all three measured when the
 * summary counted too), 0.58 ms on statements (throwaway timings over the 400 news-unlabeled
 * articles, models/narratives/NOTES.md).
 *
 * Written by hand: it reads the statement words `kb build` stores (`storeEntryWords`) and the
 * KB's IDF weights (stats.ts), which FTS5 does not expose. About 3.7 MB for the full KB, shared by a pool's threads
 * (shared-arrays.ts).
 */
export class EntryCoverIndex {
  /** Distinct key words, ascending; the entries they are key words of are at keyStarts[i] .. keyStarts[i + 1] of keyRids. */
  private readonly keyWords: Uint32Array;
  private readonly keyStarts: Uint32Array;
  private readonly keyRids: Uint32Array;
  /** Every entry's words and their shares of its weight, at starts[rid] .. starts[rid + 1]. */
  private readonly starts: Uint32Array;
  private readonly words: Uint32Array;
  private readonly shares: Float32Array;
  /** This thread's scratch: the sentence's keys as bits, and per entry `round` + its key words met so far. */
  private bits: Uint32Array | null = null;
  private met: Uint32Array | null = null;
  private round = 0;

  /** `buf`: the header (key words, their postings, the largest row id), then the arrays in order. */
  private constructor(
    readonly floor: number,
    buf: Uint32Array,
    shares: Float32Array,
  ) {
    const [nKeys, nPostings, maxRid] = [buf[0]!, buf[1]!, buf[2]!];
    let at = HEADER;
    const take = (n: number) => buf.subarray(at, (at += n));
    this.keyWords = take(nKeys);
    this.keyStarts = take(nKeys + 1);
    this.keyRids = take(nPostings);
    this.starts = take(maxRid + 2);
    this.words = take(shares.length);
    this.shares = shares;
  }

  /** From the entries' statement words (`storeEntryWords`) and the KB's IDF weights. */
  static build(db: DB, df: DocFreq, floor: number): EntryCoverIndex {
    // Every entry's keys and shares, read once when this thread builds the index.
    let read: { rids: Uint32Array; ends: Uint32Array; keys: Uint32Array; shares: Float32Array; nKeyWords: number; nPostings: number; isKey: Uint8Array } | null = null;
    const readAll = () => {
      if (read) return read;
      const { rids, ends, keys, tf } = readEntryWords(db);
      const n = rids.length, total = keys.length;
      const shares = new Float32Array(total), isKey = new Uint8Array(total);
      const idf = df.idfs, seen = new Uint8Array(1 << DF_BITS);
      let nKeyWords = 0, nPostings = 0;
      const order: number[] = [];
      for (let e = 0, at = 0; e < n; at = ends[e++]!) {
        const m = ends[e]! - at;
        let sum = 0;
        for (let i = at; i < at + m; i++) sum += shares[i] = TF_WEIGHT[tf[i]!]! * idf[keys[i]!]!;
        for (let i = at; i < at + m; i++) shares[i] = sum ? shares[i]! / sum : 0;
        // Key words: the heaviest, until the others of them exceed 1 - floor without the heaviest
        // (a sentence needs two of them); an entry that cannot get there needs one, and its key
        // words stop once they exceed 1 - floor.
        order.length = 0;
        for (let i = 0; i < m; i++) order.push(at + i);
        order.sort((x, y) => shares[y]! - shares[x]!);
        const heaviest = m ? shares[order[0]!]! : 0;
        let need = 1, kept = 0, k = 0;
        while (k < m) {
          kept += shares[order[k++]!]!;
          if (kept - heaviest > 1 - floor + SLACK) {
            need = 2;
            break;
          }
        }
        if (need === 1) for (kept = 0, k = 0; k < m && kept <= 1 - floor + SLACK; k++) kept += shares[order[k]!]!;
        for (let j = 0; j < k; j++) {
          const i = order[j]!, key = keys[i]!;
          isKey[i] = need;
          nPostings++;
          if (!seen[key]) nKeyWords++;
          seen[key] = 1;
        }
      }
      return (read = { rids, ends, keys, shares, isKey, nKeyWords, nPostings });
    };
    const maxRidOf = (r: { rids: Uint32Array }) => (r.rids.length ? r.rids[r.rids.length - 1]! : 0);
    const length = () => {
      const r = readAll();
      return HEADER + 2 * r.nKeyWords + 1 + r.nPostings + maxRidOf(r) + 2 + r.keys.length;
    };
    const fill = (out: Uint32Array) => {
      const r = readAll(), maxRid = maxRidOf(r);
      out.set([r.nKeyWords, r.nPostings, maxRid]);
      let at = HEADER;
      const take = (n: number) => out.subarray(at, (at += n));
      const keyWords = take(r.nKeyWords), keyStarts = take(r.nKeyWords + 1), keyRids = take(r.nPostings), starts = take(maxRid + 2);
      take(r.keys.length).set(r.keys);
      // Postings per key word, then their starts in key order (a key's next free place kept per key).
      const next = new Uint32Array(1 << DF_BITS);
      r.keys.forEach((k, i) => r.isKey[i] && next[k]!++);
      let n = 0, p = 0;
      for (let k = 0; k < next.length; k++) {
        const c = next[k]!;
        if (!c) continue;
        keyWords[n] = k;
        keyStarts[n++] = p;
        next[k] = p;
        p += c;
      }
      keyStarts[n] = p;
      // starts[rid]: where the entry's words begin; row ids without an entry get empty ranges.
      for (let e = 0, rid = 0, from = 0; rid <= maxRid + 1; rid++) {
        starts[rid] = from;
        if (e < r.rids.length && r.rids[e] === rid) {
          // The top bit marks an entry that needs only one of its key words.
          for (let i = from; i < r.ends[e]!; i++) if (r.isKey[i]) keyRids[next[r.keys[i]!]!++] = (rid | (r.isKey[i] === 1 ? NEEDS_ONE : 0)) >>> 0;
          from = r.ends[e++]!;
        }
      }
    };
    if (db.memory) {
      const buf = new Uint32Array(length());
      fill(buf);
      return new EntryCoverIndex(floor, buf, read!.shares);
    }
    const key = `${fileKey(db.name, 'cover-index')}\u0000${floor}`;
    const buf = sharedArray(`${key}\u0000words`, Uint32Array, length, fill);
    const nWords = buf.length - (HEADER + 2 * buf[0]! + 1 + buf[1]! + buf[2]! + 2);
    return new EntryCoverIndex(floor, buf, sharedArray(`${key}\u0000shares`, Float32Array, nWords, (out) => out.set(readAll().shares)));
  }

  /** Whether some entry has at least the floor's share of its statement's words among `words` (content words). */
  reaches(words: readonly string[]): boolean {
    const bits = (this.bits ??= new Uint32Array((1 << DF_BITS) >>> 5));
    const met = (this.met ??= new Uint32Array(this.starts.length));
    // Each call counts from a new base (`round`), so that the counts need no clearing: with a list
    // of the entries met, cleared after, the loop below (about 330 postings a sentence) took about
    // 30% longer, and matching as a whole about 4% longer on new articles (throwaway timings).
    this.round += 4;
    if (this.round > 0xfffffff0) {
      met.fill(0);
      this.round = 4;
    }
    const round = this.round;
    const { keyWords, keyStarts, keyRids, starts, shares, floor } = this;
    const entryWords = this.words;
    // The sentence's distinct keys in the order met, each one's bit set as it comes.
    const keys: number[] = [];
    for (const w of words) {
      const k = wordKey(w), bit = 1 << (k & 31);
      if (bits[k >>> 5]! & bit) continue;
      bits[k >>> 5]! |= bit;
      keys.push(k);
    }
    let found = false;
    for (const k of keys) {
      const i = indexOfKey(keyWords, k);
      if (i < 0) continue;
      for (let j = keyStarts[i]!, end = keyStarts[i + 1]!; j < end; j++) {
        const v = keyRids[j]!, r = v & ~NEEDS_ONE;
        // Checked once, when it has as many of its key words as it needs (a count that stops at 2).
        const m = met[r]! >= round ? met[r]! - round : 0;
        if (m >= 2) continue;
        met[r] = round + m + 1;
        if (m + 1 !== (v & NEEDS_ONE ? 1 : 2)) continue;
        let share = 0;
        for (let w = starts[r]!, e = starts[r + 1]!; w < e; w++) {
          const key = entryWords[w]!;
          if (bits[key >>> 5]! & (1 << (key & 31))) share += shares[w]!;
        }
        if ((found = share >= floor - SLACK)) break;
      }
      if (found) break;
    }
    for (const k of keys) bits[k >>> 5] = 0;
    return found;
  }

}

/**
 * The words an entry states (its claim and title, `statementText`), with their counts: what a
 * sentence must have most of to be looked up beyond an article's 8 places, and to show the entry
 * there (`minEntryCover` in a search).
 */
export function statementWords(e: Pick<Entry, 'claim' | 'title'>): KeyCounts {
  return countKeys(contentWords(statementText(e)).map(wordKey));
}

/**
 * Meta key of every entry's statement words and counts, in one blob (`storeEntryWords`). Named
 * apart from the blob of all an entry's words that earlier builds stored (`entry_words`), which a
 * KB built then still holds: such a KB computes the statements instead.
 */
const ENTRY_WORDS = 'statement_words';

interface EntryWords {
  rids: Uint32Array;
  /** Entry e's keys are at ends[e - 1] (0 for the first) .. ends[e]. */
  ends: Uint32Array;
  keys: Uint32Array;
  tf: Uint8Array;
}

/**
 * Stores every entry's statement words and counts in one blob beside the index statistics (build
 * and import, `refreshStats`), about 1 MB: the index reads it in a few milliseconds, where
 * computing them from the entries' text takes longer.
 */
export function storeEntryWords(db: DB): void {
  const { rids, ends, keys, tf } = scanEntryWords(db);
  const head = Uint32Array.of(rids.length, keys.length);
  setMeta(db, ENTRY_WORDS, Buffer.concat([head, rids, ends, keys, tf].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
}

/** The blob `storeEntryWords` wrote, or (a KB built before it) the same computed from the entries. */
function readEntryWords(db: DB): EntryWords {
  const blob = getMeta(db, ENTRY_WORDS);
  if (!Buffer.isBuffer(blob) || blob.length < 8) return scanEntryWords(db);
  // A copy, so that the Uint32 views start aligned whatever the Buffer's offset.
  const bytes = Uint8Array.from(blob);
  const [n, total] = new Uint32Array(bytes.buffer, 0, 2) as unknown as [number, number];
  const u32 = new Uint32Array(bytes.buffer, 0, 2 + 2 * n + total);
  return { rids: u32.subarray(2, 2 + n), ends: u32.subarray(2 + n, 2 + 2 * n), keys: u32.subarray(2 + 2 * n), tf: bytes.subarray(4 * (2 + 2 * n + total)) };
}

function scanEntryWords(db: DB): EntryWords {
  const rids: number[] = [], ends: number[] = [], keys: number[] = [], tf: number[] = [];
  for (const [rid, claim, title] of db.prepare('SELECT rid, claim, title FROM entries ORDER BY rid').raw().iterate() as Iterable<[number, string | null, string]>) {
    const c = statementWords({ claim, title });
    for (let i = 0; i < c.keys.length; i++) keys.push(c.keys[i]!), tf.push(c.tf[i]!);
    rids.push(rid);
    ends.push(keys.length);
  }
  return { rids: Uint32Array.from(rids), ends: Uint32Array.from(ends), keys: Uint32Array.from(keys), tf: Uint8Array.from(tf) };
}
