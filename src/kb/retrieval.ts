/**
 * BM25 retrieval, the first stage of a search (`KbSearcher`): from a query's text to its cleaned
 * form and content words (words the KB has never seen split into words it knows), the rarest of
 * them as the query, and the hits, from the in-memory index (`MemIndex`) or FTS5 itself, with tied
 * ranks. What it reads of a text is kept until the article is done (`textTerms`); the searcher
 * re-ranks the hits and applies the show rules.
 */
import type Database from 'better-sqlite3';
import type { DB } from './db.ts';
import type { DocFreq } from './stats.ts';
import { cleanQuery, contentWords, isContentWord } from './text.ts';
import { pieceDf, segment, splittable } from './segment.ts';
import { wordKey } from './keys.ts';
import type { MemIndex } from './memindex.ts';

export interface Hit {
  /** The entry's row id. */
  rid: number;
  kb: string;
  /** BM25 from FTS5 (lower is better, as SQLite reports it). */
  bm25: number;
  rank: number;
}

const SPLIT_CACHE = 20000;
/** Texts whose words are kept (`textTerms`) at most: more than a long article's sentences and clauses. */
const MAX_TEXTS = 4096;

/** A query text as `textTerms` keeps it; `terms`, with unknown words split (`queryTerms`), once asked for. */
interface TextTerms {
  clean: string;
  words: string[];
  terms?: { clean: string; words: string[] };
}

type Statement = Database.Statement;

/** The FTS5 statements `Retrieval` ranks with when it has no in-memory index: every KB, and some KBs. */
export function ftsStatements(db: DB): { all: Statement; someKbs: Statement } {
  // Rank inside FTS5 first (its ORDER BY rank LIMIT path), then fetch only the winners' rows.
  const sql = (filter: string) => `SELECT e.rid, e.kb, f.rank AS bm25 FROM
      (SELECT rowid, rank FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rank LIMIT ?) f
      JOIN entries e ON e.rid = f.rowid ${filter} ORDER BY f.rank`;
  const all = db.prepare(sql('')).raw();
  const someKbs = db.prepare(`SELECT e.rid, e.kb, bm25(entries_fts) AS bm25 FROM entries_fts JOIN entries e ON e.rid = entries_fts.rowid
      WHERE entries_fts MATCH ? AND e.kb IN (SELECT value FROM json_each(?)) ORDER BY bm25 LIMIT ?`).raw();
  return { all, someKbs };
}

/**
 * Sets each hit's rank to its place in the list, hits with the same BM25 sharing the rank of the
 * first of them. Snopes lists the same fact-check twice under two ids (the claim differs only in
 * its quote marks), and the gold of 48 of 197 dev tweets (190 of 800 train) has such a twin.
 * FTS5 puts the earlier row of a tie first, and the gold is the earlier one, so with ranks by
 * place the re-ranker learned that the first of a tie is the match (models/narratives/NOTES.md).
 */
export function tiedRanks(hits: Hit[]): Hit[] {
  hits.forEach((h, i) => (h.rank = i > 0 && h.bm25 === hits[i - 1]!.bm25 ? hits[i - 1]!.rank : i));
  return hits;
}

/** A query's words and BM25 candidates; `KbSearcher` gives each method its defaults. */
export class Retrieval {
  constructor(private readonly mem: MemIndex | null, private readonly df: DocFreq, private readonly fts: { all: Statement; someKbs: Statement }) {}

  /**
   * The FTS5 query: the text's rarest distinct words, OR-ed. Capping the terms keeps long
   * sentences fast; the rare words are the ones BM25 ranks by anyway.
   */
  ftsQuery(text: string, maxTerms: number, maxDfShare: number): string | null {
    const kept = this.queryWords(text, maxTerms, maxDfShare);
    return kept.length ? kept.map((w) => `"${w}"`).join(' OR ') : null;
  }

  /**
   * A query's cleaned text and content words, with each word the KB has never seen split into
   * words it knows when it can be ("stonemanshooting" -> "stoneman", "shooting"): hashtags
   * and run-together words otherwise match nothing.
   */
  queryTerms(text: string): { clean: string; words: string[] } {
    const t = this.textTerms(text);
    return (t.terms ??= this.splitUnknown(t));
  }

