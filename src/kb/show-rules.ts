/**
 * The rules a match must pass to be shown besides its score, as the search options set them
 * (search-options.ts): the cover floor (the IDF-weighted share of the claim's words that the entry
 * has, a reporting frame left out, names counted in another form and, where the options ask,
 * words the entry has a synonym of counted in part: `coverWithNames`, `synonymCover`), the
 * shared-name rule (`namesAgree`) and the entry cover (the share of the words the entry states
 * that the claim has). `ShowRules.mayShow` answers from the entries' stored word keys and names,
 * before any features are read; `ShowRules.showable` decides on the candidates' analyses, as
 * `ShowRules.claimView` reads the claim.
 */
import type { DocFreq } from './stats.ts';
import { isNameOf, mentionsAnyName, names, withoutReportingFrame, words as allWords } from './text.ts';
import { indexOfKey, wordKey } from './keys.ts';
import { queryCoverage, toVec, wordVector, type Analysed, type Candidate, type Vec } from './features.ts';
import { TF_WEIGHT } from './entryfeatures.ts';
import { statementWords } from './cover-index.ts';
import type { EntryStore } from './entry-store.ts';
import type { Synonyms } from './synonyms.ts';
import type { Hit, Retrieval } from './retrieval.ts';
import { SYNONYMS_COMPLETE, type SearchOptions } from './search-options.ts';

/** Whether a report may show `doc` as a match of a query with these words, by the name rule. */
export function namesAgree(kb: string, doc: Analysed, queryWords: string[], namedKbs: readonly string[] | undefined): boolean {
  return !namedKbs?.includes(kb) || !doc.names.length || mentionsAnyName(queryWords, doc.names);
}

/** A claim as the cover and name rules read it (`ShowRules.claimView`). */
export interface ClaimView {
  /** The cleaned text, reporting frame and all (the name rule reads all its words). */
  clean: string;
  /** The vector of all its words (the entry-cover rule's). */
  wordVec: Vec;
  /** The vector of its words without a reporting frame (the cover's). */
  claimVec: Vec;
  nameWords: Array<{ word: string; key: number }>;
}

/** The claim's content words that are names in it (`names`), with their keys. */
function claimNameWords(claim: string, words: string[]): Array<{ word: string; key: number }> {
  const ns = names(claim);
  if (!ns.size) return [];
  return [...new Set(words)].filter((w) => ns.has(w)).map((word) => ({ word, key: wordKey(word) }));
}

/**
 * `queryCoverage`, where a name of the claim that the entry has in another form counts as shared,
 * as the shared-name rule reads names (`isNameOf`): "Ukrainian" in a claim and "Ukraine" in a
 * case, "Western" and "West".
 */
function coverWithNames(q: Vec, d: { words: Pick<Vec, 'keys'>; names: readonly string[] }, nameWords: Array<{ word: string; key: number }>, idf: Float64Array, synonyms: Synonyms | null, synonymWeight: number): number {
  const own = queryCoverage({ words: q, idf }, d);
  const base = own + synonymCover(own, q, d.words, idf, synonyms, synonymWeight);
  if (!nameWords.length || !d.names.length || !q.sum) return base;
  let extra = 0;
  for (const { word, key } of nameWords) {
    const at = indexOfKey(q.keys, key);
    if (at < 0 || indexOfKey(d.words.keys, key) >= 0) continue;
    if (d.names.some((n) => isNameOf(word, n))) extra += TF_WEIGHT[q.tf[at]!]! * idf[key]!;
  }
  return base + extra / q.sum;
}

/**
 * The cover a claim's words the entry lacks add through their synonyms in it, at `weight`
 * (`SearchOptions.synonymCover`), to an entry that has `own` of the claim's words itself: only
 * from SYNONYMS_COMPLETE on, since synonyms complete a cover and do not make one.
 */
export function synonymCover(own: number, q: Vec, d: Pick<Vec, 'keys'>, idf: Float64Array, synonyms: Synonyms | null, weight: number): number {
  return synonyms && weight > 0 && own >= SYNONYMS_COMPLETE ? weight * synonyms.soft(q, d, idf) : 0;
}

/** The show rules over one KB's entries, as the searcher reads them. */
export class ShowRules {
  constructor(private readonly df: DocFreq, private readonly entries: EntryStore, private readonly retrieval: Retrieval, private readonly synonyms: () => Synonyms | null = () => null) {}

