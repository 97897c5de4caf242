/**
 * The KB searcher (`KbSearcher`): a query's BM25 candidates (retrieval.ts), re-ranked by a
 * `Scorer` (scorer.ts) with the vectors it reads (search-vectors.ts), kept only when they pass the
 * show rules (show-rules.ts) that the search options set (search-options.ts), and copies of one
 * item folded into one place (copies.ts). With a query vector, the KBs whose entries have sentence
 * vectors are searched on their own by the semantic stage (`search`); a report's search also looks
 * up the claims of a sentence's clauses (`searchWithParts`).
 */
import type { DB, Entry } from './db.ts';
import { DocFreq } from './stats.ts';
import { cleanQuery, withoutReportingFrame } from './text.ts';
import { analyse, wordVector, type Analysed, type Candidate } from './features.ts';
import { Copies, foldCopies } from './copies.ts';
import { MemIndex } from './memindex.ts';
import { EntryCoverIndex } from './cover-index.ts';
import { EntryStore } from './entry-store.ts';
import { Retrieval, ftsStatements, tiedRanks, type Hit } from './retrieval.ts';
import type { Scorer } from './scorer.ts';
import type { SearchOptions } from './search-options.ts';
import { SearchVectors } from './search-vectors.ts';
import { ShowRules } from './show-rules.ts';
import type { QueryMemory } from './memory.ts';
import type { EntryVectors } from './vectors.ts';
import type { WordVectors } from './wordvectors.ts';

export interface Match {
  entry: Entry;
  score: number;
  /** IDF-weighted share of the query's words that the entry has, a reporting frame's left out (see `MIN_SHOWN_COVER`). */
  cover: number;
  /** Ids under which the same catalogue files this item again (`copies.ts`); usually none. */
  copies: string[];
}

/** BM25 candidates from FTS5, then re-ranked by a Scorer. */
export class KbSearcher {
  readonly df: DocFreq;
  /** Entries filed more than once: a search shows each such item once (`foldCopies`). */
  readonly copies: Copies;
  /** In-memory BM25 (same scores as FTS5, several times faster); null to query FTS5 itself. */
  readonly mem: MemIndex | null;
  private readonly retrieval: Retrieval;
  private readonly entries: EntryStore;
  private readonly searchVectors: SearchVectors;
  private readonly rules: ShowRules;

  constructor(readonly db: DB, readonly scorer: Scorer, readonly candidates = 40, readonly maxTerms = 64, readonly maxDfShare = 1, useMemIndex = true) {
    const row = db.prepare('SELECT * FROM entries WHERE rid = ?');
    this.mem = useMemIndex ? new MemIndex(db) : null;
    const fts = ftsStatements(db);
    this.copies = Copies.load(db);
    const df = DocFreq.load(db);
    if (!df) throw new Error('knowledge base has no index statistics: rebuild it with `unspin kb build`');
    this.df = df;
    this.retrieval = new Retrieval(this.mem, df, fts);
    this.entries = new EntryStore(db, row, df);
    this.searchVectors = new SearchVectors(db, scorer, df, (rid) => this.mem?.kbOf[rid] ?? this.entry(rid).kb);
    this.rules = new ShowRules(df, this.entries, this.retrieval, () => this.scorer.synonyms ?? null);
  }

  /** The FTS5 query: the text's rarest distinct words, OR-ed (`Retrieval.ftsQuery`). */
  ftsQuery(text: string, maxTerms = this.maxTerms, maxDfShare = this.maxDfShare): string | null {
    return this.retrieval.ftsQuery(text, maxTerms, maxDfShare);
  }

  /** A query's cleaned text and content words, unknown words split (`Retrieval.queryTerms`). */
  queryTerms(text: string): { clean: string; words: string[] } {
    return this.retrieval.queryTerms(text);
  }

  /** A text's content words after `cleanQuery`, as a search reads them (`textTerms`). */
  contentWordsOf(text: string): readonly string[] {
    return this.retrieval.contentWordsOf(text);
  }

  /** Empties what `textTerms` kept: the narratives component calls it when an article is done. */
  forgetTexts(): void {
    this.retrieval.forgetTexts();
  }

