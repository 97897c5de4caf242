import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Doc, Layers } from '../../doc/doc.ts';
import type { Narrative } from '../../report/schema.ts';
import type { Span } from '../../doc/span.ts';
import { addNoteOnce, kbHandle, NO_KB_NOTE, type KbHandle } from '../../kb/handle.ts';
import type { Entry } from '../../kb/db.ts';
import { entryKey } from '../../kb/memory.ts';
import { cleanQuery, contentWords } from '../../kb/text.ts';
import type { KbSearcher, Match } from '../../kb/search.ts';
import { ARTICLE_PROFILE, type SearchOptions } from '../../kb/search-options.ts';
import { refutationCue } from '../../kb/refutation.ts';
import type { Calibration } from '../../kb/reranker.ts';

export interface NarrativesPrediction {
  narratives: Narrative[];
  summary: Layers['narrativeSummary'];
}

const MAX_MATCHES = 5;
/** Content words a sentence needs to be looked up in its article's 8 places (`claimsToMatch`). */
export const MIN_CONTENT_WORDS = 4;
/**
 * A sentence beyond the 8 places (`lookUps`) needs one word fewer: it is looked up, and shown,
 * only for an entry whose claim and title it mostly states, so three words can pin down a
 * three-word claim ("NATO supports ISIS.", "Ukraine is a failed state."; 323 EUvsDisinfo and 45
 * Ukraine-war claims have under 4 content words). Of the 782 three-word body sentences in the
 * 400 news-unlabeled articles, 3 pass the floor and none shows a match (models/narratives/NOTES.md).
 */
const REST_MIN_CONTENT_WORDS = 3;
/**
 * Body sentences matched per article: its claims, most check-worthy first, then its other
 * sentences in text order while places are left. Not for speed (a look-up that shows nothing
 * costs about 0.2 ms): with every claim of the 400 news-unlabeled articles looked up (5,726
 * instead of 2,129), reports showed 12 matches instead of 2, and with 16 per article 6; every
 * new one was wrong (models/narratives/NOTES.md).
 */
export const MAX_CLAIMS = 8;
const SUMMARY_CHARS = 400;
/** Some cases list dozens of outlets. */
const OUTLETS_CHARS = 200;
const round = (x: number) => Math.round(x * 1000) / 1000;
const clip = (s: string | null | undefined, n: number) => (s && s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s ?? null);

/**
 * The claims an analysis looks up, with their text: the title, and the body sentences (at most
 * MAX_CLAIMS of them when a claims component ran). Its claims come first (most check-worthy
 * first), then other sentences fill the places left, in text order: check-worthiness was learned
 * from tweets and debates, and it scores much disinformation under its threshold (25 of the 94
 * invented paraphrases of EUvsDisinfo cases: "Amnesty International is nothing but an
 * ideological instrument of the American intelligence services." 0.20), so a short article
 * repeating a case showed nothing. Over 400 news-unlabeled articles, the titles and the fill
 * make 2,895 look-ups instead of 2,125 and reports show 2 matches instead of 1; the 233 titles
 * show none (models/narratives/NOTES.md).
 *
 * Too few words pin down no claim (a headline like "Velmora under pressure" would match anything
 * about Velmora), and headings in the body state nothing (`isHeading`). Words are counted as the
 * search sees them, after links and a quoted tweet's signature are dropped: "pic.twitter.com/…
 * — Secretary Pompeo (@SecPompeo) January 3, 2020" leaves "Secretary Pompeo", which matched
 * "Pompeo: Crimea is lost" at 0.94. Training reads the same claims of ordinary news, so that the
 * threshold is set on what reports meet.
 */
export function claimsToMatch(doc: Doc, wordsOf: (text: string) => readonly string[] = (t) => contentWords(cleanQuery(t))): LookUp[] {
  const withText = (span: Span) => lookUpOf(doc, span);
  const lookable = ({ text }: { text: string }) => wordsOf(text).length >= MIN_CONTENT_WORDS;
  const usable = (c: { text: string }) => lookable(c) && !isHeading(c.text);
  const title = doc.title ? [withText(doc.title)].filter(lookable) : [];
  // Without a claims component every sentence is looked up, as before there was one.
  if (!doc.layers.claims) return [...title, ...doc.bodySentences.map(withText).filter(usable)];
  const chosen: LookUp[] = [];
  for (const c of [...doc.layers.claims].sort((a, b) => b.score - a.score)) {
    if (chosen.length === MAX_CLAIMS) break;
    const x = withText(c);
    if (usable(x)) chosen.push(x);
  }
  // Counting a sentence's words costs more than looking most of them up, so only as many as needed.
  const taken = new Set(chosen.map((c) => c.span.start));
  for (const s of doc.bodySentences) {
    if (chosen.length === MAX_CLAIMS) break;
    if (taken.has(s.start)) continue;
    const x = withText(s);
    if (usable(x)) chosen.push(x);
  }
  return [...title, ...chosen.sort((a, b) => a.span.start - b.span.start)];
}