  /** What the cover and name rules read of a claim: its words without a reporting frame, their vector, and its names. */
  claimView(clean: string, words: string[], wordVec: Vec, frameFree = false): ClaimView {
    // A cover counts the claim's words, not those of the frame that says who reports it
    // (`withoutReportingFrame`; a frame-free search has dropped it already).
    const claim = frameFree ? clean : withoutReportingFrame(clean);
    const claimWords = claim === clean ? words : this.retrieval.queryTerms(claim).words;
    const claimVec = claim === clean ? wordVec : wordVector(claimWords, this.df);
    return { clean, wordVec, claimVec, nameWords: claimNameWords(claim, claimWords) };
  }

  /**
   * Whether some hit may pass the cover floor and the name rule (`showable` without the entry
   * cover), read from the entries' stored word keys and, where a name decides, their names alone:
   * no features read. True when the KB stores no keys for a hit, or the options set no floor.
   * Most of a news sentence's hits fail here (models/narratives/NOTES.md, "Matching on new text").
   */
  mayShow(claim: ClaimView, hits: Hit[], opts: SearchOptions, keep?: (kb: string) => boolean): boolean {
    const { digest, norms } = this.entries;
    const min = opts.minCover ?? 0;
    if (min <= 0 || !digest) return true;
    // A margin for the order of the additions, which differs from coverWithNames'.
    const floor = min - 1e-9;
    const q = claim.claimVec, idf = this.df.idfs;
    const synonyms = opts.synonymCover ? this.synonyms() : null, synonymWeight = opts.synonymCover ?? 0;
    // What each claim word the entry lacks may add at most: all of it for a name (another form of
    // it may be there), the synonym weight for a word with synonyms (`synonymCover`), nothing else.
    const nameKeys = new Set(claim.nameWords.map((n) => n.key));
    const isName = Uint8Array.from(q.keys, (k) => (nameKeys.has(k) ? 1 : 0));
    const hasSynonym = Uint8Array.from(q.keys, (k) => (synonyms?.has(k) ? 1 : 0));
    let queryWords: string[] | null = null;
    return hits.some((h) => {
      if (keep && !keep(h.kb)) return false;
      const keys = Number.isNaN(norms![4 * h.rid]) ? null : digest.keysOf(h.rid);
      if (!keys) return true;
      const words = { keys };
      let names: readonly string[] | null | undefined;
      if (opts.coverKbs === undefined || opts.coverKbs.includes(h.kb)) {
        const base = queryCoverage({ words: q, idf }, { words });
        if (base < floor) {
          // The claim's names and words with synonyms that the entry lacks may still count
          // (`coverWithNames`): first what they could add at most, then, only when that could
          // reach the floor, exactly, once the entry's names are read.
          const synonymMost = base >= SYNONYMS_COMPLETE ? synonymWeight : 0;
          let more = 0;
          for (let i = 0; i < q.keys.length; i++) {
            const most = isName[i] ? 1 : hasSynonym[i] ? synonymMost : 0;
            if (most && indexOfKey(keys, q.keys[i]!) < 0) more += most * TF_WEIGHT[q.tf[i]!]! * idf[q.keys[i]!]!;
          }
          if (!q.sum || base + more / q.sum < floor) return false;
          names = digest.namesOf(h.rid);
          if (names && coverWithNames(q, { words, names }, claim.nameWords, idf, synonyms, synonymWeight) < floor) return false;
        }
      }
      if (!opts.namedKbs?.includes(h.kb)) return true;
      names ??= digest.namesOf(h.rid);
      return !names || !names.length || mentionsAnyName((queryWords ??= allWords(claim.clean)), names);
    });
  }

  /** Each candidate's cover of the claim, and whether it passes the rules a match must (cover, names, entry cover). */
  showable({ clean, wordVec, claimVec, nameWords }: ClaimView, cands: Candidate[], opts: SearchOptions, keep?: (kb: string) => boolean): { covers: number[]; showable: boolean[] } {
    const synonyms = opts.synonymCover ? this.synonyms() : null;
    const covers = cands.map((c) => coverWithNames(claimVec, c.doc, nameWords, this.df.idfs, synonyms, opts.synonymCover ?? 0));
    let queryWords: string[] | null = null;
    // What the entry states (claim and title), not its summary: see `statementWords`. Computed
    // only for a candidate that passes every other rule, which few of a sentence's do.
    const entryCover = (c: Candidate) => queryCoverage({ words: toVec(statementWords(this.entries.entry(c.rid)), this.df.idfs), idf: this.df.idfs }, { words: wordVec });
    const showable = cands.map((c, i) =>
      (!keep || keep(c.kb)) && (covers[i]! >= (opts.minCover ?? 0) || (opts.coverKbs !== undefined && !opts.coverKbs.includes(c.kb))) && (!opts.namedKbs || namesAgree(c.kb, c.doc, (queryWords ??= allWords(clean)), opts.namedKbs)) &&
      (!opts.minEntryCover || entryCover(c) >= opts.minEntryCover));
    return { covers, showable };
  }
}
