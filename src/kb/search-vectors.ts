/**
 * The vectors a search reads beside BM25's words (`KbSearcher`): the entries' sentence vectors
 * (the semantic stage's cosines, and the entries nearest a query that BM25 missed), the student
 * word vectors of queries and entries, and the training queries remembered per entry. Each is the
 * scorer's unless training attaches its own (`useVectors`, `useWordVectors`, `useMemory`); the
 * files name entries by (kb, id), resolved to row ids on first use.
 */
import type { DB } from './db.ts';
import type { DocFreq } from './stats.ts';
import { toVec, type Analysed, type Candidate, type RememberedVectors } from './features.ts';
import type { QueryMemory } from './memory.ts';
import type { Hit } from './retrieval.ts';
import type { Scorer } from './scorer.ts';
import { textHash, type EntryVectors } from './vectors.ts';
import type { WordVectors } from './wordvectors.ts';

export class SearchVectors {
  /** `kbOf`: the KB an entry is filed under, by row id. */
  constructor(private readonly db: DB, private readonly scorer: Scorer, private readonly df: DocFreq, private readonly kbOf: (rid: number) => string) {}

  /** Each entry's row in the vector file, by row id, resolved on first use. */
  private vectorRows: Map<number, number> | null = null;
  private vectors: EntryVectors | null | undefined;

  /** Uses `vectors` instead of the scorer's (training attaches its own). */
  useVectors(vectors: EntryVectors | null): void {
    this.vectors = vectors;
    this.vectorRows = null;
  }

  entryVectors(): EntryVectors | null {
    return this.vectors === undefined ? (this.scorer.vectors ?? null) : this.vectors;
  }

  /** The entry's row in the vector file, or -1 when it has no vector. */
  vectorOf(rid: number): number {
    return this.vectorIndex().get(rid) ?? -1;
  }

  /** Row ids by entry vector (-1 for a vector whose entry is gone or changed). */
  private ridOfVector: Int32Array | null = null;

  private vectorIndex(): Map<number, number> {
    if (!this.vectorRows) {
      this.vectorRows = new Map();
      const vectors = this.entryVectors();
      this.ridOfVector = new Int32Array(vectors?.size ?? 0).fill(-1);
      if (vectors?.size) {
        const find = this.db.prepare('SELECT rid, title, claim FROM entries WHERE kb = ? AND id = ?');
        vectors.keys.forEach((key, i) => {
          const [kb, id] = key.split('\u0000');
          const row = find.get(kb, id) as { rid: number; title: string; claim: string | null } | undefined;
          // An entry whose text changed since its vector was computed (an import over it) has none.
          if (row && textHash(row) === vectors.hashes[i]) {
            this.vectorRows!.set(row.rid, i);
            this.ridOfVector![i] = row.rid;
          }
        });
      }
    }
    return this.vectorRows;
  }

  /**
   * BM25's hits plus the `n` entries whose sentence vectors are nearest the query's (the sum of
   * the claim and title cosines) that BM25 missed, ranked after them. A tweet worded unlike its
   * fact-check shares few words with it: of the 12 Snopes dev queries whose gold BM25's 40
   * candidates miss, 3 have it among the 5 nearest Snopes entries (models/narratives/NOTES.md). The `vector`
   * is the mapped one (`Scorer.queryVector`).
   */
  withNearest(hits: Hit[], vector: Float32Array, n: number, kbs?: string[], exclude?: ReadonlySet<number>): Hit[] {
    const vectors = this.entryVectors();
    if (!vectors?.size || n <= 0) return hits;
    this.vectorIndex();
    const ridOf = this.ridOfVector!;
    const have = new Set(hits.map((h) => h.rid));
    const kbOf = this.kbOf;
    const near = vectors.nearest(vector, n, (i) => {
      const rid = ridOf[i]!;
      return rid >= 0 && !have.has(rid) && !exclude?.has(rid) && (!kbs || kbs.includes(kbOf(rid)));
    });
    return [...hits, ...near.map((i, k) => ({ rid: ridOf[i]!, kb: kbOf(ridOf[i]!), bm25: 0, rank: hits.length + k }))];
  }

  private studentVectors: WordVectors | null | undefined;

  /** Uses `vectors` instead of the scorer's word vectors (training attaches its own, before any list is scored: entries keep the vector they first got). */
  useWordVectors(vectors: WordVectors | null): void {
    this.studentVectors = vectors;
  }

  /**
   * Sets the student vectors (`Analysed.sem`, `wordvectors.ts`) of a query and of its candidates'
   * entries (all their words, a case's summary too), when there are word vectors; only for a
   * list about to be scored, and kept with the entry's analysis. Over the 400 news-unlabeled
   * articles `analyze` embeds about 1,900 entries (11 words at the median), 128 values a word
   * since the vectors keep the encoder's principal directions (512 before). From what an entry
   * states alone (claim and title) the vectors cost more (the entry's row is read) and matched
   * worse (models/narratives/NOTES.md, "A bag-of-words student of the sentence encoder").
   */
  embed(query: Analysed, cands: readonly Candidate[]): void {
    const vectors = this.studentVectors === undefined ? (this.scorer.wordVectors ?? null) : this.studentVectors;
    if (!vectors) return;
    const idf = this.df.idfs;
    if (query.sem === undefined) query.sem = vectors.embed(query.words, idf);
    for (const c of cands) if (c.doc.sem === undefined) c.doc.sem = vectors.embed(c.doc.words, idf);
  }

  /** Remembered queries by row id, resolved from the memory's (kb, id) keys on first use. */
  private remembered: Map<number, RememberedVectors[]> | null = null;
  private memory: QueryMemory | null | undefined;

  /** Uses `memory` instead of the scorer's (training attaches its own). */
  useMemory(memory: QueryMemory | null): void {
    this.memory = memory;
    this.remembered = null;
  }

  memoryOf(rid: number): RememberedVectors[] | undefined {
    if (!this.remembered) {
      this.remembered = new Map();
      const memory = this.memory === undefined ? this.scorer.memory : this.memory;
      if (memory?.size) {
        const find = this.db.prepare('SELECT rid FROM entries WHERE kb = ? AND id = ?').pluck();
        const idf = this.df.idfs;
        for (const [key, list] of memory.byEntry) {
          const [kb, id] = key.split('\u0000');
          const r = find.get(kb, id) as number | undefined;
          if (r !== undefined) this.remembered.set(r, list.map((m) => ({ query: m.query, words: toVec(m.words, idf), grams: toVec(m.grams, idf) })));
        }
      }
    }
    return this.remembered.get(rid);
  }
}
