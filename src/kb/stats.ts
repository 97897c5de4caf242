import { hash32 } from '../learn/linear.ts';
import { getMeta, matchText, setMeta, type DB, type Entry } from './db.ts';
import { contentWords, stem } from './text.ts';

/*
 * Document frequencies for the re-ranker's TF-IDF cosines, hashed into a fixed table so they
 * fit in one BLOB of the KB and need no vocabulary. Collisions only blur rare n-grams' weights.
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
  const t = ` ${contentWords(text).join(' ')} `;
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

export class DocFreq {
  constructor(readonly n: number, readonly df: Uint32Array) {}

  idf(key: number): number {
    return Math.log((this.n + 1) / (this.df[key]! + 1)) + 1;
  }

  static compute(db: DB): DocFreq {
    const df = new Uint32Array(1 << DF_BITS);
    let n = 0;
    const seen = new Set<number>();
    for (const e of db.prepare('SELECT * FROM entries').iterate() as Iterable<Entry>) {
      n++;
      seen.clear();
      const text = matchText(e);
      for (const w of contentWords(text)) seen.add(wordKey(w));
      for (const k of gramKeys(text)) seen.add(k);
      for (const k of seen) df[k]!++;
    }
    return new DocFreq(n, df);
  }

  save(db: DB): void {
    setMeta(db, 'df_n', String(this.n));
    setMeta(db, 'df', Buffer.from(this.df.buffer, this.df.byteOffset, this.df.byteLength));
  }

  static load(db: DB): DocFreq | null {
    const buf = getMeta(db, 'df');
    if (!Buffer.isBuffer(buf)) return null;
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    return new DocFreq(Number(getMeta(db, 'df_n')), new Uint32Array(copy.buffer));
  }
}

/** Recomputes the statistics after the entries changed (build, import). */
export function refreshStats(db: DB): void {
  db.transaction(() => DocFreq.compute(db).save(db))();
}
