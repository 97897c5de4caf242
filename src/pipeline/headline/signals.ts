import type { Lexicon } from '../claims/lexicon.ts';

export type SignalKind = 'capitals' | 'exclamation' | 'hyperbole' | 'teaser' | 'question';

export interface Signal {
  kind: SignalKind;
  text: string;
  /** Offsets into the string given to `headlineSignals` plus `base`. */
  start: number;
  end: number;
}

/** Phrasings that withhold the point to make the reader click, and listicle openings. */
const TEASERS: RegExp[] = [
  /\byou won['’]?t believe\b/giu,
  /\bwhat happen(?:s|ed) (?:next|when)\b/giu,
  /\bhere['’]?s (?:why|what|how|the)\b/giu,
  /\bthis is (?:why|what|how|the reason)\b/giu,
  /\b(?:will|can|could|would) (?:make|leave|change|blow|shock|surprise) (?:you|your)\b/giu,
  /\bthe (?:real |shocking |true )?reasons? why\b/giu,
  /\bthe (?:truth|secret) (?:about|behind)\b/giu,
  /\b(?:they|media|nobody|no one) (?:don['’]?t|doesn['’]?t|won['’]?t)? ?(?:want|tells?) you\b/giu,
  /\bone (?:weird|simple) trick\b/giu,
  /\bbefore (?:it['’]?s|they|you)\b.*\b(?:deleted|removed|die)\b/giu,
  /^\s*(?:this|these|here)\b/giu,
  /^\s*\d+\s+(?:things|reasons|ways|signs|times|people|photos|pictures|facts|tweets|questions|moments|celebrities|places|secrets|tricks|tips|struggles|words|problems|reactions)\b/giu,
];

const WORD_RE = /[\p{L}\p{M}]+(?:['’-][\p{L}]+)*/gu;

/**
 * Rule-based headline signals with offsets: shouting capitals, exclamation marks, hyperbolic
 * words, teaser phrasing and questions. Rules rather than model weights, so each one can be
 * pointed at and explained.
 */
export function headlineSignals(title: string, lex: Lexicon, phrases: readonly string[], base = 0): Signal[] {
  const out: Signal[] = [];
  const add = (kind: SignalKind, start: number, end: number) => out.push({ kind, text: title.slice(start, end), start: base + start, end: base + end });

  const words = [...title.matchAll(WORD_RE)];
  const isCaps = (w: string) => w.length >= 2 && w === w.toUpperCase() && w !== w.toLowerCase();
  const capsWords = words.filter((m) => isCaps(m[0]));
  // Acronyms (NATO, EU, COVID) are capitals too; a capitalised *word* is shouting: one the
  // lexicons know, a long one, one in a run of three, or any in a headline that is mostly capitals.
  const mostlyCaps = words.length >= 3 && capsWords.length / words.length > 0.6;
  for (let i = 0; i < words.length; i++) {
    const m = words[i]!;
    if (!isCaps(m[0])) continue;
    const known = lex.lookup(m[0].toLowerCase()).length > 0;
    const capsAt = (j: number) => j >= 0 && j < words.length && isCaps(words[j]![0]);
    const inRunOfThree = (capsAt(i - 1) && (capsAt(i - 2) || capsAt(i + 1))) || (capsAt(i + 1) && capsAt(i + 2));
    if (!(mostlyCaps || inRunOfThree || (m[0].length >= 3 && (known || m[0].length >= 7)))) continue;
    // A run of shouted words is one signal ("NATO SECRETLY ARMS"), not one per word.
    const last = out.at(-1);
    if (last?.kind === 'capitals' && !/[\p{L}\p{N}]/u.test(title.slice(last.end - base, m.index!))) {
      last.end = base + m.index! + m[0].length;
      last.text = title.slice(last.start - base, last.end - base);
    } else add('capitals', m.index!, m.index! + m[0].length);
  }
  for (const m of title.matchAll(/!+/g)) add('exclamation', m.index!, m.index! + m[0].length);
  for (const m of words) if (lex.has('hyperbolic', m[0].toLowerCase())) add('hyperbole', m.index!, m.index! + m[0].length);

  const teasers: Array<[number, number]> = [];
  for (const re of TEASERS) for (const m of title.matchAll(re)) teasers.push([m.index! + (m[0].length - m[0].trimStart().length), m.index! + m[0].length]);
  const lower = title.toLowerCase().replace(/’/g, "'");
  for (const p of phrases) {
    let i = lower.indexOf(p);
    while (i >= 0) {
      const end = i + p.length;
      const bounded = (i === 0 || !/\p{L}/u.test(lower[i - 1]!)) && (end === lower.length || !/\p{L}/u.test(lower[end]!));
      if (bounded) teasers.push([i, end]);
      i = lower.indexOf(p, i + 1);
    }
  }
  // Keep the longest of overlapping teaser matches.
  teasers.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let lastEnd = -1;
  for (const [s, e] of teasers) {
    if (s < lastEnd) continue;
    add('teaser', s, e);
    lastEnd = e;
  }
  for (const m of title.matchAll(/\?+/g)) add('question', m.index!, m.index! + m[0].length);
  return out.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

/** Clickbait-list phrases that tease (second person, forward reference), not plain n-grams like "of the". */
export function teaserPhrases(phrases: readonly string[]): string[] {
  return phrases.filter((p) => p.includes(' ') && /\b(?:you|your|you're|we|this|here's|what|happens?|happened|believe|mind|life|trick|secrets?|blew|blow|viral)\b/.test(p));
}
