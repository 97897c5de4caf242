/**
 * The narratives evaluation's figures on invented paraphrases of catalogued claims, as reports
 * would show them: looked up alone, framed as news attributes a claim, two to a sentence,
 * planted in ordinary news articles (with case titles planted word for word), and the word-form
 * phrasings `FORMS` (text.ts) was written for. `learn.ts` (`task.evaluate`) writes them into the
 * model card.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../learn/data.ts';
import { mulberry32 } from '../../learn/linear.ts';
import type { KbSearcher, Match } from '../../kb/search.ts';
import { ARTICLE_PROFILE } from '../../kb/search-options.ts';
import type { Calibration } from '../../kb/reranker.ts';
import { isContentWord } from '../../kb/text.ts';
import { sameTitleCases } from './data.ts';
import { matchLookUp, searchWithClauses, type LookUp } from './component.ts';

const WORD_FORMS_FIXTURE = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/word-forms.json');

/** The rules under which a report shows a match (`Calibration`'s). */
export type Rules = { threshold: number; minCover: number; synonymCover?: number; namedKbs?: string[]; restMinEntryCover?: number };

/**
 * Held-out paraphrases looked up as `analyze` looks up a claim: how often the paraphrased entry
 * is the top match, and the precision and recall of the matches a report shows (the best match
 * at or above the threshold that covers enough of the claim and, for named KBs, shares a name).
 */
export function paraphraseFigures<P extends { text: string }>(searcher: KbSearcher, para: P[], isRight: (p: P, m: Match | undefined) => boolean, rules: Rules): string {
  const first = para.filter((p) => isRight(p, searcher.search(p.text, { top: 1, ...ARTICLE_PROFILE })[0])).length;
  // A paraphrase can show more than one claim (its clauses): precision counts every match shown.
  const shown = para.flatMap((p) => shownMatches(searcher, p.text, rules).map((m) => ({ p, m })));
  const right = shown.filter((x) => isRight(x.p, x.m)).length;
  const found = para.filter((p) => shown.some((x) => x.p === p && isRight(p, x.m))).length;
  return `top-1 ${first}/${para.length}; shown by a report (threshold ${rules.threshold}, cover ${rules.minCover}${rules.namedKbs?.length ? ', a shared name where the KB needs one' : ''}): precision ${shown.length ? (right / shown.length).toFixed(3) : 'n/a'} (${right}/${shown.length}), recall ${(found / para.length).toFixed(3)}.`;
}

/** The top match of each claim a report shows for `text` under `rules` (the text's own, then its clauses': `searchWithClauses`). */
const shownMatches = (searcher: KbSearcher, text: string, rules: Rules): Match[] =>
  searchWithClauses(searcher, text, { top: 1, minScore: rules.threshold, minCover: rules.minCover, synonymCover: rules.synonymCover, namedKbs: rules.namedKbs, ...ARTICLE_PROFILE }, rules.restMinEntryCover).map((c) => c.matches[0]!);

/**
 * Claims in phrasings that spell their words as some of their cases do and others do not
 * ("biolabs" / "biological laboratories", "Kyiv" / "Kiev"), counted per set name: how many have
 * a case of their claim as top match, and how many show one, or another entry. The phrasings are
 * those `FORMS` (text.ts) was written for: a check that it still works, not a held-out figure.
 */
export function wordFormFigures(searcher: KbSearcher, rules: Rules): string {
  const { sets } = JSON.parse(readFileSync(WORD_FORMS_FIXTURE, 'utf8')) as { sets: Array<{ name: string; cases: string[]; phrasings: string[] }> };
  const byName = new Map<string, { n: number; top: number; right: number; other: number }>();
  for (const { name, cases, phrasings } of sets) {
    const f = byName.get(name) ?? { n: 0, top: 0, right: 0, other: 0 };
    byName.set(name, f);
    const ofIt = (m: Match | undefined) => !!m && cases.includes(`${m.entry.kb}:${m.entry.id}`);
    for (const t of phrasings) {
      f.n++;
      if (ofIt(searcher.search(t, { top: 1, ...ARTICLE_PROFILE })[0])) f.top++;
      for (const m of shownMatches(searcher, t, rules)) ofIt(m) ? f.right++ : f.other++;
    }
  }
  const figures = [...byName].map(([name, f]) => `${name}: top match a case of its claim ${f.top}/${f.n}, shown by a report with one ${f.right}, with another entry ${f.other}`);
  return `Word forms (invented claims that spell their words as some of their cases do and others do not: "biolabs" / "bio-labs" / "biological laboratories", "bioweapons" / "biological weapons"; "Kiev" / "Kyiv", "Odessa" / "Odesa", "Donbass" / "Donbas", "Lugansk" / "Luhansk"; fixture \`src/pipeline/narratives/fixtures/word-forms.json\`, the claims \`FORMS\` in \`src/kb/text.ts\` was written for, so not held out): ${figures.join('; ')}.`;
}

