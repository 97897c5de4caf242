/**
 * `npx tsx src/pipeline/narratives/bm25-variants.ts`: plain BM25 (Lucene's IDF, k1 1.2, b 0.75)
 * over the Snopes claims alone, for several fields, tokenisations and query cleanings, scored on
 * the Snopes train and dev queries. It answers why the KB's BM25 (all KBs in one FTS5 index)
 * scores below the issue's "plain BM25 over claim and title": which part of the gap is the
 * other KBs, and which the split. Words are stemmed by FTS5's own Porter tokenizer.
 */
import { loadSnopes, loadSnopesQueries } from '../../kb/loaders/snopes.ts';
import { defaultDataRoot } from '../../kb/paths.ts';
import { averagePrecisionAt, mean, reciprocalRank } from '../../kb/metrics.ts';
import { cleanQuery, contentWords, words } from '../../kb/text.ts';
import Database from 'better-sqlite3';

const root = defaultDataRoot();
const docs = loadSnopes(root);
const probe = new Database(':memory:');
probe.exec(`CREATE VIRTUAL TABLE p USING fts5(body, content='', tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE pv USING fts5vocab(p,'row');`);
const stemCache = new Map<string,string>();
const ins = probe.prepare('INSERT INTO p(body) VALUES (?)'), terms = probe.prepare('SELECT term FROM pv').pluck(), clr = probe.prepare("INSERT INTO p(p) VALUES ('delete-all')");
function porter(w: string) { let t = stemCache.get(w); if (t===undefined){ ins.run(w); const ts = terms.all() as string[]; clr.run(); t = ts[0] ?? w; stemCache.set(w,t);} return t; }

type Tok = (s: string) => string[];
function bm25(docTexts: string[], tok: Tok, k1 = 1.2, b = 0.75) {
  const dtoks = docTexts.map(tok);
  const df = new Map<string, number>();
  for (const t of dtoks) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const avg = dtoks.reduce((s, t) => s + t.length, 0) / dtoks.length;
  const tfs = dtoks.map((t) => { const m = new Map<string, number>(); for (const w of t) m.set(w, (m.get(w) ?? 0) + 1); return m; });
  const N = dtoks.length;
  const post = new Map<string, number[]>();
  tfs.forEach((m, i) => m.forEach((_, w) => { let p = post.get(w); if (!p) post.set(w, p = []); p.push(i); }));
  return (q: string, k = 5) => {
    const sc = new Float64Array(N);
    for (const w of new Set(tok(q))) {
      const p = post.get(w); if (!p) continue;
      const idf = Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5));
      for (const i of p) { const tf = tfs[i]!.get(w)!; sc[i] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dtoks[i]!.length / avg)); }
    }
    return [...sc.keys()].filter((i) => sc[i]! > 0).sort((a, c) => sc[c]! - sc[a]!).slice(0, k).map((i) => docs[i]!.id);
  };
}
const fields: Record<string, (d: typeof docs[0]) => string> = {
  claim: (d) => d.claim ?? '',
  title: (d) => d.title,
  both: (d) => `${d.claim ?? ''} ${d.title}`,
};
const toks: Record<string, Tok> = {
  cw: (s) => contentWords(s),
  cwporter: (s) => contentWords(s).map(porter),
  allporter: (s) => words(s).map(porter),
};
const qprep: Record<string, (s: string) => string> = { raw: (s) => s, clean: cleanQuery };
for (const split of ['train', 'dev'] as const) {
  const qs = loadSnopesQueries(root, split);
  for (const [fn, f] of Object.entries(fields)) for (const [tn, t] of Object.entries(toks)) for (const [qn, qp] of Object.entries(qprep)) {
    if (fn !== 'both' && (tn !== 'cwporter' || qn !== 'clean')) continue;
    const s = bm25(docs.map(f), t);
    const r = qs.map((q) => s(qp(q.text)));
    console.log(split, fn, tn, qn, 'MAP5', mean(qs.map((q, i) => averagePrecisionAt(r[i]!, q.relevant))).toFixed(4), 'MRR', mean(qs.map((q, i) => reciprocalRank(r[i]!, q.relevant))).toFixed(4));
  }
}
