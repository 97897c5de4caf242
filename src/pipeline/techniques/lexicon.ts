import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Word lists that mark subjective, biased or hedged wording. They are compiled at training time
 * from ../shared/data/lexicons into models/techniques/lexicon.json (word -> bit set), so the
 * shipped model never reads the shared data.
 */

export const LEX_TAGS = ['strong', 'weak', 'negative', 'positive', 'bias', 'hedge', 'factive', 'assertive', 'implicative', 'report'] as const;
export type LexTag = (typeof LEX_TAGS)[number];
const bit = (t: LexTag) => 1 << LEX_TAGS.indexOf(t);

export type Lexicon = Map<string, number>;

/** Single-word entries of a Recasens-style list (comments start with '#'). */
function listWords(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#') && !/\s/.test(l));
}

export function compileLexicon(lexiconDir: string): Lexicon {
  const lex: Lexicon = new Map();
  const add = (w: string, b: number) => lex.set(w, (lex.get(w) ?? 0) | b);
  const mpqa = readFileSync(join(lexiconDir, 'mpqa-subjectivity-clues/subjclueslen1-HLTEMNLP05.tff'), 'utf8');
  for (const line of mpqa.split(/\r?\n/)) {
    const f = Object.fromEntries(line.split(/\s+/).map((kv) => kv.split('=') as [string, string]));
    if (!f.word1) continue;
    let b = f.type === 'strongsubj' ? bit('strong') : bit('weak');
    if (f.priorpolarity === 'negative') b |= bit('negative');
    if (f.priorpolarity === 'positive') b |= bit('positive');
    add(f.word1.toLowerCase(), b);
  }
  const rec = join(lexiconDir, 'recasens2013-bias');
  const lists: Array<[string, LexTag]> = [
    ['bias-lexicon.txt', 'bias'],
    ['hedges_hyland2005.txt', 'hedge'],
    ['factives_hooper1975.txt', 'factive'],
    ['assertives_hooper1975.txt', 'assertive'],
    ['implicatives_karttunen1971.txt', 'implicative'],
    ['report_verbs.txt', 'report'],
  ];
  for (const [file, tag] of lists) for (const w of listWords(join(rec, file))) add(w, bit(tag));
  return lex;
}

export function saveLexicon(lex: Lexicon, path: string): void {
  writeFileSync(path, JSON.stringify(Object.fromEntries([...lex].sort(([a], [b]) => a.localeCompare(b)))) + '\n');
}

export function loadLexicon(path: string): Lexicon {
  return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, number>));
}