/** Ways news attributes a claim to whoever made it; the claim is `t`, a sentence. */
export const REPORTING_FRAMES: Array<(t: string) => string> = [
  (t) => `${t.replace(/[.!?]$/, '')}, the channel claimed.`,
  (t) => `${t.replace(/[.!?]$/, '')}, a commentator on state television argued on Sunday.`,
  (t) => `According to the pro-Kremlin website, ${t.charAt(0).toLowerCase()}${t.slice(1)}`,
  (t) => `The presenter insisted that ${t.charAt(0).toLowerCase()}${t.slice(1)}`,
];

/** Per frame of REPORTING_FRAMES, how many of the paraphrases a report shows with the right match when framed so. */
export function framedFigures<P extends { text: string }>(searcher: KbSearcher, para: P[], isRight: (p: P, m: Match | undefined) => boolean, rules: Rules): string {
  return REPORTING_FRAMES.map((f) => para.filter((p) => shownMatches(searcher, f(p.text), rules).some((m) => isRight(p, m))).length).join(' / ');
}

/** "A, and b": two claims of a set in one sentence, the second's first word lower-cased unless it is a content word ("The" but not "Shops"). */
const joined = (a: string, b: string): string => {
  const first = b.split(/\s+/)[0] ?? '';
  return `${a.replace(/[.!?]$/, '')}, and ${isContentWord(first.toLowerCase()) ? b : b.charAt(0).toLowerCase() + b.slice(1)}`;
};

/** Each paraphrase joined with the next of its set (`joined`): how often a report shows the first's entry, the second's, both, and an entry of neither. */
export function compoundFigures<P extends { text: string }>(searcher: KbSearcher, para: P[], isRight: (p: P, m: Match | undefined) => boolean, rules: Rules): string {
  let first = 0, second = 0, both = 0, other = 0;
  para.forEach((a, i) => {
    const b = para[(i + 1) % para.length]!;
    const ms = shownMatches(searcher, joined(a.text, b.text), rules);
    const ra = ms.some((m) => isRight(a, m)), rb = ms.some((m) => isRight(b, m));
    if (ra) first++;
    if (rb) second++;
    if (ra && rb) both++;
    if (ms.some((m) => !isRight(a, m) && !isRight(b, m))) other++;
  });
  return `first ${first}/${para.length}, second ${second}/${para.length}, both ${both}, a sentence showing an entry of neither ${other}`;
}

/**
 * Held-out paraphrases planted in ordinary news: each goes in as a paragraph of a host article,
 * early (after its first paragraph) or late (before its last), and counts as shown when `analyze`
 * looks it up (`lookUps`) and its best match under the report rules is the paraphrased entry
 * (for a text of several sentences, such as some case titles: one of its sentences). A
 * long article has more claims than `MAX_CLAIMS`, so a sentence its claims component scores low
 * is looked up there only when it has most of the words some entry states.
 */
export function plantedFigures<P extends { text: string }>(searcher: KbSearcher, cal: Calibration, lookUps: (text: string) => LookUp[], hosts: Array<{ text: string }>, para: P[], isRight: (p: P, m: Match | undefined) => boolean, at: 'early' | 'late'): string {
  let looked = 0, right = 0;
  para.forEach((p, i) => {
    const parts = hosts[i % hosts.length]!.text.split(/\n[ \t]*\n/);
    const k = at === 'early' ? Math.min(2, parts.length) : Math.max(1, parts.length - 1);
    const before = parts.slice(0, k).join('\n\n') + '\n\n';
    const text = before + [p.text, ...parts.slice(k)].join('\n\n');
    // Its sentences (a case title can have several): shown right when one of them shows the item first.
    const mine = lookUps(text).filter((x) => x.span.start >= before.length && x.span.end <= before.length + p.text.length);
    if (!mine.length) return;
    looked++;
    if (mine.some((l) => matchLookUp(searcher, cal, l, 1).some((c) => isRight(p, c.matches[0])))) right++;
  });
  return `looked up ${looked}/${para.length}, shown right ${right}/${para.length}`;
}

/** `n` EUvsDisinfo case titles drawn with a fixed seed, as sentences, with the ids of every case filed under the same title. */
export function caseTitles(searcher: KbSearcher, n: number): Array<{ text: string; same: string[] }> {
  const rows = searcher.db.prepare("SELECT id, title FROM entries WHERE kb = 'euvsdisinfo' ORDER BY rid").all() as Array<{ id: string; title: string }>;
  if (!rows.length) return [];
  const twins = sameTitleCases(searcher.db);
  const next = mulberry32(7);
  return Array.from({ length: n }, () => rows[Math.floor(next() * rows.length)]!).map((r) => ({ text: /[.!?]$/.test(r.title.trim()) ? r.title.trim() : `${r.title.trim()}.`, same: twins(r.id) }));
}
