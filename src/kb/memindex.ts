import Database from 'better-sqlite3';
import { stemmer } from 'stemmer';
import { kbArray } from '../learn/shared-arrays.ts';
import { metaArray, putMetaArray } from './meta-arrays.ts';
import type { DB } from './db.ts';

/*
 * FTS5's own BM25, computed in memory. An FTS5 `MATCH ... ORDER BY rank` query looks up the
 * stored length of every row that contains any query word (one B-tree search each), which cost
 * 5-8 ms per claim. Here the posting lists and the row lengths sit in arrays loaded at start,
 * and the ranking is a few thousand additions. The scores are the numbers FTS5 returns (to
 * within 1e-9, a test checks), so the re-ranker trained on FTS5 candidates sees the same inputs.
 *
 * The posting lists are FTS5's, copied into meta BLOBs whenever the index changes
 * (`storePostings`), and read whole at start (660k postings, 4 MB, about 10 ms): reading a
 * word's list back from FTS5 as a query first met it (fts5vocab's instances, grouped by row)
 * took about 0.11 ms a word, a third of what matching cost on articles new to the process. (One
 * table row per term, tried first, took 100-150 ms to read at start.)
 */

/** The index terms (newline-joined), then per term where its postings start, every posting's row (Int32) and term count (Uint16). */
const TERMS = 'postings_terms', OFFSETS = 'postings_offsets', ROWS = 'postings_rows', COUNTS = 'postings_counts';

/** Rewrites the posting lists from the FTS5 index (`kb build`, `kb import`; inside their transaction). */
export function storePostings(db: DB): void {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances_v USING fts5vocab(main, 'entries_fts', 'instance')");
  const terms: string[] = [], offsets: number[] = [0], rows: number[] = [], counts: number[] = [];
  for (const [t, doc, n] of db.prepare('SELECT term, doc, count(*) FROM temp.fts_instances_v GROUP BY term, doc ORDER BY term, doc').raw().iterate() as Iterable<[string, number, number]>) {
    if (t !== terms[terms.length - 1]) {
      if (terms.length) offsets.push(rows.length);
      terms.push(t);
    }
    rows.push(doc);
    counts.push(Math.min(n, 65535));
  }
  offsets.push(rows.length);
  if (!terms.length) offsets.pop();
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(TERMS, terms.join('\n'));
  putMetaArray(db, OFFSETS, Int32Array.from(offsets));
  putMetaArray(db, ROWS, Int32Array.from(rows));
  putMetaArray(db, COUNTS, Uint16Array.from(counts));
}

/**
 * A word FTS5's tokenizer ('porter unicode61 remove_diacritics 2') keeps as one token and hands
 * to Porter's algorithm as it is: lower-case ASCII letters and digits, at most 64 of them (longer
 * tokens pass unstemmed). For these the npm `stemmer` package (the same algorithm) gives FTS5's
 * term: checked on every such word of the KB's entries and the news sample, 40,830 of 40,830 the
 * same (models/narratives/NOTES.md). Other words go through a scratch FTS5 table, which cost
 * about 20 microseconds a word.
 */
const PLAIN_WORD = /^[a-z0-9]{1,64}$/;

const K1 = 1.2;
const B = 0.75;
const MAX_CACHED_TERMS = 50000;

interface Postings {
  rids: Int32Array;
  tfs: Uint16Array;
}

const NO_POSTINGS: Postings = { rids: new Int32Array(0), tfs: new Uint16Array(0) };

/** SQLite's varint (big-endian 7-bit groups, the 9th byte whole), as FTS5 stores row sizes. */
function varint(buf: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < 9 && i < buf.length; i++) {
    const byte = buf[i]!;
    if (i === 8) return v * 256 + byte;
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) return v;
  }
  return v;
}

export interface RankedRow {
  rid: number;
  bm25: number;
}

/** FTS5's order: lower bm25 first; ties by rowid. */
const before = (bm25: number, rid: number, o: RankedRow) => bm25 < o.bm25 || (bm25 === o.bm25 && rid < o.rid);

export class MemIndex {
  /** Every index term's place in `offsets`; its rows and counts are `rids`/`tfs` from there. */
  private readonly termIndex = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly rids: Int32Array;
  private readonly tfs: Uint16Array;
  /** Per posting, BM25's weight of the term in that row before its IDF: tf (k1 + 1) / (tf + k1 (1 - b + b length / average length)). */
  private readonly weights: Float64Array;
  private readonly stems = new Map<string, string | null>();
  private readonly probe: Database.Database;
  private readonly probeInsert;
  private readonly probeTerms;
  private readonly probeInstances;
  private readonly probeClear;
  /** Token count of each row, by rowid. */
  readonly lengths: Uint32Array;
  readonly kbOf: string[];
  readonly nRows: number;
  readonly avgLength: number;
  /** Score accumulator by rowid, zeroed after each query (reused: no allocation per query). */
  private acc: Float64Array | null = null;
  /** The rows a query touched, first `n` of them (reused likewise). */
  private touched: Int32Array | null = null;