  /**
   * Empties the caches of what past queries met (entries, their features, word splits, the
   * index's stems), so that a benchmark times queries as new to the process. What the KB stores
   * for every entry alike (posting lists, norms, word keys and names) stays: it is read at start.
   */
  forget(): void {
    this.entries.forget();
    this.retrieval.forget();
    this.mem?.forget();
  }

  /** The re-ranker's analysis of a query, from the same words its BM25 candidates came from. */
  analyseQuery(text: string): Analysed {
    const { clean, words } = this.queryTerms(text);
    return analyse(clean, this.df, text, words);
  }

  /** The query's words BM25 is asked for, rarest first (`Retrieval.queryWords`). */
  queryWords(text: string, maxTerms = this.maxTerms, maxDfShare = this.maxDfShare, words?: string[]): string[] {
    return this.retrieval.queryWords(text, maxTerms, maxDfShare, words);
  }

  /**
   * The catalogues the KB's entries are filed under, by name: those of the in-memory index when
   * there is one (what this searcher can find; read once), else the KB's (a 3 ms scan).
   */
  kbNames(): string[] {
    if (!this.mem) return this.db.prepare('SELECT DISTINCT kb FROM entries ORDER BY kb').pluck().all() as string[];
    return (this.kbNameList ??= [...new Set(this.mem.kbOf.filter((kb) => kb !== undefined))].sort());
  }

  private kbNameList: string[] | undefined;

  /**
   * Why a search of `kbs` would be empty whatever the text, or null: none named, or a name no
   * entry is filed under (a typo, or a catalogue never built or imported). A misspelt catalogue
   * used to search nothing and answer "no match".
   */
  kbsProblem(kbs: readonly string[]): string | null {
    if (!kbs.length) return 'needs at least one catalogue name';
    const known = this.kbNames();
    const unknown = kbs.filter((kb) => !known.includes(kb));
    return unknown.length ? `no catalogue named ${unknown.map((k) => `"${k}"`).join(', ')} in the knowledge base (it holds ${known.join(', ')})` : null;
  }

  /** The entry stored under a row id. */
  entry(rid: number): Entry {
    return this.entries.entry(rid);
  }

  /**
   * Hits with what the re-ranker scores them by; with `withMemory`, the queries remembered for
   * them; with a query `vector` (mapped: `Scorer.queryVector`), their sentence cosines when their
   * entries have vectors.
   */
  candidatesOf(hits: Hit[], withMemory = true, vector?: Float32Array): Candidate[] {
    const best = hits[0]?.bm25 ?? 0;
    return hits.map((h) => {
      const { doc, dateYear } = this.entries.analysedOf(h.rid);
      const memory = withMemory ? this.searchVectors.memoryOf(h.rid) : undefined;
      const v = vector ? this.searchVectors.vectorOf(h.rid) : -1;
      const cos = v >= 0 ? this.searchVectors.entryVectors()!.cosines(vector!, v) : undefined;
      return { rid: h.rid, kb: h.kb, bm25: h.bm25, rank: h.rank, bestBm25: best, doc, dateYear, ...(memory ? { memory } : {}), ...(cos ? { cos } : {}) };
    });
  }

  /** Uses `vectors` instead of the scorer's (training attaches its own). */
  useVectors(vectors: EntryVectors | null): void {
    this.searchVectors.useVectors(vectors);
  }

  /** BM25's hits plus the `n` entries nearest the (mapped) query `vector` that BM25 missed (`SearchVectors.withNearest`). */
  withNearest(hits: Hit[], vector: Float32Array, n: number, kbs?: string[], exclude?: ReadonlySet<number>): Hit[] {
    return this.searchVectors.withNearest(hits, vector, n, kbs, exclude);
  }

  /** Uses `vectors` instead of the scorer's word vectors (training attaches its own, before any list is scored). */
  useWordVectors(vectors: WordVectors | null): void {
    this.searchVectors.useWordVectors(vectors);
  }

  /** Sets the student vectors of a query and of its candidates' entries (`SearchVectors.embed`). */
  embed(query: Analysed, cands: readonly Candidate[]): void {
    this.searchVectors.embed(query, cands);
  }

  /** Uses `memory` instead of the scorer's (training attaches its own). */
  useMemory(memory: QueryMemory | null): void {
    this.searchVectors.useMemory(memory);
  }

  private coverIndex: EntryCoverIndex | null = null;