/** A sentence (or the title) an analysis looks up; `rest` when it is beyond the 8 places of `claimsToMatch`. */
export interface LookUp {
  span: Span;
  text: string;
  rest?: boolean;
}

/** A span as looked up: its offsets alone (a claim span carries more) and its text. */
const lookUpOf = (doc: Doc, span: Span): LookUp => ({ span: { start: span.start, end: span.end }, text: doc.slice(span) });

/**
 * Everything an analysis looks up: `claimsToMatch`, then, when a claims component ran, the other
 * body sentences and a title too short for it (3+ content words, `REST_MIN_CONTENT_WORDS`) that
 * have at least `restFloor` of the words some entry states (its claim and title, not its summary;
 * `rest`; the calibration's `restMinEntryCover`, `REST_MIN_ENTRY_COVER`), found without a search
 * (`statesSomeEntry`). A long article's 8 places mostly go to its most
 * check-worthy claims, and a catalogued claim repeated elsewhere in it was looked up less than
 * half the time; a report shows a match for such a sentence only when the entry has that share
 * of its words in it (models/narratives/NOTES.md). Without the floor in the calibration (an older model)
 * there are no such look-ups.
 */
export function lookUps(doc: Doc, searcher: Pick<KbSearcher, 'statesSomeEntry' | 'contentWordsOf'>, restFloor: number | undefined): LookUp[] {
  const first = claimsToMatch(doc, (t) => searcher.contentWordsOf(t));
  if (!restFloor || !doc.layers.claims) return first;
  const taken = new Set(first.map((c) => c.span.start));
  const rest: LookUp[] = [];
  // The title too when it is too short for the 8 places: a headline can carry a short claim.
  const title = doc.title;
  for (const s of title ? [title, ...doc.bodySentences] : doc.bodySentences) {
    if (taken.has(s.start)) continue;
    const text = doc.slice(s);
    if ((s === title || !isHeading(text)) && searcher.statesSomeEntry(text, restFloor, REST_MIN_CONTENT_WORDS)) rest.push({ ...lookUpOf(doc, s), rest: true });
  }
  return rest.length ? [...first, ...rest].sort((a, b) => a.span.start - b.span.start) : first;
}

/** The search options of one look-up: a report's rules, and for a `rest` sentence the entry-cover floor. */
export function lookUpOptions(cal: Calibration, rest: boolean | undefined, top = MAX_MATCHES): SearchOptions {
  const { threshold, minCover = 0, namedKbs, restMinEntryCover, synonymCover } = cal;
  return { top, minScore: threshold, minCover, synonymCover, namedKbs, ...ARTICLE_PROFILE, ...(rest ? { minEntryCover: restMinEntryCover } : {}) };
}

/**
 * Where a sentence joins claims of its own: "Ukraine is a failed state run by neo-Nazis, and
 * Zelensky is a puppet of the West." Each half, looked up alone, shows its case (0.92 and 0.98);
 * the whole sentence does not, because either case has under 40% of its words (the cover rule)
 * and the re-ranker scores the half it matches as diluted (0.62).
 */
const CLAUSE_BOUNDARY = /\s*;\s+|,\s+(?:and|but|while|whereas|yet)\s+/g;
/** The same, for one test with no iterator. */
const HAS_CLAUSE_BOUNDARY = new RegExp(CLAUSE_BOUNDARY.source);

/**
 * The clauses of `text` (offsets into it) when it has two or more, each of 3+ content words and
 * with a finite verb (`hasFiniteVerb`), else none. A piece with fewer words ("Rents rose" in
 * "Rents rose, but wages in the valley towns fell behind prices.") stays with the piece after it,
 * or before it when last. A bare "and" splits nothing: it joins names and things far more often
 * than claims.
 */
