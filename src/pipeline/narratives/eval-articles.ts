/**
 * The narratives evaluation's figures on article text: whole invented articles that restate a
 * case in one sentence, the quotes of real disinformation that Ukraine-war cases carry, and
 * ordinary news, where any match a report shows is taken as false (`newsFalseMatches`,
 * `restFalseMatches`). `learn.ts` (`task.evaluate`) writes them into the model card.
 */
import type { KbSearcher, Match } from '../../kb/search.ts';
import { ARTICLE_PROFILE, DISINFO_KBS } from '../../kb/search-options.ts';
import type { Calibration } from '../../kb/reranker.ts';
import type { LabelledQuery } from '../../kb/loaders/snopes.ts';
import { cleanQuery, contentWords, withoutReportingFrame } from '../../kb/text.ts';
import type { repeatsCase } from './data.ts';
import { MAX_CLAIMS, matchLookUp, searchWithClauses, type LookUp } from './component.ts';
import type { Rules } from './eval-paraphrases.ts';
import { NEWS_ARTICLES } from './training.ts';

/** An invented article that repeats one EUvsDisinfo case's claim in one sentence of its body (`claim`). */
export interface Article { id: string; title: string; text: string; claim: string }

/**
 * Whole invented articles, each repeating a case's claim in its own words in one sentence among
 * ordinary ones, analysed as `analyze` does (claims component, `lookUps`): is that sentence looked
 * up, is the case (or one that repeats its claim: `repeatsCase`) its top candidate and the match shown, and
 * what do the article's other sentences show (each is ordinary text, so anything shown is wrong).
 */
export function articleFigures(searcher: KbSearcher, cal: Calibration, lookUps: (text: string) => LookUp[], articles: Article[], repeats: ReturnType<typeof repeatsCase>): string {
  let looked = 0, top = 0, right = 0, wrong = 0;
  const others: string[] = [];
  for (const a of articles) {
    const isCase = (m: Match | undefined) => !!m && repeats(a, m.entry);
    const full = `${a.title}\n\n${a.text}`;
    const at = full.indexOf(a.claim, a.title.length);
    const inClaim = (x: { span: { start: number; end: number } }) => x.span.start < at + a.claim.length && x.span.end > at;
    if (isCase(searcher.search(a.claim, { top: 1, ...ARTICLE_PROFILE })[0])) top++;
    const ls = lookUps(full);
    if (ls.some(inClaim)) looked++;
    const shown = ls.flatMap((l) => matchLookUp(searcher, cal, l, 1));
    const mine = shown.filter(inClaim);
    if (mine.some((c) => isCase(c.matches[0]))) right++;
    else if (mine.length) wrong++;
    for (const c of shown.filter((c) => !inClaim(c))) others.push(`"${c.text.slice(0, 60)}" -> ${c.matches[0]!.entry.kb}: "${c.matches[0]!.entry.title.slice(0, 50)}" (${c.matches[0]!.score.toFixed(2)})`);
  }
  const sentences = articles.reduce((n, a) => n + (`${a.title}\n\n${a.text}`.match(/[.!?](\s|$)/g)?.length ?? 0), 0) - articles.length;
  return `the restating sentence's content words (without its reporting frame) that its case's title or summary has, median share ${medianWordShare(searcher, articles).toFixed(2)}; that sentence looked up ${looked}/${articles.length}, its top candidate the case ${top}/${articles.length}, shown with the case ${right}/${articles.length}, with another entry ${wrong}; the articles' ordinary sentences (about ${sentences}) shown with a match: ${others.length}${others.length ? ` (${others.join('; ')})` : ''}.`;
}

/**
 * How far the articles' restating sentences are worded from their cases: the median share of a
 * sentence's distinct content words (its reporting frame left out) that the case's title or
 * summary has. A lexical matcher finds little under about 0.2 (the second article set).
 */
