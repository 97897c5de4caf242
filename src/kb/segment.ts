/*
 * Splitting run-together words ("#stonemanshooting", "cornflakes", "#exumaairport") into the
 * words the KB knows, so that BM25 and the overlap features can meet them. Only words the KB
 * has never seen are split: a known word is left alone however long it is.
 */

/** Pieces shorter than this are never used: "a", "an", "of" would split almost anything. */
const MIN_PIECE = 3;
const MAX_PIECE = 20;
/** Longer tokens (URL debris, long hashes) are left as they are. */
export const MAX_SEGMENTED = 60;
/**
 * Cost added per piece, on top of its -ln(df/N): without it "stone man shooting" beats
 * "stoneman shooting", since two common words cost less than one rare one.
 */
const PIECE_COST = 4;

/**
 * Shorter unknown words are mostly names ("hendry" -> "hen dry", "winslow" -> "wins low"):
 * from 7 letters on, the Snopes train and dev BM25 scores are the same as from 6, and news
 * sentences bring a fifth fewer words to try.
 */
const MIN_SPLITTABLE = 7;

/** Whether a word is worth trying to split: letters only and long enough to hold two pieces. */
export const splittable = (w: string): boolean => w.length >= MIN_SPLITTABLE && w.length <= MAX_SEGMENTED && /^\p{L}+$/u.test(w);

/**
 * Endings FTS5's Porter stemmer removes, enough to recognise a piece by its stem without asking
 * FTS5 to stem each substring (which cost about 1 ms per unknown word, in every news article).
 */
const ENDINGS = new Set(['', 's', 'es', 'e', 'ed', 'ing', 'ings', 'y', 'ly', 'er', 'ers', 'al', 'ion', 'ions', 'ive', 'ic', 'ics', 'ation', 'ment', 'ments', 'ness', 'ity', 'ous', 'ful', 'ize', 'ise', 'ism', 'ist', 'ists', 'ies', 'ied', 'ent']);

/**
 * Document frequency of a piece in a vocabulary of stemmed index terms: of the longest term the
 * piece is, or starts with and then has only a removable ending (Porter also turns a final y
 * into i: "highway" is indexed as "highwai").
 */
export function pieceDf(piece: string, vocab: Map<string, number>): number {
  const p = piece.endsWith('y') ? `${piece.slice(0, -1)}i` : piece;
  for (let k = p.length; k >= Math.max(MIN_PIECE, p.length - 5); k--) {
    const df = vocab.get(p.slice(0, k));
    if (df && ENDINGS.has(piece.slice(k))) return df;
    if (df && k === p.length) return df;
  }
  return 0;
}

/**
 * The cheapest split of `word` into two or more known pieces (cost of a piece: -ln(df/n) +
 * PIECE_COST, `df` being how many of the `n` KB entries contain it), or null when there is none.
 */
export function segment(word: string, df: (piece: string) => number, n: number): string[] | null {
  const L = word.length;
  const best = new Float64Array(L + 1).fill(Infinity);
  const from = new Int32Array(L + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < L; i++) {
    if (best[i] === Infinity) continue;
    for (let len = MIN_PIECE; len <= MAX_PIECE && i + len <= L; len++) {
      const d = df(word.slice(i, i + len));
      if (d <= 0) continue;
      const c = best[i]! + Math.log(n / d) + PIECE_COST;
      if (c < best[i + len]!) {
        best[i + len] = c;
        from[i + len] = i;
      }
    }
  }
  if (best[L] === Infinity) return null;
  const pieces: string[] = [];
  for (let j = L; j > 0; j = from[j]!) pieces.unshift(word.slice(from[j]!, j));
  return pieces.length >= 2 ? pieces : null;
}
