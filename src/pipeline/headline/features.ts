import { tokenize } from '../claims/features.ts';
import type { Lexicon } from '../claims/lexicon.ts';

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
};

function shapeOf(t: string): string {
  if (/^\d+$/.test(t)) return t.length <= 2 ? 'd' : 'dd+';
  if (/^\p{Lu}+$/u.test(t)) return t.length > 1 ? 'AA' : 'A';
  if (/^\p{Lu}\p{Ll}/u.test(t)) return 'Aa';
  if (/^\p{Ll}/u.test(t)) return 'a';
  return t;
}

/**
 * Clickbait features of a headline: lower-cased word 1-3 grams (digits folded), the casing shape
 * of each word and of the first words, listicle numbers, pronoun and question forms, hyperbolic
 * words, clickbait phrases and length.
 */
export function headlineFeatures(text: string, lex: Lexicon, phrases: ReadonlySet<string>): string[] {
  const toks = tokenize(text.replace(/’/g, "'"));
  const low = toks.map((t) => (/^\d/.test(t) ? '<num>' : t.toLowerCase()));
  const f: string[] = ['bias'];
  const n = low.length;
  let titleCase = 0;
  let lowerWords = 0;
  for (let i = 0; i < n; i++) {
    const w = low[i]!;
    f.push(`w:${w}`);
    f.push(`b:${i ? low[i - 1] : '<s>'}_${w}`);
    if (i >= 1) f.push(`t:${i >= 2 ? low[i - 2] : '<s>'}_${low[i - 1]}_${w}`);
    const shape = shapeOf(toks[i]!);
    f.push(`s:${shape}`);
    if (i < 3) f.push(`s${i}:${shape}`, `w${i}:${w}`);
    if (shape === 'Aa') titleCase++;
    if (shape === 'a') lowerWords++;
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
  if (words) {
    f.push(`titlecase:${bucket(titleCase / words, [0.3, 0.6, 0.9])}`);
    f.push(`lowercase:${bucket(lowerWords / words, [0.1, 0.3, 0.5])}`);
  }
  if (/^\d/.test(toks[0] ?? '')) f.push('start:number');
  return f;
}