  constructor(db: DB) {
    // Rows are iterated, not fetched with .all(): holding 34k row arrays and blobs at once left
    // about 35 MB more RSS in every process and batch thread after they were freed.
    const maxRid = (db.prepare('SELECT max(id) FROM entries_fts_docsize').pluck().get() as number | null) ?? 0;
    this.lengths = new Uint32Array(maxRid + 1);
    let total = 0;
    let rows = 0;
    for (const [id, sz] of db.prepare('SELECT id, sz FROM entries_fts_docsize').raw().iterate() as Iterable<[number, Uint8Array]>) {
      const n = varint(sz);
      this.lengths[id] = n;
      total += n;
      rows++;
    }
    this.nRows = rows;
    this.avgLength = this.nRows ? total / this.nRows : 1;
    this.kbOf = [];
    for (const [rid, kb] of db.prepare('SELECT rid, kb FROM entries').raw().iterate() as Iterable<[number, string]>) this.kbOf[rid] = kb;
    // The lists are shared by the threads of a pool (the first reads them); each keeps its own term index.
    const joined = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(TERMS) as string | undefined;
    const terms = joined ? joined.split('\n') : [];
    terms.forEach((term, i) => this.termIndex.set(term, i));
    const offsets = metaArray(db, OFFSETS, Int32Array), rids = metaArray(db, ROWS, Int32Array), tfs = metaArray(db, COUNTS, Uint16Array);
    if (!offsets || !rids || !tfs || offsets.length !== terms.length + 1 || rids.length !== tfs.length || offsets[terms.length] !== rids.length) {
      throw new Error('knowledge base has no posting lists: rebuild it with `unspin kb build`');
    }
    [this.offsets, this.rids, this.tfs] = [offsets, rids, tfs];
    // BM25's weight of every posting before its IDF, computed once and shared by a pool's threads
    // (8 bytes a posting, 5.3 MB for the full KB). Ranking the queries of the 400 news-unlabeled
    // articles took about two thirds of the time of the per-row length term it replaces (86-91 ->
    // 55-62 ms, throwaway A/B, 2026-11-28, "Under the bar on new text" in
    // models/narratives/NOTES.md); dropped then for `npm run bench:batch`'s 600 MB bar, taken up
    // again when the word vectors shrank by 6 MB ("The student in the encoder's principal
    // directions, …"). A score differs from the per-row form's in its last bits only.
    const norm = (K1 * B) / this.avgLength, lengths = this.lengths;
    this.weights = kbArray(db, 'bm25-weights', Float64Array, rids.length, (out) => {
      for (let i = 0; i < rids.length; i++) {
        const tf = tfs[i]!;
        out[i] = (tf * (K1 + 1)) / (tf + K1 * (1 - B) + norm * lengths[rids[i]!]!);
      }
    });
    // The words of a query must be stemmed exactly as FTS5 stemmed the rows: plain words by the
    // same algorithm (PLAIN_WORD), the others by a scratch FTS5 table with the same tokenizer.
    this.probe = new Database(':memory:');
    this.probe.exec(`CREATE VIRTUAL TABLE p USING fts5(body, content = '', tokenize = 'porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE pv USING fts5vocab(p, 'row');
      CREATE VIRTUAL TABLE pi USING fts5vocab(p, 'instance');`);
    this.probeInsert = this.probe.prepare('INSERT INTO p(rowid, body) VALUES (?, ?)');
    this.probeTerms = this.probe.prepare('SELECT term FROM pv').pluck();
    this.probeInstances = this.probe.prepare('SELECT doc, term FROM pi').raw();
    this.probeClear = this.probe.prepare("INSERT INTO p(p) VALUES ('delete-all')");
  }

  /** The index term FTS5 makes of one query word (null when the word yields no single term). */
  term(word: string): string | null {
    let t = this.stems.get(word);
    if (t === undefined) {
      if (PLAIN_WORD.test(word)) t = stemmer(word);
      else {
        this.probeInsert.run(1, word);
        const terms = this.probeTerms.all() as string[];
        this.probeClear.run();
        t = terms.length === 1 ? terms[0]! : null;
      }
      this.remember(word, t);
    }
    return t;
  }

  /**
   * The words of `words` that `term` stems in JavaScript (PLAIN_WORD) whose term differs from the
   * one FTS5's own tokenizer makes of them, asked of the scratch table: the check behind
   * PLAIN_WORD, run by `npm run eval -- narratives`.
   */
  stemsDifferingFromFts5(words: Iterable<string>): { checked: number; differ: string[] } {
    const plain = [...new Set(words)].filter((w) => PLAIN_WORD.test(w));
    const differ: string[] = [];
    for (let i = 0; i < plain.length; i += 500) {
      const chunk = plain.slice(i, i + 500);
      chunk.forEach((w, j) => this.probeInsert.run(j + 1, w));
      const fts = new Map<number, string>();
      for (const [doc, term] of this.probeInstances.all() as Array<[number, string]>) fts.set(doc, term);
      this.probeClear.run();
      chunk.forEach((w, j) => {
        if (fts.get(j + 1) !== stemmer(w)) differ.push(w);
      });
    }
    return { checked: plain.length, differ };
  }