  private splitUnknown({ clean, words }: TextTerms): { clean: string; words: string[] } {
    if (!this.mem) return { clean, words };
    const odd = words.filter(splittable);
    if (!odd.length) return { clean, words };
    // Stems are looked up (and kept) for all of a query's long words at once; BM25 needs them next.
    const dfs = this.mem.docFreqs(odd);
    const unknown = new Set(odd.filter((_, i) => dfs[i] === 0));
    if (!unknown.size) return { clean, words };
    return { clean, words: words.flatMap((w) => (unknown.has(w) ? this.splitOf(w) : [w])) };
  }

  /** A text's content words after `cleanQuery`, as a search reads them (`textTerms`). */
  contentWordsOf(text: string): readonly string[] {
    return this.textTerms(text).words;
  }

  /**
   * A text's cleaned form and content words, kept until the article is done (`forgetTexts`, which
   * the narratives component calls; held across articles, they raised a batch's peak RSS), and
   * at most MAX_TEXTS of them. An article's sentence is read to choose its look-ups, by the
   * entry-cover test, by its search and by its clauses'. Without it, matching took about 3%
   * longer on articles new to the process (throwaway A/B, 400 news-unlabeled articles).
   */
  private textTerms(text: string): TextTerms {
    let t = this.texts.get(text);
    if (!t) {
      if (this.texts.size >= MAX_TEXTS) this.texts.clear();
      const clean = cleanQuery(text);
      this.texts.set(text, (t = { clean, words: contentWords(clean) }));
    }
    return t;
  }

  private readonly texts = new Map<string, TextTerms>();

  /** Empties what `textTerms` kept: the narratives component calls it when an article is done. */
  forgetTexts(): void {
    this.texts.clear();
  }

  /** Empties what past queries left: the texts' words and the word splits (`KbSearcher.forget`). */
  forget(): void {
    this.texts.clear();
    this.splits.clear();
  }

  /** Splits of the unknown words seen (the word itself when it has none). */
  private readonly splits = new Map<string, string[]>();

  private splitOf(w: string): string[] {
    let out = this.splits.get(w);
    if (!out) {
      if (this.splits.size >= SPLIT_CACHE) this.splits.clear();
      this.splits.set(w, (out = this.split(w)));
    }
    return out;
  }

  /** The split of a word the KB does not know, or the word itself. */
  private split(w: string): string[] {
    const mem = this.mem!;
    const vocab = mem.vocab();
    const pieces = segment(w, (p) => pieceDf(p, vocab), mem.nRows);
    return pieces ? pieces.filter(isContentWord) : [w];
  }

  queryWords(text: string, maxTerms: number, maxDfShare: number, words = this.queryTerms(text).words): string[] {
    const ws = [...new Set(words)].map((w) => ({ w, key: wordKey(w) }));
    if (!ws.length) return [];
    const idf = this.df.idfs;
    ws.sort((a, b) => idf[b.key]! - idf[a.key]!);
    // Words in more than maxDf of the KB's entries cost long posting lists and add little to BM25.
    const maxDf = Math.max(50, this.df.n * maxDfShare);
    return ws.slice(0, maxTerms).filter((x, i) => i < 3 || this.df.df[x.key]! <= maxDf).map((x) => x.w);
  }

  /** The BM25 candidates, best first. */
  retrieve(text: string, kbs: string[] | undefined, limit: number, maxTerms: number, maxDfShare: number, words?: string[]): Hit[] {
    if (this.mem) {
      const ranked = this.mem.rank(this.queryWords(text, maxTerms, maxDfShare, words), limit, kbs);
      return tiedRanks(ranked.map(({ rid, bm25 }) => ({ rid, kb: this.mem!.kbOf[rid]!, bm25, rank: 0 })));
    }
    const q = this.ftsQuery(text, maxTerms, maxDfShare);
    if (!q) return [];
    const rows = (kbs ? this.fts.someKbs.all(q, JSON.stringify(kbs), limit) : this.fts.all.all(q, limit)) as Array<[number, string, number]>;
    return tiedRanks(rows.map(([rid, kb, bm25]) => ({ rid, kb, bm25, rank: 0 })));
  }
}
