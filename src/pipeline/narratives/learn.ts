import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../learn/data.ts';
import type { LearnTask } from '../../learn/tasks.ts';
import { LinearModel, mulberry32, type SparseRow } from '../../learn/linear.ts';
import { fitPlatt } from '../../learn/platt.ts';
import { KbSearcher, type Match } from '../../kb/search.ts';
import { ARTICLE_PROFILE, DISINFO_KBS, KB_SEARCH_COVER, MIN_SHOWN_COVER, NAMED_KBS, REST_MIN_ENTRY_COVER, NEAREST_CANDIDATES, kbSearchOptions } from '../../kb/search-options.ts';
import { namesAgree } from '../../kb/show-rules.ts';
import { bm25Scorer, type Scorer } from '../../kb/scorer.ts';
import { queryCoverage } from '../../kb/features.ts';
import { loadSnopesQueries } from '../../kb/loaders/snopes.ts';
import { averagePrecisionAt, mean, reciprocalRank } from '../../kb/metrics.ts';
import { WORD_VECTORS_FILE } from '../../kb/wordvectors.ts';
import { fitWordVectors } from './fit-wordvectors.ts';
import { ASSOC_FILE, MEMORY_FILE, Reranker, RERANKER_BITS, logit, rowsFor, sigmoid, type Calibration } from '../../kb/reranker.ts';
import { Associations, type Pair } from '../../kb/assoc.ts';
import { loadSnopes } from '../../kb/loaders/snopes.ts';
import { wordKey } from '../../kb/keys.ts';
import { cleanQuery, contentWords, isContentWord, withoutReportingFrame, words } from '../../kb/text.ts';
import { buildKb } from '../../kb/build.ts';
import { QueryMemory } from '../../kb/memory.ts';
import type { LabelledQuery } from '../../kb/loaders/snopes.ts';
import { defaultDataRoot } from '../../kb/paths.ts';
import { candidatesFor, claimLookUps, newsArticles, newsClaims, newsQueries, ranked, rankedIds, rankingId, judgedSameClaims, reportCandidatesFor, repeatsCase, sameTitleCases, trainingKb, type QueryCandidates } from './data.ts';
import { MAX_CLAIMS, matchLookUp, searchWithClauses, type LookUp } from './component.ts';
import { MAP_FOLDS, SEMANTIC_KBS, entryVectorsFor, fitQueryMapOn, fitSemantic, queryVectors } from './semantic.ts';
import { QUERY_MAP_FILE } from '../../kb/querymap.ts';
import { encode } from '../../kb/encoder.ts';

const MODEL_DIR = join(REPO_ROOT, 'models/narratives');
/** Held out: only measured on. */

const FIXTURE = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/euvsdisinfo-paraphrases.jsonl');
/**
 * A second set: one sentence for each of 60 cases drawn with a fixed seed among those the other
 * sets leave out, written on 2026-11-28 by a helper session that saw only each case's title and
 * summary and was asked to restate it as news or an outlet would (synonyms, a capital for a
 * country, a reporting frame in about a quarter). `same`: other cases filed under the same title.
 */
const FIXTURE_2 = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/euvsdisinfo-paraphrases-2.jsonl');
const ARTICLES_FIXTURE = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/euvsdisinfo-articles.jsonl');
/**
 * A second set of 40 articles in the same brief (cases of a fixed draw no other fixture uses),
 * written by helper sessions on 2026-11-28 after the re-ranker was trained on paraphrases, and
 * measured once then: nothing was chosen on it.
 */
const ARTICLES_FIXTURE_2 = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/euvsdisinfo-articles-2.jsonl');
const SNOPES_FIXTURE = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/snopes-paraphrases.jsonl');
const WORD_FORMS_FIXTURE = join(REPO_ROOT, 'src/pipeline/narratives/fixtures/word-forms.json');

/** Invented paraphrases of a catalogue's entries, each with the entry it repeats, and the KBs whose Platt parameters they calibrate. */
export interface ParaphraseSet {
  name: string;
  /** Fitted on: each line {"id", "text", "same"?}, `same` naming other entries of the catalogue with the same claim. */
  fixtures: string[];
  /** The catalogue the paraphrased entries belong to. */
  kb: string;
  /** The KBs whose candidates are scored with the parameters fitted (the Ukraine-war cases share EUvsDisinfo's). */
  kbs: string[];
}
const fixturePath = (name: string) => join(REPO_ROOT, 'src/pipeline/narratives/fixtures', name);
/** Cases judged to make the same claim as a paraphrased case under another title (`judgedSameClaims`). */
const SAME_CLAIMS = fixturePath('same-claims.jsonl');
/**
 * Invented paraphrases of EUvsDisinfo cases the re-ranker also trains on, as reports list their
 * candidates: 300, one per case of a fixed draw no other fixture uses, by helper sessions (the
 * calibration's brief). On tweets alone the re-ranker learned that many shared names are a sign
 * against a match (news sentences name the people a fact-check names), which held paraphrases of
 * disinformation cases under the threshold; with these, 66 of the 139 paraphrases of the first
 * two calibration files were shown at the calibration rule against 59 (models/narratives/NOTES.md).
 */