  /**
   * Whether some entry has at least `floor` of the words it states (IDF-weighted, claim and
   * title: `statementWords`) in `text`, without a search (`EntryCoverIndex`, built on first use for that floor).
   * It reads the content words as written; a search also splits run-together words, which can
   * only add to an entry's share. A text with fewer than `minWords` of them is taken as stating nothing.
   */
  statesSomeEntry(text: string, floor: number, minWords = 1): boolean {
    const words = this.retrieval.contentWordsOf(text);
    return words.length >= minWords && this.entryCoverIndex(floor).reaches(words);
  }

  /** The index `statesSomeEntry` reads; a pool's threads build it at load so that they share one (`kbHandle`). */
  entryCoverIndex(floor: number): EntryCoverIndex {
    if (this.coverIndex?.floor !== floor) this.coverIndex = EntryCoverIndex.build(this.db, this.df, floor);
    return this.coverIndex;
  }

  /** The BM25 candidates, best first. */
  retrieve(text: string, kbs?: string[], limit = this.candidates, maxTerms = this.maxTerms, maxDfShare = this.maxDfShare, words?: string[]): Hit[] {
    return this.retrieval.retrieve(text, kbs, limit, maxTerms, maxDfShare, words);
  }

  /**
   * The `top` matches for `text`, best first. With a query `vector`, the KBs whose entries have
   * sentence vectors (Snopes) are searched on their own, by the semantic stage, and the other KBs'
   * candidates are scored in a lexical search of every KB asked for, each list's matches then
   * merged by score. The stage was fitted and calibrated on such lists: the re-ranker judges a
   * candidate partly against the best of its list (BM25 ratio, rank), and a PolitiFact statement
   * of the same claim in the list pulled a Snopes gold down (0.75 alone, 0.12 beside it). Snopes
   * dev MAP@5, every KB searched, rose from 0.8986 with one list for all to 0.9056 with the split
   * (the model before tied ranks; models/narratives/NOTES.md). The other KBs' candidates stay in a list of
   * every KB: each KB searched alone makes the best of a weak list of EUvsDisinfo cases look like
   * a match (0.8618).
   */
  search(text: string, opts: SearchOptions = {}): Match[] {
    const own = opts.vector ? this.ownSearchKbs(opts.kbs) : null;
    if (!own) return this.ranked(text, opts);
    const semantic = this.ranked(text, { ...opts, kbs: own });
    const rest = this.ranked(text, { ...opts, vector: undefined, nearest: undefined }, (kb) => !own.includes(kb));
    return [...semantic, ...rest].sort((a, b) => b.score - a.score).slice(0, opts.top ?? 5);
  }

  /** The KBs with entry vectors among those searched, when other KBs are searched too (else null: one list). */
  private ownSearchKbs(kbs: string[] | undefined): string[] | null {
    const withVectors = this.searchVectors.entryVectors()?.kbs ?? [];
    const own = kbs ? withVectors.filter((kb) => kbs.includes(kb)) : withVectors;
    return own.length && (!kbs || kbs.some((kb) => !own.includes(kb))) ? own : null;
  }

  /** One list's matches; `keep` picks the KBs whose candidates may be listed (all compete in the re-ranker's list). */
  private ranked(text: string, opts: SearchOptions, keep?: (kb: string) => boolean): Match[] {
    return this.rankedList(text, opts, keep).matches;
  }

