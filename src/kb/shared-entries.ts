import type { DocFreq } from './stats.ts';
import { toVec, type Analysed } from './features.ts';
import type { EntryCues, SharedFeatureTable } from './entryfeatures.ts';

/**
 * KB entries as a worker thread scores them. Their keys and counts are views into the table all
 * threads share, made afresh for each candidate; a thread keeps only what it derives from them:
 * each met entry's cues (parsed from SQLite) and its two vector norms. Keeping whole analyses
 * instead (four typed-array views and their objects, ~850 bytes an entry) held, in a heap snapshot, 10.8 MB per
 * thread after the 400 news articles.
 */
export class SharedEntries {
  private readonly cues = new Map<number, EntryCues>();
  /** Per row id: norm and sum of the word vector, then of the gram vector; NaN until met. */
  private readonly norms: Float64Array;

  constructor(
    private readonly table: SharedFeatureTable,
    private readonly df: DocFreq,
    private readonly maxCues: number,
    stored: Float64Array | null = null,
  ) {
    // The norms the KB stored (`storeEntryDigest`), when it has them for every row; else computed as met.
    this.norms = stored && stored.length >= 4 * table.rows ? stored : new Float64Array(4 * table.rows).fill(NaN);
  }

  /** The entry's analysis, as `analyseStored` makes it; null for a row without stored features. */
  get(rid: number): { doc: Analysed; dateYear: number | null } | null {
    let cues = this.cues.get(rid);
    if (!cues) {
      const read = this.table.cues(rid);
      if (!read) return null;
      if (this.cues.size >= this.maxCues) this.cues.clear();
      this.cues.set(rid, (cues = read));
    }
    const counts = this.table.counts(rid);
    if (!counts) return null;
    const idf = this.df.idfs;
    const n = this.norms, o = 4 * rid;
    if (Number.isNaN(n[o])) {
      const w = toVec(counts.words, idf), g = toVec(counts.grams, idf);
      n[o] = w.norm;
      n[o + 1] = w.sum;
      n[o + 2] = g.norm;
      n[o + 3] = g.sum;
    }
    return {
      doc: {
        // Literals of the same shape as toVec's, so the scoring code stays monomorphic.
        words: { keys: counts.words.keys, tf: counts.words.tf, norm: n[o]!, sum: n[o + 1]! },
        grams: { keys: counts.grams.keys, tf: counts.grams.tf, norm: n[o + 2]!, sum: n[o + 3]! },
        names: cues.names, numbers: cues.numbers, years: cues.years, negated: cues.negated, year: null, idf,
      },
      dateYear: cues.dateYear,
    };
  }
}