const TRAIN_PARAPHRASES = fixturePath('euvsdisinfo-train.jsonl');
export const PARAPHRASE_SETS: ParaphraseSet[] = [
  // The second and third disinformation files: 90 and 300 cases drawn with fixed seeds among those
  // no other fixture uses, one sentence each by helper sessions that saw only the case's title
  // and summary (2026-11-28); 49 paraphrases alone left the weight's choice to one or two of them.
  { name: 'disinformation KBs', fixtures: ['euvsdisinfo-calibration.jsonl', 'euvsdisinfo-calibration-2.jsonl', 'euvsdisinfo-calibration-3.jsonl'].map(fixturePath), kb: 'euvsdisinfo', kbs: [...DISINFO_KBS] },
  { name: 'Snopes', fixtures: [fixturePath('snopes-calibration.jsonl')], kb: 'snopes', kbs: ['snopes'] },
];
/** BM25 candidates the re-ranker sees per query. */
export const CANDIDATES = 40;
/** Calibrated score a top match needs on Snopes dev to be right this often. */
const TARGET_PRECISION = 0.9;
/** news-unlabeled articles (by file name) used as no-match queries: disjoint ranges for training, calibration and measurement. */
const NEWS_TRAIN: [number, number] = [200, 300];
export const NEWS_CALIBRATION: [number, number] = [300, 400];
const NEWS_ARTICLES = 100;

/**
 * The word-association table: IBM Model 1 on each Snopes entry's claim and title, both ways
 * (two wordings of one claim, written by the same fact-checker). The train tweets are left out:
 * a table that saw them makes the feature look far better on the re-ranker's own training
 * queries than on new ones (even cross-fitted, it cost held-out paraphrase recall and doubled
 * news false matches; models/narratives/NOTES.md).
 */
export function trainAssociations(root: string): Associations {
  const keys = (s: string) => contentWords(s).map(wordKey);
  const pairs: Pair[] = [];
  for (const e of loadSnopes(root)) {
    if (!e.claim) continue;
    const a = keys(e.claim), b = keys(e.title);
    if (!a.length || !b.length) continue;
    pairs.push({ source: a, target: b }, { source: b, target: a });
  }
  return Associations.train(pairs);
}

/**
 * The train tweets under their gold entries (`memory.ts`). Ids carry the split, so a training
 * query can be left out of its own memory.
 */
function buildMemory(searcher: KbSearcher, queries: LabelledQuery[], split: string): QueryMemory {
  return QueryMemory.fromQueries(queries.flatMap((q) => {
    const a = searcher.analyseQuery(q.text);
    return q.relevant.map((id) => ({ kb: 'snopes', id, query: `${split}:${q.id}`, words: a.words, grams: a.grams }));
  }));
}

/** Leaves each training query's own tweet out of the memory its candidates carry (as for a new query). */
function leaveOwnOut(qs: QueryCandidates[], split: string): void {
  for (const qc of qs) {
    const own = `${split}:${qc.query.id}`;
    for (const c of qc.cands) {
      if (!c.memory) continue;
      const rest = c.memory.filter((m) => m.query !== own);
      if (rest.length) c.memory = rest;
      else delete c.memory;
    }
  }
}

/**
 * Ordinary news as no-match queries: the claims a report looks up in it (what users see), and
 * every 4th sentence (what `analyze` looks up without a claims component, and the wider run of
 * news text); a sentence in both counts once.
 */
export async function newsNegatives(root: string, [from, to]: [number, number]): Promise<LabelledQuery[]> {
  const claims = await newsClaims(root, from, to);
  const seen = new Set(claims.map((q) => q.text));
  return [...claims, ...newsQueries(root, from, to).filter((q) => !seen.has(q.text))];
}

function trainModel(train: QueryCandidates[], assoc: Associations): LinearModel {
  const rows: SparseRow[] = [], y: number[] = [];
  for (const qc of train) rowsFor(qc.analysed, qc.cands, assoc).forEach((row, i) => {
    rows.push(row);
    y.push(qc.labels[i] ? 1 : 0);
  });
  // Chosen on Snopes dev MAP@5 among a few settings (see models/narratives/NOTES.md).
  return LinearModel.train(rows, y, { bits: RERANKER_BITS, labels: ['no', 'match'], epochs: 40, lr: 0.02, l2: 1e-5, classWeights: [1, 3] });
}

/**
 * One re-ranker per fold of the Snopes train tweets (`MAP_FOLDS`, by position, as the query map's
 * cross-fitting splits them), each trained on every list but that fold's tweets: the lexical
 * scores the semantic stage's weights are chosen on. Scored by the re-ranker trained on them all,
 * the train tweets' gold entries score higher than a new tweet's would, and the grid chose
 * weights for that: its choice wandered with each retraining (10/15, 7.5/15, 20/5), and Snopes
 * dev MAP@5 with it by up to 0.005. models/narratives/NOTES.md, "The semantic weights on
 * out-of-fold scores".
 */
function outOfFoldModels(train: QueryCandidates[], foldOf: ReadonlyMap<LabelledQuery, number>, assoc: Associations): LinearModel[] {
  return Array.from({ length: MAP_FOLDS }, (_, f) => {
    console.error(`narratives: re-ranker without fold ${f + 1}/${MAP_FOLDS} of the train tweets (semantic weights)`);
    return trainModel(train.filter((qc) => foldOf.get(qc.query) !== f), assoc);
  });
}

/** Platt scaling of the model's logit on the calibration candidates (Snopes dev and news; `fitPlatt`). */
function fitLexicalPlatt(model: LinearModel, dev: QueryCandidates[], assoc: Associations | null): { a: number; b: number } {
  const xs: number[] = [], ys: number[] = [];
  for (const qc of dev) rowsFor(qc.analysed, qc.cands, assoc).forEach((row, i) => {
    xs.push(logit(model.prob(row, 'match')));
    ys.push(qc.labels[i] ? 1 : 0);
  });
  return fitPlatt(xs, ys);
}

/** Weights tried for the invented paraphrases in the disinformation KBs' Platt fit (news sentences weigh 1). */
const PARAPHRASE_WEIGHTS = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8];
/** The share of ordinary news sentences a calibration may let show a match of its catalogue (1 in 1,000). */
const MAX_NEWS_SHOWN = 0.001;

