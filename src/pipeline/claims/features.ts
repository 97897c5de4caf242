import type { Lexicon } from './lexicon.ts';

/** Word, number and punctuation pieces of one sentence; cheap enough to run per sentence. */
const PIECE_RE = /[\p{L}\p{M}]+(?:['’][\p{L}]+)*|\d+(?:[.,:]\d+)*|[^\s\p{L}\p{M}\d]/gu;

export function tokenize(text: string): string[] {
  return text.match(PIECE_RE) ?? [];
}

const PRONOUNS: Record<string, string> = {
  i: '1s', me: '1s', my: '1s', mine: '1s', "i'm": '1s', "i've": '1s',
  we: '1p', us: '1p', our: '1p', ours: '1p', "we're": '1p', "we've": '1p',
  you: '2', your: '2', yours: '2', "you're": '2', "you've": '2',
};

const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
const NUMBER_WORDS = new Set(['hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'trillion', 'percent', 'half', 'third', 'quarter', 'twice', 'double', 'doubled', 'tripled', 'dozens']);

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
};

/**
 * Check-worthiness features of one sentence: lower-cased words and word pairs (digits folded),
 * number/date/money shapes, capitalised words inside the sentence (named-entity-ish), pronoun
 * person, word endings, lexicon classes (report verbs, hedges, subjectivity, ...), question form and length.
 */
export function claimFeatures(text: string, lex: Lexicon): string[] {
  const toks = tokenize(text);
  const f: string[] = ['bias'];
  let prev = '<s>';
  let caps = 0;
  let numbers = 0;
  let words = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const lower = t.toLowerCase();
    const c = t.charCodeAt(0);
    let norm: string;
    if (c >= 48 && c <= 57) {
      numbers++;
      norm = /^(1[89]|20)\d\d$/.test(t) ? '<year>' : `<num${Math.min(t.replace(/\D/g, '').length, 4)}>`;
      if (norm === '<year>') f.push('shape:year');
      else f.push('shape:number');
    } else {
      norm = lower;
      if (/\p{L}/u.test(t)) {
        words++;
        if (i > 0 && /^\p{Lu}/u.test(t) && prev !== '"' && prev !== '“' && prev !== ':') caps++;
        const p = PRONOUNS[lower.replace('’', "'")];
        if (p) f.push(`pron:${p}`);
        if (MONTHS.has(lower) && /^\p{Lu}/u.test(t)) f.push('shape:month');
        if (NUMBER_WORDS.has(lower)) f.push('shape:numword');
        for (const l of lex.lookup(lower)) f.push(`lex:${l}`);
        // Word endings stand in for part of speech and tense (-ed, -ing, -ion, -ly), which a
        // tagger would give at ~250 µs per sentence: too slow for the pipeline budget.
        if (lower.length > 4) f.push(`suf:${lower.slice(-3)}`);
      } else if (t === '%' || t === '$' || t === '€' || t === '£') f.push(`shape:${t}`);
    }
    f.push(`w:${norm}`);
    f.push(`b:${prev}_${norm}`);
    prev = norm;
  }
  f.push(`b:${prev}_</s>`);
  const last = toks.at(-1);
  if (last === '?') f.push('form:question');
  if (last === '!') f.push('form:exclaim');
  if (toks.some((t) => t === '"' || t === '“' || t === '”')) f.push('form:quote');
  f.push(`len:${bucket(words, [4, 7, 11, 16, 22, 30, 40])}`);
  f.push(`caps:${bucket(caps, [1, 2, 4])}`);
  f.push(`nums:${bucket(numbers, [1, 2, 3])}`);
  return f;
}
