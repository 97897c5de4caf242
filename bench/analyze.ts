/**
 * `npm run bench [-- --components a,b] [--runs 5]`: articles per second on one core for the
 * `analyze` pipeline over ../shared/data/news-unlabeled/, against a tokenize-only pass over the
 * same texts (the floor). Model load is timed apart. Reports medians of the runs and peak RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Doc } from '../src/doc/doc.ts';
import { createPipeline } from '../src/pipeline/registry.ts';
import { DATA_DIR } from '../src/learn/data.ts';

const { values } = parseArgs({
  options: { components: { type: 'string' }, runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const dir = join(DATA_DIR, 'news-unlabeled');
const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
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

const t0 = process.hrtime.bigint();
const pipeline = await createPipeline({ components: values.components?.split(',') });
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

// One warm-up pass each so the JIT has settled before timing.
for (const t of texts) pipeline.analyze({ text: t });
const floor: number[] = [];
const full: number[] = [];
for (let r = 0; r < runs; r++) {
  floor.push(time(() => { for (const t of texts) Doc.fromText(t); }));
  full.push(time(() => { for (const t of texts) pipeline.analyze({ text: t }); }));
}
const result = {
  components: pipeline.names,
  articles: texts.length,
  megabytes: +(bytes / 1e6).toFixed(2),
  runs,
  modelLoadSeconds: +loadSeconds.toFixed(3),
  tokenizeOnlyArticlesPerSecond: +(texts.length / median(floor)).toFixed(1),
  analyzeArticlesPerSecond: +(texts.length / median(full)).toFixed(1),
  ratioToTokenizeOnly: +(median(full) / median(floor)).toFixed(2),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  node: process.version,
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`analyze bench: ${result.articles} articles (${result.megabytes} MB), components ${result.components.join(',')}, median of ${runs} runs, one core`);
  console.log(`  model load           ${result.modelLoadSeconds} s (excluded below)`);
  console.log(`  tokenize only        ${result.tokenizeOnlyArticlesPerSecond} articles/s (floor)`);
  console.log(`  analyze              ${result.analyzeArticlesPerSecond} articles/s`);
  console.log(`  ratio to floor       ${result.ratioToTokenizeOnly}x`);
  console.log(`  peak RSS             ${result.peakRssMB} MB`);
}