function medianWordShare(searcher: KbSearcher, articles: Article[]): number {
  const entry = searcher.db.prepare("SELECT title, summary FROM entries WHERE kb = 'euvsdisinfo' AND id = ?");
  const shares = articles.map((a) => {
    const e = entry.get(a.id) as { title: string; summary: string | null } | undefined;
    const claim = new Set(contentWords(withoutReportingFrame(cleanQuery(a.claim))));
    const caseWords = new Set(contentWords(`${e?.title ?? ''} ${e?.summary ?? ''}`));
    return claim.size ? [...claim].filter((w) => caseWords.has(w)).length / claim.size : 0;
  }).sort((x, y) => x - y);
  const m = shares.length >> 1;
  return shares.length % 2 ? shares[m]! : (shares[m - 1]! + shares[m]!) / 2;
}

/**
 * Real disinformation text: each Ukraine-war case quotes the outlet that spread its claim. Each
 * quote is looked up with its own case left out of the KB; right is another case the data set
 * files under the same claim. A match to an EUvsDisinfo case may carry the same claim too, but
 * nothing here judges that, so those are counted apart.
 */
export function ukraineWarQuotes(searcher: KbSearcher, rules: Rules, say: (s: string) => void): void {
  const rows = searcher.db.prepare("SELECT rid, title, narrative, summary FROM entries WHERE kb = 'ukraine-war' AND summary IS NOT NULL").all() as Array<{ rid: number; title: string; narrative: string | null; summary: string }>;
  const perClaim = new Map<string, number>();
  for (const r of rows) perClaim.set(r.title, (perClaim.get(r.title) ?? 0) + 1);
  const quotes = rows.filter((r) => perClaim.get(r.title)! > 1);
  if (!quotes.length) return;
  // The data set files some quotes twice (37 texts, under one claim or two): left out together.
  const sameText = new Map<string, number[]>();
  for (const r of rows) sameText.set(r.summary.trim(), [...(sameText.get(r.summary.trim()) ?? []), r.rid]);
  type Kind = 'claim' | 'narrative' | 'euvsdisinfo' | 'other';
  const tally = () => ({ claim: 0, narrative: 0, euvsdisinfo: 0, other: 0 }) as Record<Kind, number>;
  const top = tally(), shown = tally();
  for (const r of quotes) {
    const opts = { exclude: new Set(sameText.get(r.summary.trim())), ...ARTICLE_PROFILE, top: 1 };
    const kind = (m: Match | undefined): Kind | null => {
      if (!m) return null;
      if (m.entry.kb === 'euvsdisinfo') return 'euvsdisinfo';
      if (m.entry.kb !== 'ukraine-war') return 'other';
      return m.entry.title === r.title ? 'claim' : m.entry.narrative === r.narrative ? 'narrative' : 'other';
    };
    const t = kind(searcher.search(r.summary, opts)[0]);
    if (t) top[t]++;
    const s = kind(searcher.search(r.summary, { ...opts, minScore: rules.threshold, minCover: rules.minCover, synonymCover: rules.synonymCover, namedKbs: rules.namedKbs })[0]);
    if (s) shown[s]++;
  }
  const pct = (n: number) => `${((n / quotes.length) * 100).toFixed(1)}%`;
  const parts = (t: Record<Kind, number>) => `another case of the same claim ${t.claim}, of another claim of the same narrative ${t.narrative}, an EUvsDisinfo case ${t.euvsdisinfo} (not judged), anything else ${t.other}`;
  const nShown = Object.values(shown).reduce((a, b) => a + b, 0);
  say(`- Ukraine-war case quotes (real disinformation text; the ${quotes.length} whose claim has another case, each looked up with its own case and any filed with the same text left out): top match another case of the same claim **${pct(top.claim)}** (top matches: ${parts(top)}). Shown by a report: ${nShown} (${pct(nShown)}): ${parts(shown)}.`);
}

/**
 * Matches a report would show on news that repeats no catalogued claim (as far as anyone
 * checked): against the disinformation KBs, then against every KB with and without the cover rule.
 */