export function clausesOf(text: string): Array<{ start: number; end: number; words: number }> {
  // Most sentences join no clauses: one test, no iterator.
  if (!HAS_CLAUSE_BOUNDARY.test(text)) return [];
  const pieces: Array<{ start: number; end: number; words: number }> = [];
  const piece = (start: number, end: number) => ({ start, end, words: contentWords(cleanQuery(text.slice(start, end))).length });
  let from = 0;
  for (const m of text.matchAll(CLAUSE_BOUNDARY)) {
    pieces.push(piece(from, m.index!));
    from = m.index! + m[0].length;
  }
  if (!pieces.length) return [];
  pieces.push(piece(from, text.length));
  for (let i = 0; i < pieces.length && pieces.length > 1; ) {
    if (pieces[i]!.words >= REST_MIN_CONTENT_WORDS) {
      i++;
      continue;
    }
    // Joined with the next piece, or with the one before when it is the last (its words counted
    // as the two pieces' together: the word that joined them is a stopword or close to one).
    const j = i + 1 < pieces.length ? i : i - 1;
    pieces.splice(j, 2, { start: pieces[j]!.start, end: pieces[j + 1]!.end, words: pieces[j]!.words + pieces[j + 1]!.words });
    i = Math.max(0, j);
  }
  return pieces.length > 1 && pieces.every((p) => hasFiniteVerb(text.slice(p.start, p.end))) ? pieces : [];
}

const AUXILIARY = /\b(?:is|are|was|were|am|be|been|has|have|had|will|would|can|could|shall|should|may|might|must|does|do|did|isn'?t|aren'?t|wasn'?t|weren'?t|hasn'?t|haven'?t|hadn'?t|won'?t|wouldn'?t|can'?t|cannot|couldn'?t|shouldn'?t|doesn'?t|don'?t|didn'?t)\b/;
const IRREGULAR_PAST = /\b(?:made|said|went|took|gave|built|sent|ran|led|began|fought|paid|sold|told|brought|bought|won|lost|left|kept|held|became|came|got|put|set|shot|spent|stole|knew|thought|saw|wrote|broke|chose|drove|fell|flew|hid|meant|met|rose|spoke|stood|struck|threw|wore|sought|caught|taught|felt|found|heard|hit|hurt|let|read|split|spread|stuck|swore|tore|understood|withdrew)\b/;
/**
 * A lower-case word in -ed that a determiner or possessive does not introduce ("his alleged
 * weapons" is no verb; nor is "United" in "the United States").
 */
const PAST_ED = /(?:^|\s)(?!(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Mm]y|[Yy]our|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|so-called)\s)\S+\s+[a-z]{3,}ed\b|^[a-z]{3,}ed\b/;

/**
 * A lower-case word in -s after a name, a pronoun or an adverb in -ly, and before a word that is
 * no preposition or conjunction: "Russia leads the world", "it cleans their tanks", "secretly
 * maintains ties"; not "the United Nations observers in the valley" (a plural after a name).
 */
