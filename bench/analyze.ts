/**
 * `npm run bench [-- --components a,b] [--runs 5] [--articles N] [--without c,d]`: articles per
 * second on one core for the `analyze` pipeline over ../shared/data/news-unlabeled/ (the first N
 * files by name; all by default), against a tokenize-only pass over the same texts (the floor).
 * Model load is timed apart. Reports medians of the runs and peak RSS.
 *
 * `--without c,d` then also builds the pipeline without those components and reports what they
 * add to the time per article: in extra runs, each article goes through both pipelines back to
 * back, the order alternating. Two processes, one per pipeline, measured 13% to 39% for the same
 * code in six pairs, and whole runs alternating in one process -2% to 35%: the machine's speed
 * drifts within seconds. Side by side per article, both meet the same drift. CPU time is
 * reported beside wall time because it is the steadier on a shared machine. Peak RSS then covers
 * both pipelines.
 *
 * Before each timed run the pipelines forget what they cached about the articles (`forget`: the
 * narratives index's stems and the entries and features it read; the entity tagger's, the
 * claims model's and the headline model's per-word memos), so every run times articles new to
 * the process, as a user's are; only the JIT stays warm. Until 2026-11-28 the runs repeated the
 * warm-up's articles with those caches full, which hid most of what matching cost on new text
 * then (+86% against +27%; models/narratives/NOTES.md, "Matching on new text"); until the
 * twentieth session only the matcher forgot, so the pipeline it was compared with ran on warm
 * memos (narratives lab notes, "Every component forgets"). `--seen` keeps the caches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Doc } from '../src/doc/doc.ts';
import { createPipeline } from '../src/pipeline/registry.ts';
import type { Pipeline } from '../src/pipeline/pipeline.ts';
import { DATA_DIR } from '../src/learn/data.ts';

const { values } = parseArgs({
  options: {
    components: { type: 'string' },
    without: { type: 'string' },
    runs: { type: 'string', default: '5' },
    articles: { type: 'string' },
    json: { type: 'boolean', default: false },
    seen: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const dir = join(DATA_DIR, 'news-unlabeled');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, values.articles ? Number(values.articles) : undefined);
const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const time = (f: () => void) => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};
const cpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const t0 = process.hrtime.bigint();
const pipeline = await createPipeline({ components: values.components?.split(',') });
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const leftOut = values.without?.split(',').filter(Boolean) ?? [];
const unknown = leftOut.filter((n) => !pipeline.names.includes(n));
if (unknown.length) {
  console.error(`bench: --without ${unknown.join(', ')}: not in the pipeline (${pipeline.names.join(', ')})`);
  process.exit(2);
}
const baseline = leftOut.length ? await createPipeline({ components: pipeline.names.filter((n) => !leftOut.includes(n)) }) : null;

// One warm-up pass each so the JIT has settled before timing.
for (const t of texts) pipeline.analyze({ text: t });
if (baseline) for (const t of texts) baseline.analyze({ text: t });
const floor: number[] = [];
const full: number[] = [];
/** Unless `--seen`: the next run meets the articles as new ones (see the header). */
const forget = (...ps: Pipeline[]) => {
  if (!values.seen) for (const p of ps) p.forget();
};
for (let r = 0; r < runs; r++) {
  floor.push(time(() => { for (const t of texts) Doc.fromText(t); }));
  forget(pipeline);
  full.push(time(() => { for (const t of texts) pipeline.analyze({ text: t }); }));
}

/** One run of the side-by-side comparison: seconds of wall and CPU time per pipeline. */
function sideBySide(withAll: Pipeline, without: Pipeline) {
  forget(withAll, without);
  const t = { with: { wall: 0, cpu: 0 }, without: { wall: 0, cpu: 0 } };
  texts.forEach((text, i) => {
    const order = i % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const);
    for (const k of order) {
      const w0 = performance.now(), c0 = cpuSeconds();
      (k === 'with' ? withAll : without).analyze({ text });
      t[k].cpu += cpuSeconds() - c0;
      t[k].wall += (performance.now() - w0) / 1000;
    }
  });
  return t;
}
const pairs = baseline ? Array.from({ length: runs }, () => sideBySide(pipeline, baseline)) : [];
const addedPercent = (k: 'wall' | 'cpu') => pairs.map((p) => (p.with[k] / p.without[k] - 1) * 100);
const round1 = (x: number) => +x.toFixed(1);

const result = {
  components: pipeline.names,
  articles: texts.length,
  megabytes: +(bytes / 1e6).toFixed(2),
  runs,
  articlesNewToTheProcess: !values.seen,
  modelLoadSeconds: +loadSeconds.toFixed(3),
  tokenizeOnlyArticlesPerSecond: round1(texts.length / median(floor)),
  analyzeArticlesPerSecond: round1(texts.length / median(full)),
  ratioToTokenizeOnly: +(median(full) / median(floor)).toFixed(2),
  ...(baseline && {
    without: leftOut,
    sideBySide: {
      withArticlesPerSecond: round1(texts.length / median(pairs.map((p) => p.with.wall))),
      withoutArticlesPerSecond: round1(texts.length / median(pairs.map((p) => p.without.wall))),
      addedWallPercent: round1(median(addedPercent('wall'))),
      addedCpuPercent: round1(median(addedPercent('cpu'))),
      addedWallPercentRuns: addedPercent('wall').map(round1),
    },
  }),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  node: process.version,
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`analyze bench: ${result.articles} articles (${result.megabytes} MB), components ${result.components.join(',')}, median of ${runs} runs, one core`);
  console.log(`  caches               ${values.seen ? 'kept from the warm-up (--seen): the runs repeat articles the process has analysed' : 'emptied before each run: the articles are new to the process'}`);
  console.log(`  model load           ${result.modelLoadSeconds} s (excluded below)`);
  console.log(`  tokenize only        ${result.tokenizeOnlyArticlesPerSecond} articles/s (floor)`);
  console.log(`  analyze              ${result.analyzeArticlesPerSecond} articles/s`);
  console.log(`  ratio to floor       ${result.ratioToTokenizeOnly}x`);
  const s = result.sideBySide;
  if (s) {
    console.log(`  side by side, per article: ${s.withArticlesPerSecond} articles/s with every component, ${s.withoutArticlesPerSecond} without ${result.without!.join(',')}`);
    console.log(`  ${result.without!.join(',')} add ${s.addedWallPercent}% wall time (runs: ${s.addedWallPercentRuns.join(', ')}), ${s.addedCpuPercent}% CPU time`);
  }
  console.log(`  peak RSS             ${result.peakRssMB} MB`);
}