  /** Empties the stem cache (`KbSearcher.forget`). */
  forget(): void {
    this.stems.clear();
  }

  private remember(word: string, term: string | null): void {
    if (this.stems.size > MAX_CACHED_TERMS) this.stems.clear();
    this.stems.set(word, term);
  }

  /**
   * Stems every word not seen before in one pass (one row per word, then one read of the
   * scratch table's instances): a new article brings dozens of new words, and probing each
   * alone cost three statements.
   */
  private stemNew(words: string[]): void {
    const fresh = [...new Set(words.filter((w) => !PLAIN_WORD.test(w) && !this.stems.has(w)))];
    if (fresh.length < 2) return;
    fresh.forEach((w, i) => this.probeInsert.run(i + 1, w));
    const byDoc = new Map<number, Set<string>>();
    for (const [doc, term] of this.probeInstances.all() as Array<[number, string]>) {
      let ts = byDoc.get(doc);
      if (!ts) byDoc.set(doc, (ts = new Set()));
      ts.add(term);
    }
    this.probeClear.run();
    // As `term`: a word is one index term only when it yields exactly one.
    fresh.forEach((w, i) => {
      const ts = byDoc.get(i + 1);
      this.remember(w, ts && ts.size === 1 ? [...ts][0]! : null);
    });
  }

  private postingsOf(term: string): Postings {
    const i = this.termIndex.get(term);
    if (i === undefined) return NO_POSTINGS;
    const from = this.offsets[i]!, to = this.offsets[i + 1]!;
    return { rids: this.rids.subarray(from, to), tfs: this.tfs.subarray(from, to) };
  }

  /** Every index term with its document frequency (about 20k terms), from the posting lists. */
  private vocabulary: Map<string, number> | null = null;

  vocab(): Map<string, number> {
    if (!this.vocabulary) {
      this.vocabulary = new Map();
      for (const [term, i] of this.termIndex) this.vocabulary.set(term, this.offsets[i + 1]! - this.offsets[i]!);
    }
    return this.vocabulary;
  }

  /**
   * Document frequencies of many words at once (as FTS5 counts them, after its stemming),
   * without reading posting lists: word segmentation asks about substrings of unknown words.
   */
  docFreqs(words: string[]): number[] {
    this.stemNew(words);
    const vocab = this.vocab();
    return words.map((w) => {
      const t = this.term(w);
      return t ? (vocab.get(t) ?? 0) : 0;
    });
  }

  /** Document frequency of a query word as FTS5 counts it. */
  df(word: string): number {
    const t = this.term(word);
    return t ? this.postingsOf(t).rids.length : 0;
  }

  /**
   * Rows containing any of the words, best first, scored as FTS5's bm25() scores an OR of
   * single-word phrases (negative; lower is better).
   */
  rank(words: string[], limit: number, kbs?: string[]): RankedRow[] {
    if (limit <= 0) return [];
    const acc = (this.acc ??= new Float64Array(this.lengths.length));
    const touched = (this.touched ??= new Int32Array(this.lengths.length));
    const allowed = kbs ? new Set(kbs) : null;
    const { kbOf, rids, weights, offsets, nRows } = this;
    let nTouched = 0;
    this.stemNew(words);
    for (const w of words) {
      const t = this.term(w);
      const at = t ? this.termIndex.get(t) : undefined;
      if (at === undefined) continue;
      const from = offsets[at]!, to = offsets[at + 1]!, n = to - from;
      if (!n) continue;
      let idf = Math.log((nRows - n + 0.5) / (n + 0.5));
      if (idf <= 0) idf = 1e-6;
      for (let i = from; i < to; i++) {
        const rid = rids[i]!;
        if (allowed && !allowed.has(kbOf[rid]!)) continue;
        if (acc[rid] === 0) touched[nTouched++] = rid;
        acc[rid]! -= idf * weights[i]!;
      }
    }
    // Keep the best `limit` in a small sorted array: most rows fail the first comparison.
    const out: RankedRow[] = [];
    for (let j = 0; j < nTouched; j++) {
      const rid = touched[j]!;
      const bm25 = acc[rid]!;
      acc[rid] = 0;
      if (out.length === limit) {
        if (!before(bm25, rid, out[limit - 1]!)) continue;
        out.pop();
      }
      const item = { rid, bm25 };
      let i = out.length;
      out.push(item);
      while (i > 0 && before(bm25, rid, out[i - 1]!)) {
        out[i] = out[i - 1]!;
        i--;
      }
      out[i] = item;
    }
    return out;
  }
}