const PRESENT_S = /(?:\b[A-Z][\p{L}-]*|\b(?:it|he|she|who|that|which|[a-z]+ly))\s+[a-z]{2,}(?<!ss|us|is)s\s+(?!(?:in|on|at|from|of|for|with|by|to|near|across|into|about|over|under|during|after|before|and|or|but)\b)[\p{L}"“‘']/u;

/**
 * Whether a clause has a finite verb, read from closed lists and endings (lower case: a verb
 * inside a clause is): an auxiliary or copula, a common irregular past, a word in -ed
 * (`PAST_ED`), a word in -s after a name, pronoun or adverb (`PRESENT_S`). Lists of names and
 * things joined by "; " or ", and " are no clauses ("…, and Mr Obama's Director of National
 * Intelligence, John Brennan."); a plural subject's present tense ("shop owners say") is missed.
 */
function hasFiniteVerb(clause: string): boolean {
  return AUXILIARY.test(clause) || IRREGULAR_PAST.test(clause) || PAST_ED.test(clause) || PRESENT_S.test(clause);
}

/**
 * A clause too short to be looked up on its own (under MIN_CONTENT_WORDS content words) pins down
 * little, so the entry must hold nearly all of its words (cover), not the 40% a longer claim
 * needs: ", yet Western politicians applaud them." had shown "Western politicians are demonising
 * Russia and are russophobes" (0.64, cover 0.55), while "…, and Zelensky is a puppet of the West."
 * has all its words in "Poroshenko and Zelensky are puppets of Western imperialism" (cover 1).
 */
const SHORT_CLAUSE_MIN_COVER = 0.75;

/**
 * Matches a report shows for one text: the text's own, and its clauses' (`clausesOf`; offsets
 * into `text`) whose best match the whole text does not already show. `floor`: the calibration's
 * `restMinEntryCover`, for the gate that spares most clauses a search (`searchWithParts`).
 */
export function searchWithClauses(searcher: Pick<KbSearcher, 'search' | 'searchWithParts'>, text: string, opts: SearchOptions, floor?: number): Array<{ start: number; end: number; matches: Match[] }> {
  const clauses = clausesOf(text);
  if (!clauses.length) {
    const matches = searcher.search(text, opts);
    return matches.length ? [{ start: 0, end: text.length, matches }] : [];
  }
  // Under a report's cover rule only: a search by the threshold alone (eval's) stays so.
  const shortClause = (i: number): SearchOptions => (opts.minCover && clauses[i]!.words < MIN_CONTENT_WORDS ? { ...opts, minCover: Math.max(opts.minCover, SHORT_CLAUSE_MIN_COVER) } : opts);
  const { matches, parts } = searcher.searchWithParts(text, clauses.map((c) => text.slice(c.start, c.end)), opts, floor ? { floor, minWords: REST_MIN_CONTENT_WORDS } : undefined, shortClause);
  const shown = new Set(matches.map((m) => entryKey(m.entry.kb, m.entry.id)));
  return [
    ...(matches.length ? [{ start: 0, end: text.length, matches }] : []),
    ...clauses.flatMap((c, i) => {
      const ms = parts[i]!;
      return ms.length && !shown.has(entryKey(ms[0]!.entry.kb, ms[0]!.entry.id)) ? [{ ...c, matches: ms }] : [];
    }),
  ];
}

/** What a report shows for one look-up: its claims (the look-up, or clauses of it) with their matches. */
export function matchLookUp(searcher: Pick<KbSearcher, 'search' | 'searchWithParts'>, cal: Calibration, l: LookUp, top = MAX_MATCHES): Array<{ span: Span; text: string; matches: Match[] }> {
  return searchWithClauses(searcher, l.text, lookUpOptions(cal, l.rest, top), cal.restMinEntryCover).map((c) => ({
    span: { start: l.span.start + c.start, end: l.span.start + c.end },
    text: l.text.slice(c.start, c.end),
    matches: c.matches,
  }));
}

/**
 * A line in the body that reads as a heading or link text, not a sentence: no closing
 * punctuation and most words capitalised ("Related: The Biggest Unsolved Mysteries in
 * Physics"). It states nothing, yet shares words with catalogued titles. The article's own
 * title is still matched: a headline can carry the claim.
 */
export function isHeading(text: string): boolean {
  const t = text.trim();
  if (/[.!?]["'”’)]*$/.test(t)) return false;
  const ws = t.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const capitalised = ws.filter((w) => /^\p{Lu}/u.test(w)).length;
  return ws.length > 0 && capitalised / ws.length >= 0.6;
}

/** A knowledge-base entry as the report (and the API's /v1/match) shows it; `copies`, the other ids the catalogue files it under. */
export function toMatch(e: Entry, score: number, copies: readonly string[] = []) {
  return {
    kb: e.kb,
    id: e.id,
    title: e.title,
    url: e.url ?? null,
    date: e.date ?? null,
    verdict: e.verdict ?? null,
    summary: clip(e.disproof ?? e.summary ?? (e.claim !== e.title ? e.claim : null), SUMMARY_CHARS),
    narrative: e.narrative ?? null,
    // Who said it and where it ran are the evidence a reader weighs next; 8,588 of the 11,300
    // EUvsDisinfo cases have no summary, but all but 94 name their outlets.
    speaker: e.speaker ?? null,
    outlets: clip(e.outlets, OUTLETS_CHARS),
    score: round(score),
    ...(copies.length ? { copies: [...copies] } : {}),
  };
}

/**
 * A one-claim look-up's answer (`unspin match --format json`, POST /v1/match): the matches as a
 * report scores them, each marked against the threshold and against what a report shows. A
 * report also needs the entry to have `minCover` of the claim's words: before `reported`, a
 * look-up called a match at 0.93 with a cover of 0.35 a match, and a report of the same sentence
 * showed nothing. Nor does a report look up a claim of under MIN_CONTENT_WORDS content words
 * (`contentWords`, as the search counts them: `KbSearcher.contentWordsOf`): "Crimea" or "Bill
 * Gates" still gets its nearest candidates, but none is marked as one a report would show. (A
 * sentence of 3 such words beyond an article's 8 places can be shown, for an entry that it
 * mostly states, `lookUps`; a look-up does not know where its claim stands, so it does not
 * promise that either.)
 */
export function lookUpAnswer(claim: string, contentWords: number, matches: readonly Match[], cal: Pick<Calibration, 'threshold' | 'minCover'>) {
  const { threshold, minCover = 0 } = cal;
  const lookedUp = contentWords >= MIN_CONTENT_WORDS;
  const refutes = refutingWords(claim, matches[0]?.entry.title);
  return {
    claim,
    threshold,
    minCover,
    contentWords,
    minContentWords: MIN_CONTENT_WORDS,
    ...(refutes ? { refutes } : {}),
    matches: matches.map(({ entry, score, copies, cover }) => ({ ...toMatch(entry, score, copies), aboveThreshold: score >= threshold, cover: round(cover), reported: lookedUp && score >= threshold && cover >= minCover })),
  };
}

/**
 * The words by which a claim refutes what it names (`refutationCue`), as offsets of the claim;
 * none when the best match's own title has such words too ("No evidence of …"): the text then
 * says what the case says.
 */
export function refutingWords(claim: string, bestTitle: string | undefined): { start: number; end: number; text: string } | undefined {
  const cue = refutationCue(claim);
  if (!cue || bestTitle === undefined || refutationCue(bestTitle)) return undefined;
  return { ...cue, text: claim.slice(cue.start, cue.end) };
}

/**
 * Matches each claim against the knowledge base: BM25 candidates, the trained re-ranker, and
 * only matches at or above the calibrated threshold. The roll-up counts, per catalogued item
 * (or per narrative, where the KB groups cases into narratives), how many claims repeat it.
 */
export function narrativesComponent(kb: KbHandle): Component<'narratives', NarrativesPrediction> {
  return {
    name: 'narratives',
    assigns: 'narratives',
    predict(doc) {
      if (!kb.searcher) return { narratives: [], summary: [] };
      const narratives: Narrative[] = [];
      try {
        for (const l of lookUps(doc, kb.searcher, kb.calibration.restMinEntryCover)) {
          for (const { span, text, matches } of matchLookUp(kb.searcher, kb.calibration, l)) {
            const item: Narrative = { claim: { start: span.start, end: span.end, text }, matches: matches.map((m) => toMatch(m.entry, m.score, m.copies)) };
            // The claim's text is the document's from span.start on (a sentence or a clause); the
            // words are kept only where the document has them there, so that offsets never lie.
            const refutes = refutingWords(text, matches[0]?.entry.title);
            const at = refutes && { ...refutes, start: span.start + refutes.start, end: span.start + refutes.end };
            if (at && doc.text.slice(at.start, at.end) === at.text) item.refutes = at;
            narratives.push(item);
          }
        }
      } finally {
        // The words of this article's sentences were kept for its look-ups only.
        kb.searcher.forgetTexts();
      }
      return { narratives, summary: rollUp(narratives) };
    },
    set(doc, p) {
      // Without a KB nothing was looked up: the layer stays absent, as for a component not run,
      // so that no reader (the page's "no known narrative matched") takes it for a clean result.
      if (!kb.searcher) {
        addNoteOnce(doc.notes, NO_KB_NOTE);
        return;
      }
      if (kb.warning) addNoteOnce(doc.notes, kb.warning);
      doc.set('narratives', p.narratives);
      doc.set('narrativeSummary', p.summary);
    },
    forget() {
      kb.searcher?.forget();
    },
  };
}

export function rollUp(narratives: Narrative[]): Layers['narrativeSummary'] {
  const groups = new Map<string, { kb: string; id: string; title: string; claims: Set<number>; score: number }>();
  narratives.forEach((n, i) => {
    const seen = new Set<string>();
    for (const m of n.matches) {
      const [key, id, title] = m.narrative ? [`${m.kb}\u0000narrative\u0000${m.narrative}`, `narrative:${m.narrative}`, m.narrative] : [`${m.kb}\u0000${m.id}`, m.id, m.title];
      if (seen.has(key)) continue;
      seen.add(key);
      const g = groups.get(key) ?? { kb: m.kb, id, title, claims: new Set<number>(), score: 0 };
      g.claims.add(i);
      g.score = Math.max(g.score, m.score);
      groups.set(key, g);
    }
  });
  return [...groups.values()]
    .map((g) => ({ kb: g.kb, id: g.id, title: g.title, claims: g.claims.size, score: g.score }))
    .sort((a, b) => b.claims - a.claims || b.score - a.score)
    .slice(0, 10);
}

export async function loadNarratives(opts: LoadOptions) {
  return narrativesComponent(kbHandle(opts));
}