/**
 * Platt parameters for a catalogue's entries as claims in articles meet them, from invented
 * paraphrases of its entries (the entry is the match) and ordinary news sentences (no match),
 * retrieved as `analyze` retrieves. The tweets the lexical parameters are fitted on rarely state
 * a claim as an article does: before this, the Snopes claim "President Trump announced intent to
 * ban full face veils in public places, an act presumably targeting Muslim women." itself scored
 * 0.30 against its own entry, under the threshold. The paraphrases (28-49 per set) are few against
 * ~8,000 news candidates, so unweighted they pull every entry's score down (of the first 20
 * held-out EUvsDisinfo paraphrases, 6 were shown). They are weighted up as far as the threshold
 * keeps its meaning on this data: the largest weight at which the top matches a report would show
 * (score at or above the threshold, cover at or above `minCover`, a name shared with the claim
 * where the KB needs one) for the paraphrases still repeat their claim TARGET_PRECISION of the
 * time, as the threshold was chosen on Snopes dev, and at most MAX_NEWS_SHOWN of the news
 * sentences show a match. The two are bounded apart: a precision over paraphrases and news
 * together rises with the share of paraphrases in the data, so 439 paraphrases let through a
 * weight at which held-out news showed three times the false matches (models/narratives/NOTES.md).
 */
export function paraphraseCalibration(set: ParaphraseSet, model: LinearModel, searcher: KbSearcher, news: LabelledQuery[], assoc: Associations | null, threshold: number, minCover: number) {
  const para = set.fixtures.flatMap(readJsonl);
  const repeats = set.kb === 'euvsdisinfo' ? repeatsCase(searcher.db, judgedSameClaims(SAME_CLAIMS)) : (p: { id: string; same?: string[] }, m: { kb: string; id: string }) => m.kb === set.kb && [p.id, ...(p.same ?? [])].includes(m.id);
  // Per query, listed as a report lists it (`reportCandidatesFor`), its candidates from the set's
  // KBs: logit, cover, whether they share a name, and whether they repeat the paraphrased entry.
  const lists = [
    ...reportCandidatesFor(searcher, para, repeats).map((qc) => ({ news: false, qc })),
    ...reportCandidatesFor(searcher, news, () => false).map((qc) => ({ news: true, qc })),
  ].map(({ news, qc }) => {
    const queryWords = words(searcher.queryTerms(qc.query.text).clean);
    const cands = rowsFor(qc.analysed, qc.cands, assoc).flatMap((row, i) => {
      const { kb, doc } = qc.cands[i]!;
      if (!set.kbs.includes(kb)) return [];
      return [{ x: logit(model.prob(row, 'match')), cover: queryCoverage(qc.analysed, doc), named: namesAgree(kb, doc, queryWords, NAMED_KBS), right: qc.labels[i]! }];
    });
    return { news, cands };
  });
  const all = lists.flatMap((l) => l.cands);
  const xs = all.map((c) => c.x), ys = all.map((c) => (c.right ? 1 : 0));
  const tried = PARAPHRASE_WEIGHTS.map((weight) => {
    const p = fitPlatt(xs, ys, ys.map((y) => (y ? weight : 1)));
    // What a report shows: each query's best-scoring candidate with enough cover and a shared name, if over the threshold.
    let shown = 0, right = 0, newsShown = 0;
    for (const list of lists) {
      const top = list.cands.filter((c) => c.cover >= minCover && c.named).sort((u, v) => v.x - u.x)[0];
      if (!top || sigmoid(p.a * top.x + p.b) < threshold) continue;
      if (list.news) newsShown++;
      else shown++;
      if (top.right) right++;
    }
    return { weight, p, shown, right, newsShown };
  });
  const ok = tried.filter((t) => (!t.shown || t.right / t.shown >= TARGET_PRECISION) && t.newsShown <= MAX_NEWS_SHOWN * news.length);
  const chosen = ok.length ? ok[ok.length - 1]! : tried[0]!;
  return { kbs: Object.fromEntries(set.kbs.map((kb) => [kb, chosen.p])), paraphrases: para.length, news: news.length, chosen, tried };
}

/** Every paraphrase set's parameters (`paraphraseCalibration`), for `calibration.json`'s `kbs`, with a line per set for the log. */
export function paraphraseCalibrations(model: LinearModel, searcher: KbSearcher, news: LabelledQuery[], assoc: Associations | null, threshold: number, minCover: number) {
  const kbs: Record<string, { a: number; b: number }> = {};
  const lines = PARAPHRASE_SETS.map((set) => {
    const r = paraphraseCalibration(set, model, searcher, news, assoc, threshold, minCover);
    Object.assign(kbs, r.kbs);
    return `${set.name}: ${r.paraphrases} invented paraphrases + ${r.news} news sentences; weights (paraphrases shown right/shown, news sentences shown) ${r.tried.map((t) => `${t.weight}: ${t.right}/${t.shown}, ${t.newsShown}`).join('; ')}; chose ${r.chosen.weight}`;
  });
  return { kbs, lines };
}

const readJsonl = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; id: string; same?: string[] });

/**
 * Lowest threshold at which the top-1 matches above it are right at least TARGET_PRECISION of
 * the time, over Snopes dev queries (a match exists) and news sentences (assumed none does).
 */
function chooseThreshold(scorer: Scorer, dev: QueryCandidates[]): number {
  const tops = dev.map((qc) => {
    const s = scorer.score(qc.analysed, qc.cands);
    // Right when the item shown first is, as a search shows it (one row per item: `candidatesFor`).
    const top = ranked(qc, s)[0];
    return { score: s.length ? Math.max(...s) : 0, right: top !== undefined && qc.query.relevant.includes(top) };
  }).sort((x, y) => y.score - x.score);
  let right = 0, threshold = 0.99;
  tops.forEach((t, i) => {
    if (t.right) right++;
    if (right / (i + 1) >= TARGET_PRECISION) threshold = t.score;
  });
  return Math.max(0.5, Math.round(threshold * 100) / 100);
}