export function newsFalseMatches(searcher: KbSearcher, news: LabelledQuery[], rules: Rules, what: string, say: (s: string) => void): void {
  if (!news.length) return;
  const { threshold, minCover, synonymCover, namedKbs } = rules;
  const articleOf = (q: LabelledQuery) => q.id.split('#')[0]!;
  // Every claim a report would show for the sentence (its own and its clauses'), best first.
  const top = (q: LabelledQuery, gated: boolean) =>
    searchWithClauses(searcher, q.text, { top: 5, minScore: threshold, ...(gated ? { minCover, synonymCover, namedKbs } : {}), ...ARTICLE_PROFILE }, rules.restMinEntryCover).flatMap((c) => c.matches).sort((a, b) => b.score - a.score);
  const disinfo = news.flatMap((q) => {
    const m = top(q, true).find((x) => DISINFO_KBS.includes(x.entry.kb));
    return m ? [{ q, m }] : [];
  });
  const pct = (n: number) => `${((n / news.length) * 100).toFixed(2)}%`;
  const articles = new Set(news.map(articleOf)).size;
  say(`- False matches on ordinary news (news-unlabeled, first ${NEWS_ARTICLES} files by name, never used in training or calibration; ${what}: ${news.length} from ${articles} articles) against EUvsDisinfo + Ukraine-war cases: **${pct(disinfo.length)}** (${disinfo.length}) shown by a report (threshold ${threshold}, cover ${minCover}${namedKbs ? ', a shared name' : ''}), in ${new Set(disinfo.map(({ q }) => articleOf(q))).size} articles. Not checked by hand: some news does repeat catalogued claims, so this is an upper bound.${disinfo.length ? ` Shown: ${disinfo.slice(0, 4).map(({ q, m }) => `"${q.text.slice(0, 70)}" -> "${m.entry.title.slice(0, 60)}" (${m.score.toFixed(2)})`).join('; ')}.` : ''}`);
  const gated = news.flatMap((q) => top(q, true).slice(0, 1));
  const ungated = news.flatMap((q) => top(q, false).slice(0, 1));
  say(`  Against every KB: **${pct(gated.length)}** (${gated.length}) shown with a match; ${pct(ungated.length)} (${ungated.length}) by the threshold alone. Shown: ${gated.slice(0, 6).map((m) => `${m.entry.kb}: "${m.entry.title.slice(0, 60)}" (${m.score.toFixed(2)}, cover ${m.cover.toFixed(2)})`).join('; ') || 'none'}${gated.length > 6 ? '; ...' : ''}.`);
}

/** Matches shown for the sentences a report looks up beyond its 8 places (`lookUps`), on the same ordinary news. */
export function restFalseMatches(searcher: KbSearcher, cal: Calibration, lookUps: (text: string) => LookUp[], hosts: Array<{ text: string }>, say: (s: string) => void): void {
  const rest = hosts.flatMap((h) => lookUps(h.text).filter((l) => l.rest));
  const shown = rest.flatMap((l) => matchLookUp(searcher, cal, l, 1).map((c) => ({ l: { text: c.text }, m: c.matches[0]! })));
  const disinfo = shown.filter(({ m }) => DISINFO_KBS.includes(m.entry.kb));
  say(`- The sentences a report looks up beyond its ${MAX_CLAIMS} places (those with ${cal.restMinEntryCover ?? 'n/a'} or more of the words some entry states, its claim and title) in the same ${hosts.length} articles: ${rest.length} looked up, ${shown.length} shown with a match (${disinfo.length} EUvsDisinfo / Ukraine-war)${shown.length ? `: ${shown.map(({ l, m }) => `"${l.text.slice(0, 60)}" -> ${m.entry.kb}: "${m.entry.title.slice(0, 50)}" (${m.score.toFixed(2)})`).join('; ')}` : ''}.`);
}