  /**
   * `ranked`, with the hits it re-ranked (or would have: a list none of which may be shown is not
   * scored) and, when it read them, their candidates.
   */
  private rankedList(text: string, opts: SearchOptions, keep?: (kb: string) => boolean): { matches: Match[]; hits: Hit[]; cands: Candidate[] | null } {
    // Reports score the claim, not who reports it: the frame's words ("the host told viewers")
    // are nothing a catalogued claim could share, and only dilute the re-ranker's features.
    if (opts.frameFree) text = withoutReportingFrame(cleanQuery(text));
    // The cleaned text and its content words serve both the BM25 query and the re-ranker.
    const { clean, words } = this.queryTerms(text);
    // A text without a content word ("", "!!!", stopwords) matches nothing: BM25 finds no
    // candidate, and the entries nearest its sentence vector were arbitrary (an empty `kb search`
    // query listed Snopes ids 0, 1, 3 at score 0).
    if (!words.length) return { matches: [], hits: [], cands: [] };
    const limit = opts.candidates ?? this.candidates;
    let hits = this.retrieve(text, opts.kbs, limit + (opts.exclude?.size ?? 0), opts.maxTerms ?? this.maxTerms, opts.maxDfShare ?? this.maxDfShare, words);
    if (opts.exclude) hits = tiedRanks(hits.filter((h) => !opts.exclude!.has(h.rid)).slice(0, limit));
    const vector = opts.vector && (this.scorer.queryVector?.(opts.vector) ?? opts.vector);
    if (vector && opts.nearest) hits = this.withNearest(hits, vector, opts.nearest, opts.kbs, opts.exclude);
    if (!hits.length) return { matches: [], hits, cands: [] };
    const wordVec = wordVector(words, this.df);
    const claim = this.rules.claimView(clean, words, wordVec, opts.frameFree);
    // A claim none of whose candidates can reach the cover floor shows no match whatever the rest,
    // and is known so from the stored word keys before any candidate's features are read.
    if (!this.rules.mayShow(claim, hits, opts, keep)) return { matches: [], hits, cands: null };
    const cands = this.candidatesOf(hits, opts.memory ?? true, vector);
    const { covers, showable } = this.rules.showable(claim, cands, opts, keep);
    // A claim none of whose candidates passes the cover and name rules shows no match whatever the
    // scores, so the n-gram analysis and the re-ranker are skipped. Reports stay the same, and
    // 2,071 of the 2,129 claims `analyze` looks up in the 400 news-unlabeled articles have no such
    // candidate: matching's share of `analyze` time fell from about +27% to +12%
    // (`npm run bench -- --without narratives,source`).
    if (!showable.includes(true)) return { matches: [], hits, cands };
    const query = analyse(clean, this.df, text, words, wordVec);
    this.embed(query, cands);
    const scores = this.scorer.score(query, cands);
    // Filtering before the (stable) sort keeps the order a sort-then-filter would give.
    const ranked = cands
      .map((_, i) => ({ i, score: scores[i]! }))
      .filter((m) => m.score >= (opts.minScore ?? -Infinity) && showable[m.i])
      .sort((a, b) => b.score - a.score);
    // Copies of one item (same text, verdict, speaker, date) get one place, scored by the best of them.
    const matches = foldCopies(ranked.map((m) => cands[m.i]!.rid), this.copies, opts.exclude)
      .slice(0, opts.top ?? 5)
      .map(({ index, rid, others }) => {
        const m = ranked[index]!;
        return { entry: this.entry(rid), score: m.score, cover: covers[m.i]!, copies: others.map((r) => this.entry(r).id) };
      });
    return { matches, hits, cands };
  }

  /**
   * `search(text, opts)`, and the matches of each of `parts` (clauses of `text`) as `search(part,
   * opts)` gives them. A part is searched only when it may show a match: one of `text`'s own
   * candidates passes the rules a match of the part must (cover, names, entry cover), or some
   * entry has `stated.floor` of the words it states in the part (`statesSomeEntry`). Most clauses of news
   * sentences show nothing, and the gate spares them a search (models/narratives/NOTES.md). One list, no query
   * vector (a report's search). `optsOf(i)`, when given, are the rules of part i instead of `opts`.
   */
  searchWithParts(text: string, parts: readonly string[], opts: SearchOptions, stated?: { floor: number; minWords: number }, optsOf?: (i: number) => SearchOptions): { matches: Match[]; parts: Match[][] } {
    const listed = this.rankedList(text, { ...opts, vector: undefined });
    const { matches, hits } = listed;
    const states = (part: string) => !!stated && this.statesSomeEntry(part, stated.floor, stated.minWords);
    return {
      matches,
      parts: parts.map((part, i) => {
        const partOpts = optsOf?.(i) ?? opts;
        const { clean, words } = this.queryTerms(part);
        const claim = this.rules.claimView(clean, words, wordVector(words, this.df));
        // The text's candidates are read only when one of them may pass for the part.
        const may = (hits.length && this.rules.mayShow(claim, hits, partOpts) && this.rules.showable(claim, (listed.cands ??= this.candidatesOf(hits, opts.memory ?? true)), partOpts).showable.includes(true)) || states(part);
        return may ? this.ranked(part, { ...partOpts, vector: undefined }) : [];
      }),
    };
  }
}