function rankingScores(qs: QueryCandidates[], scorer: Scorer) {
  const ranked = qs.map((qc) => rankedIds(qc, scorer));
  return {
    map5: mean(qs.map((qc, i) => averagePrecisionAt(ranked[i]!, qc.query.relevant, 5))),
    mrr: mean(qs.map((qc, i) => reciprocalRank(ranked[i]!, qc.query.relevant))),
  };
}

export const task: LearnTask = {
  async train() {
    const db = trainingKb();
    const searcher = new KbSearcher(db, bm25Scorer, CANDIDATES);
    const root = defaultDataRoot();
    mkdirSync(MODEL_DIR, { recursive: true });
    const trainQ = loadSnopesQueries(root, 'train'), devQ = loadSnopesQueries(root, 'dev');
    const memory = buildMemory(searcher, trainQ, 'train');
    searcher.useMemory(memory);
    const entryVectors = await entryVectorsFor(db, MODEL_DIR);
    searcher.useVectors(entryVectors);
    const student = await fitWordVectors(searcher, entryVectors, root, NEWS_TRAIN);
    console.error(`narratives: word vectors: ${student.vectors.size} words from ${student.texts} texts, held-out cosine to the encoder ${student.heldOutCosine.toFixed(4)} (${student.projectedCosine.toFixed(4)} in the ${student.vectors.dims} directions kept)`);
    searcher.useWordVectors(student.vectors);
    const train = candidatesFor(searcher, [...trainQ, ...(await newsNegatives(root, NEWS_TRAIN))], CANDIDATES);
    leaveOwnOut(train, 'train');
    const paraphrases = reportCandidatesFor(searcher, readJsonl(TRAIN_PARAPHRASES), repeatsCase(db, judgedSameClaims(SAME_CLAIMS)));
    train.push(...paraphrases);
    const calibNews = await newsNegatives(root, NEWS_CALIBRATION);
    const calibQ = [...devQ, ...calibNews];
    const calib = candidatesFor(searcher, calibQ, CANDIDATES);
    // The semantic stage's lists, as `kb search` makes them: a search of the KBs with vectors
    // alone (`KbSearcher.search`), with sentence cosines and the nearest entries BM25 missed.
    // Train tweets through maps fitted without them; the calibration queries through the map of all.
    const queryMap = fitQueryMapOn(trainQ, await queryVectors(trainQ.map((q) => q.text), 'Snopes train queries'), entryVectors);
    console.error(`narratives: query map: Snopes train encoder-only MAP@5 ${queryMap.encoderOnly.before.toFixed(4)} -> ${queryMap.encoderOnly.after.toFixed(4)} (each tweet through a map fitted without it)`);
    const semTrain = candidatesFor(searcher, trainQ, CANDIDATES, queryMap.crossFitted, NEAREST_CANDIDATES, SEMANTIC_KBS);
    leaveOwnOut(semTrain, 'train');
    const calibVectors = (await queryVectors(calibQ.map((q) => q.text), 'Snopes dev queries and news')).map((v) => queryMap.map.apply(v));
    const semCalib = candidatesFor(searcher, calibQ, CANDIDATES, calibVectors, NEAREST_CANDIDATES, SEMANTIC_KBS);
    const assoc = trainAssociations(root);
    const model = trainModel(train, assoc);
    const snopesPlatt = fitLexicalPlatt(model, calib, assoc);
    const threshold = chooseThreshold(new Reranker(model, { ...snopesPlatt, threshold: 0.5 }, assoc, memory), calib);
    model.save(join(MODEL_DIR, 'reranker.bin'));
    assoc.save(join(MODEL_DIR, ASSOC_FILE));
    memory.save(join(MODEL_DIR, MEMORY_FILE));
    student.vectors.save(join(MODEL_DIR, WORD_VECTORS_FILE));
    const { kbs, lines } = paraphraseCalibrations(model, searcher, calibNews, assoc, threshold, MIN_SHOWN_COVER);
    for (const line of lines) console.error(`narratives: calibrated ${line}`);
    const lexical: Calibration = { ...snopesPlatt, threshold, minCover: MIN_SHOWN_COVER, restMinEntryCover: REST_MIN_ENTRY_COVER, namedKbs: [...NAMED_KBS], kbs, wordVectors: WORD_VECTORS_FILE };
    const foldOf = new Map(trainQ.map((q, i) => [q, i % MAP_FOLDS]));
    const foldModels = outOfFoldModels(train, foldOf, assoc);
    const sem = fitSemantic(model, assoc, lexical, semTrain, semCalib, (qc) => foldModels[foldOf.get(qc.query)!]!);
    console.error(`narratives: semantic stage, claim/title cosine weights (Snopes MAP@5 over train and dev together (train, each tweet scored out of fold / dev)): ${sem.tried.join(', ')}; chose ${sem.semantic.claim}/${sem.semantic.title}`);
    queryMap.map.save(join(MODEL_DIR, QUERY_MAP_FILE));
    const cal: Calibration = { ...lexical, semantic: { ...sem.semantic, queryMap: QUERY_MAP_FILE } };
    writeFileSync(join(MODEL_DIR, 'calibration.json'), JSON.stringify(cal, null, 2) + '\n');
    const neg = (qs: QueryCandidates[]) => qs.filter((q) => !q.query.relevant.length).length;
    console.error(`narratives: re-ranker trained on ${train.length - neg(train) - paraphrases.length} Snopes train queries + ${paraphrases.length} EUvsDisinfo paraphrases + ${neg(train)} news sentences as no-match queries; calibrated on ${calib.length - neg(calib)} Snopes dev queries + ${neg(calib)} news sentences: ${JSON.stringify(cal)}`);
  },

  async evaluate() {
    const reranker = Reranker.load(MODEL_DIR);
    if (!reranker) throw new Error('no trained re-ranker: run `npm run train -- narratives` first');
    const root = defaultDataRoot();
    const lines: string[] = [];
    const say = (s: string) => {
      console.log(s);
      lines.push(s);
    };

    // KB build time, into a scratch file so the working KB stays put.
    const scratch = join(REPO_ROOT, '.cache', 'kb-eval.sqlite');
    const built = buildKb(root, scratch, () => {});
    say(`- KB build (\`npx unspin kb build\` code path, all sources): ${built.seconds.toFixed(1)} s; entries ${Object.entries(built.counts).map(([k, n]) => `${k} ${n}`).join(', ')}; ${built.sources} source labels.`);

    const db = trainingKb();
    const searcher = new KbSearcher(db, reranker, CANDIDATES);
    if (searcher.mem) {
      const plainWords = function* () {
        for (const t of db.prepare('SELECT title, claim, summary FROM entries').raw().iterate() as Iterable<Array<string | null>>) for (const s of t) if (s) yield* s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
        for (const a of newsArticles(root, 0, 400)) yield* a.text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
      };
      const { checked, differ } = searcher.mem.stemsDifferingFromFts5(plainWords());
      say(`- Query words stemmed in JavaScript (npm \`stemmer\`, \`PLAIN_WORD\` in \`src/kb/memindex.ts\`) against FTS5's porter tokenizer, on every lower-case ASCII word of the KB's entries and the 400 news articles: ${checked - differ.length} of ${checked} the same${differ.length ? ` (differ: ${differ.slice(0, 10).join(', ')})` : ''}.`);
    }
    const qs = loadSnopesQueries(root, 'dev');
    // `kb search` encodes its queries for the semantic stage when the model has one; timed here
    // without the cache and with the encoder's load, as a user's first search meets them.
    const semantic = reranker.semanticReady ? reranker.calibration.semantic! : null;
    let vecs: Float32Array[] | undefined;
    if (semantic) {
      const t0 = performance.now();
      vecs = await encode(qs.map((q) => q.text));
      const ms = (performance.now() - t0) / qs.length;
      say(`- Semantic stage (\`kb search\`): ${reranker.vectors!.size} entries with sentence vectors (${SEMANTIC_KBS.join(', ')}); ${semantic.queryMap ? 'queries through the query map fitted on the Snopes train tweets; ' : ''}claim/title cosine weights ${semantic.claim}/${semantic.title}; encoding a query ${ms.toFixed(0)} ms (the ${qs.length} dev queries in batches of 64, one core, loading the encoder included).`);
    }
    const lexical = candidatesFor(searcher, qs, CANDIDATES);
    const base = rankingScores(lexical, bm25Scorer);
    const lex = rankingScores(lexical, reranker);
    // Ranked as `kb search` ranks (its options, the disinformation KBs' name and cover rules among them), the whole list for MRR.
    const { namedKbs } = reranker.calibration;
    const asKbSearch = (kbs?: string[]) => {
      const ranked = qs.map((q, i) => searcher.search(q.text, kbSearchOptions(CANDIDATES + NEAREST_CANDIDATES, kbs, vecs?.[i], namedKbs)).map((m) => rankingId(m.entry.kb, m.entry.id)));
      return { map5: mean(qs.map((q, i) => averagePrecisionAt(ranked[i]!, q.relevant, 5))), mrr: mean(qs.map((q, i) => reciprocalRank(ranked[i]!, q.relevant))) };
    };
    const ours = asKbSearch(), snopesOnly = asKbSearch(['snopes']);
    say(`- Snopes dev (${qs.length} queries, all KBs searched, as \`kb search\` ranks): MAP@5 **${ours.map5.toFixed(4)}**, MRR ${ours.mrr.toFixed(4)}${vecs ? ` (lexical re-ranker alone, as reports rank: MAP@5 ${lex.map5.toFixed(4)}, MRR ${lex.mrr.toFixed(4)}` : ' ('}; FTS5 BM25 alone: MAP@5 ${base.map5.toFixed(4)}, MRR ${base.mrr.toFixed(4)}).`);
    if (vecs) {
      // What a search costs beyond encoding its query, as `kb search` runs it, with and without the stage (warm: after the passes above).
      const perQuery = (vector: (i: number) => Float32Array | undefined) => {
        const t0 = performance.now();
        qs.forEach((q, i) => searcher.search(q.text, kbSearchOptions(5, undefined, vector(i), namedKbs)));
        return (performance.now() - t0) / qs.length;
      };
      const lexMs = perQuery(() => undefined), semMs = perQuery((i) => vecs![i]);
      say(`- \`kb search\` per Snopes dev query, warm, besides encoding it: ${semMs.toFixed(1)} ms with the semantic stage (cosines and the ${NEAREST_CANDIDATES} nearest entries of ${reranker.vectors!.size}), ${lexMs.toFixed(1)} ms without (\`--lexical\`).`);
    }
    say(`- Snopes dev, Snopes KB only (\`kb search --kb snopes\`): MAP@5 ${snopesOnly.map5.toFixed(4)}, MRR ${snopesOnly.mrr.toFixed(4)}.`);

    const { threshold, minCover = 0 } = reranker.calibration;
    // Invented paraphrases of catalogued EUvsDisinfo cases: is the case the top match, above threshold?
    // EUvsDisinfo repeats claims across cases: a match is right when it repeats the paraphrased
    // case's claim (`repeatsCase`: the case, one under the same title, one `same` names, one judged the same claim).
    const para = readJsonl(FIXTURE);
    const repeats = repeatsCase(searcher.db, judgedSameClaims(SAME_CLAIMS));
    const isCase = (p: (typeof para)[number], m: { entry: { kb: string; id: string } } | undefined) => !!m && repeats(p, m.entry);
    const rules: Rules = { threshold, minCover, namedKbs, restMinEntryCover: reranker.calibration.restMinEntryCover };
    say(`- EUvsDisinfo paraphrases (${para.length} invented, fixture \`src/pipeline/narratives/fixtures/euvsdisinfo-paraphrases.jsonl\`): right case ${paraphraseFigures(searcher, para, isCase, rules)}`);
    const para2 = readJsonl(FIXTURE_2);
    say(`- EUvsDisinfo paraphrases, a second set (${para2.length}, written by a helper session from case titles and summaries, first measured on 2026-11-28 before any change of that session, and used to choose nothing; fixture \`src/pipeline/narratives/fixtures/euvsdisinfo-paraphrases-2.jsonl\`): right case ${paraphraseFigures(searcher, para2, isCase, rules)}`);
    if (vecs) {
      // The same paraphrases through `kb search` (its full profile, name and cover rules, no score floors): does the semantic stage, fitted on Snopes, keep the cases first?
      const pv = await encode(para.map((p) => p.text));
      const top = (i: number, semantic: boolean) => searcher.search(para[i]!.text, kbSearchOptions(1, undefined, semantic ? pv[i] : undefined, namedKbs))[0];
      const right = (semantic: boolean) => para.filter((p, i) => isCase(p, top(i, semantic))).length;
      say(`  Through \`kb search\` (all KBs, its name and cover rules for the disinformation KBs, no score floors): right case top-1 ${right(true)}/${para.length} with the semantic stage, ${right(false)}/${para.length} without.`);
      // What KB_SEARCH_COVER was chosen on: the calibration paraphrases' right cases as `kb search` lists them without the floor.
      const calib = PARAPHRASE_SETS[0]!.fixtures.flatMap(readJsonl);
      const cv = await encode(calib.map((p) => p.text));
      const covers = calib.flatMap((p, i) => searcher.search(p.text, { ...kbSearchOptions(10, undefined, cv[i], namedKbs), minCover: 0 }).filter((m) => isCase(p, m)).slice(0, 1).map((m) => m.cover));
      say(`  \`kb search\`'s cover floor for the disinformation KBs, ${KB_SEARCH_COVER}: the ${calib.length} calibration paraphrases' right case, in its top 10 without the floor for ${covers.length}, has a cover of ${Math.min(...covers).toFixed(2)} at least.`);
    }
    // The same for invented paraphrases of Snopes fact-checks, as an article would state them (held out; calibration: `PARAPHRASE_SETS`).
    const snopes = readJsonl(SNOPES_FIXTURE);
    const isEntry = (p: (typeof snopes)[number], m: { entry: { kb: string; id: string } } | undefined) => !!m && m.entry.kb === 'snopes' && m.entry.id === p.id;
    say(`- Snopes paraphrases (${snopes.length} invented, as an article would state the claim; fixture \`src/pipeline/narratives/fixtures/snopes-paraphrases.jsonl\`): right fact-check ${paraphraseFigures(searcher, snopes, isEntry, rules)}`);
    // Both sets as news reports a claim: with a frame that says who made it.
    say(`- The same paraphrases as news attributes them (a report's rules), shown with the right match: ${REPORTING_FRAMES.map((f) => `"${f('…')}"`).join(', ')}: EUvsDisinfo ${framedFigures(searcher, para, isCase, rules)} of ${para.length}; Snopes ${framedFigures(searcher, snopes, isEntry, rules)} of ${snopes.length}.`);
    // Two claims in one sentence, as opinion pieces join them: each paraphrase with the next one after ", and".
    say(`- The same paraphrases two to a sentence ("A, and B"; each with the next one of its set), shown with the right match (a report's rules, clauses looked up when a sentence joins claims: \`clausesOf\`): EUvsDisinfo ${compoundFigures(searcher, para, isCase, rules)}; Snopes ${compoundFigures(searcher, snopes, isEntry, rules)}.`);
    say(`- ${wordFormFigures(searcher, rules)}`);
    // Both sets again as `analyze` meets them: planted in ordinary news, behind its claims component and `lookUps`.
    const hosts = newsArticles(root, 0, NEWS_ARTICLES);
    const cal = reranker.calibration;
    // Kept per text: the news articles' look-ups serve both false-match measures below.
    const lookUps = memoised(await claimLookUps({ searcher, floor: cal.restMinEntryCover }));
    if (hosts.length) {
      const planted = <P extends { text: string }>(set: P[], isRight: (p: P, m: Match | undefined) => boolean) =>
        (['early', 'late'] as const).map((at) => `${at} ${plantedFigures(searcher, cal, lookUps, hosts, set, isRight, at)}`).join(', ');
      say(`- The same paraphrases planted in ordinary news (each a paragraph of one of the ${hosts.length} news articles below, in turn: early, after the first paragraph; late, before the last), analysed as \`analyze\` does (claims component, \`lookUps\`: the ${MAX_CLAIMS} places, then the rest with ${cal.restMinEntryCover ?? 'n/a'} of the words some entry states): EUvsDisinfo ${planted(para, isCase)}; Snopes ${planted(snopes, isEntry)}.`);
      // Catalogued claims repeated word for word: EUvsDisinfo case titles, a fixed draw.
      const titles = caseTitles(searcher, 150);
      const isTitle = (p: (typeof titles)[number], m: Match | undefined) => !!m && m.entry.kb === 'euvsdisinfo' && p.same.includes(m.entry.id);
      say(`- ${titles.length} EUvsDisinfo case titles (a fixed draw), each planted word for word as a sentence the same way: the case (or one with the same title) shown as the match, ${planted(titles, isTitle)}.`);
    }
    if (existsSync(ARTICLES_FIXTURE)) {
      const articles = readJsonl(ARTICLES_FIXTURE) as unknown as Article[];
      say(`- EUvsDisinfo cases repeated in whole invented articles (${articles.length}, each a title and 4-7 sentences, one of which restates a drawn case in other words, directly quoted, reported or in the outlet's voice; written by a helper session on 2026-11-28; fixture \`src/pipeline/narratives/fixtures/euvsdisinfo-articles.jsonl\`), analysed as \`analyze\` does: the first 20, whose restating sentences were read while writing the reporting frames \`withoutReportingFrame\` knows (2026-11-28): ${articleFigures(searcher, cal, lookUps, articles.slice(0, 20), repeats)} The other ${articles.length - 20}, not read: ${articleFigures(searcher, cal, lookUps, articles.slice(20), repeats)}`);
    }
    if (existsSync(ARTICLES_FIXTURE_2)) {
      const articles = readJsonl(ARTICLES_FIXTURE_2) as unknown as Article[];
      say(`- A second set of ${articles.length} such articles (fixture \`src/pipeline/narratives/fixtures/euvsdisinfo-articles-2.jsonl\`; cases no other fixture uses; written by helper sessions after the re-ranker was trained on paraphrases, measured once, nothing chosen on it): ${articleFigures(searcher, cal, lookUps, articles, repeats)}`);
    }

    ukraineWarQuotes(searcher, rules, say);

    // Ordinary news (articles never used in training or calibration): first the claims a report
    // looks up (what users see), then the sentence sample earlier versions were measured on.
    const claims = await newsClaims(root, 0, NEWS_ARTICLES, (text) => lookUps(text).filter((l) => !l.rest));
    const sentences = newsQueries(root, 0, NEWS_ARTICLES, 2);
    newsFalseMatches(searcher, claims, rules, `what \`analyze\` looks up: the title and ${MAX_CLAIMS} places per article, the claims component's claims first, 4+ content words`, say);
    newsFalseMatches(searcher, sentences, rules, 'every 2nd body sentence with 4+ content words, the sample of earlier versions', say);
    if (hosts.length) restFalseMatches(searcher, cal, lookUps, hosts, say);
    writeScores(lines.join('\n'));
  },
};

/** The rules under which a report shows a match (`Calibration`'s). */
type Rules = { threshold: number; minCover: number; namedKbs?: string[]; restMinEntryCover?: number };

/**
 * Held-out paraphrases looked up as `analyze` looks up a claim: how often the paraphrased entry
 * is the top match, and the precision and recall of the matches a report shows (the best match
 * at or above the threshold that covers enough of the claim and, for named KBs, shares a name).
 */
function paraphraseFigures<P extends { text: string }>(searcher: KbSearcher, para: P[], isRight: (p: P, m: Match | undefined) => boolean, rules: Rules): string {
  const first = para.filter((p) => isRight(p, searcher.search(p.text, { top: 1, ...ARTICLE_PROFILE })[0])).length;
  // A paraphrase can show more than one claim (its clauses): precision counts every match shown.
  const shown = para.flatMap((p) => shownMatches(searcher, p.text, rules).map((m) => ({ p, m })));
  const right = shown.filter((x) => isRight(x.p, x.m)).length;
  const found = para.filter((p) => shown.some((x) => x.p === p && isRight(p, x.m))).length;
  return `top-1 ${first}/${para.length}; shown by a report (threshold ${rules.threshold}, cover ${rules.minCover}${rules.namedKbs?.length ? ', a shared name where the KB needs one' : ''}): precision ${shown.length ? (right / shown.length).toFixed(3) : 'n/a'} (${right}/${shown.length}), recall ${(found / para.length).toFixed(3)}.`;
}

/** The top match of each claim a report shows for `text` under `rules` (the text's own, then its clauses': `searchWithClauses`). */
const shownMatches = (searcher: KbSearcher, text: string, rules: Rules): Match[] =>
  searchWithClauses(searcher, text, { top: 1, minScore: rules.threshold, minCover: rules.minCover, namedKbs: rules.namedKbs, ...ARTICLE_PROFILE }, rules.restMinEntryCover).map((c) => c.matches[0]!);

/**
 * Claims in phrasings that spell their words as some of their cases do and others do not
 * ("biolabs" / "biological laboratories", "Kyiv" / "Kiev"), counted per set name: how many have
 * a case of their claim as top match, and how many show one, or another entry. The phrasings are
 * those `FORMS` (text.ts) was written for: a check that it still works, not a held-out figure.
 */
function wordFormFigures(searcher: KbSearcher, rules: Rules): string {
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
const REPORTING_FRAMES: Array<(t: string) => string> = [
  (t) => `${t.replace(/[.!?]$/, '')}, the channel claimed.`,
  (t) => `${t.replace(/[.!?]$/, '')}, a commentator on state television argued on Sunday.`,
  (t) => `According to the pro-Kremlin website, ${t.charAt(0).toLowerCase()}${t.slice(1)}`,
  (t) => `The presenter insisted that ${t.charAt(0).toLowerCase()}${t.slice(1)}`,
];

/** Per frame of REPORTING_FRAMES, how many of the paraphrases a report shows with the right match when framed so. */
function framedFigures<P extends { text: string }>(searcher: KbSearcher, para: P[], isRight: (p: P, m: Match | undefined) => boolean, rules: Rules): string {
  return REPORTING_FRAMES.map((f) => para.filter((p) => shownMatches(searcher, f(p.text), rules).some((m) => isRight(p, m))).length).join(' / ');
}

/** "A, and b": two claims of a set in one sentence, the second's first word lower-cased unless it is a content word ("The" but not "Shops"). */
const joined = (a: string, b: string): string => {
  const first = b.split(/\s+/)[0] ?? '';
  return `${a.replace(/[.!?]$/, '')}, and ${isContentWord(first.toLowerCase()) ? b : b.charAt(0).toLowerCase() + b.slice(1)}`;
};

/** Each paraphrase joined with the next of its set (`joined`): how often a report shows the first's entry, the second's, both, and an entry of neither. */
function compoundFigures<P extends { text: string }>(searcher: KbSearcher, para: P[], isRight: (p: P, m: Match | undefined) => boolean, rules: Rules): string {
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
function plantedFigures<P extends { text: string }>(searcher: KbSearcher, cal: Calibration, lookUps: (text: string) => LookUp[], hosts: Array<{ text: string }>, para: P[], isRight: (p: P, m: Match | undefined) => boolean, at: 'early' | 'late'): string {
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

/** An invented article that repeats one EUvsDisinfo case's claim in one sentence of its body (`claim`). */
interface Article { id: string; title: string; text: string; claim: string }

/**
 * Whole invented articles, each repeating a case's claim in its own words in one sentence among
 * ordinary ones, analysed as `analyze` does (claims component, `lookUps`): is that sentence looked
 * up, is the case (or one that repeats its claim: `repeatsCase`) its top candidate and the match shown, and
 * what do the article's other sentences show (each is ordinary text, so anything shown is wrong).
 */
function articleFigures(searcher: KbSearcher, cal: Calibration, lookUps: (text: string) => LookUp[], articles: Article[], repeats: ReturnType<typeof repeatsCase>): string {
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

/** `n` EUvsDisinfo case titles drawn with a fixed seed, as sentences, with the ids of every case filed under the same title. */
function caseTitles(searcher: KbSearcher, n: number): Array<{ text: string; same: string[] }> {
  const rows = searcher.db.prepare("SELECT id, title FROM entries WHERE kb = 'euvsdisinfo' ORDER BY rid").all() as Array<{ id: string; title: string }>;
  if (!rows.length) return [];
  const twins = sameTitleCases(searcher.db);
  const next = mulberry32(7);
  return Array.from({ length: n }, () => rows[Math.floor(next() * rows.length)]!).map((r) => ({ text: /[.!?]$/.test(r.title.trim()) ? r.title.trim() : `${r.title.trim()}.`, same: twins(r.id) }));
}

/**
 * Real disinformation text: each Ukraine-war case quotes the outlet that spread its claim. Each
 * quote is looked up with its own case left out of the KB; right is another case the data set
 * files under the same claim. A match to an EUvsDisinfo case may carry the same claim too, but
 * nothing here judges that, so those are counted apart.
 */
function ukraineWarQuotes(searcher: KbSearcher, rules: Rules, say: (s: string) => void): void {
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
    const s = kind(searcher.search(r.summary, { ...opts, minScore: rules.threshold, minCover: rules.minCover, namedKbs: rules.namedKbs })[0]);
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
function newsFalseMatches(searcher: KbSearcher, news: LabelledQuery[], rules: Rules, what: string, say: (s: string) => void): void {
  if (!news.length) return;
  const { threshold, minCover, namedKbs } = rules;
  const articleOf = (q: LabelledQuery) => q.id.split('#')[0]!;
  // Every claim a report would show for the sentence (its own and its clauses'), best first.
  const top = (q: LabelledQuery, gated: boolean) =>
    searchWithClauses(searcher, q.text, { top: 5, minScore: threshold, ...(gated ? { minCover, namedKbs } : {}), ...ARTICLE_PROFILE }, rules.restMinEntryCover).flatMap((c) => c.matches).sort((a, b) => b.score - a.score);
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

const memoised = <T>(f: (text: string) => T): ((text: string) => T) => {
  const seen = new Map<string, T>();
  return (text) => {
    if (!seen.has(text)) seen.set(text, f(text));
    return seen.get(text)!;
  };
};

/** Matches shown for the sentences a report looks up beyond its 8 places (`lookUps`), on the same ordinary news. */
function restFalseMatches(searcher: KbSearcher, cal: Calibration, lookUps: (text: string) => LookUp[], hosts: Array<{ text: string }>, say: (s: string) => void): void {
  const rest = hosts.flatMap((h) => lookUps(h.text).filter((l) => l.rest));
  const shown = rest.flatMap((l) => matchLookUp(searcher, cal, l, 1).map((c) => ({ l: { text: c.text }, m: c.matches[0]! })));
  const disinfo = shown.filter(({ m }) => DISINFO_KBS.includes(m.entry.kb));
  say(`- The sentences a report looks up beyond its ${MAX_CLAIMS} places (those with ${cal.restMinEntryCover ?? 'n/a'} or more of the words some entry states, its claim and title) in the same ${hosts.length} articles: ${rest.length} looked up, ${shown.length} shown with a match (${disinfo.length} EUvsDisinfo / Ukraine-war)${shown.length ? `: ${shown.map(({ l, m }) => `"${l.text.slice(0, 60)}" -> ${m.entry.kb}: "${m.entry.title.slice(0, 50)}" (${m.score.toFixed(2)})`).join('; ')}` : ''}.`);
}

/** Replaces the "## Scores" section of the model card. */
function writeScores(body: string): void {
  const path = join(MODEL_DIR, 'MODEL_CARD.md');
  const card = existsSync(path) ? readFileSync(path, 'utf8') : '# narratives re-ranker\n\n## Scores\n';
  const section = `## Scores\n\nProduced by \`npm run eval -- narratives\` on ${new Date().toISOString().slice(0, 10)}.\n\n${body}\n`;
  const next = /## Scores\n[\s\S]*?(?=\n## |$)/.test(card) ? card.replace(/## Scores\n[\s\S]*?(?=\n## |$)/, section) : `${card}\n${section}`;
  writeFileSync(path, next);
}
