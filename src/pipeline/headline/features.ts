import { tokenize } from '../claims/features.ts';
import type { Lexicon } from '../claims/lexicon.ts';

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
};

/**
 * Clickbait features of a headline: lower-cased word 1-3 grams (digits folded), the first words,
 * listicle numbers, pronoun and question forms, hyperbolic words, clickbait phrases and length.
 * Nothing reads the casing. The training data's clickbait is BuzzFeed-style Every Word Capitalised
 * and its news mostly sentence case, so casing features made the model a casing detector: on our
 * held-out 20% put in lower or sentence case it scored 0.50 accuracy (2-3% of the clickbait found),
 * and with Every Word Capitalised its precision fell to 0.84 (models/headline/MODEL_CARD.md).
 * Shouting is shown as a signal (`signals.ts`) instead.
 */
export function headlineFeatures(text: string, lex: Lexicon, phrases: ReadonlySet<string>): string[] {
  const toks = tokenize(text.replace(/’/g, "'"));
  const low = toks.map((t) => (/^\d/.test(t) ? '<num>' : t.toLowerCase()));
  const f: string[] = ['bias'];
  const n = low.length;
  for (let i = 0; i < n; i++) {
    const w = low[i]!;
    f.push(`w:${w}`);
    f.push(`b:${i ? low[i - 1] : '<s>'}_${w}`);
    if (i >= 1) f.push(`t:${i >= 2 ? low[i - 2] : '<s>'}_${low[i - 1]}_${w}`);
    if (i < 3) f.push(`w${i}:${w}`);
    for (const l of lex.lookup(w)) f.push(`lex:${l}`);
  }
  if (n) f.push(`b:${low[n - 1]}_</s>`, `last:${low[n - 1]}`);
  // Phrases of up to five words from the clickbait phrase list.
  for (let i = 0; i < n; i++) {
    let p = low[i]!;
    for (let j = i + 1; j <= Math.min(n, i + 5); j++) {
      if (j > i + 1) p += ' ' + low[j - 1];
      if (phrases.has(p)) f.push('phrase', `phrase:${p}`);
    }
  }
  const words = toks.filter((t) => /\p{L}/u.test(t)).length;
  f.push(`len:${bucket(words, [3, 5, 7, 9, 11, 13, 16])}`);
  f.push(`chars:${bucket(text.length, [30, 45, 60, 75, 90])}`);
  if (/^\d/.test(toks[0] ?? '')) f.push('start:number');
  return f;
}
