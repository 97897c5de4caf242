/**
 * `npm run bench:narratives [-- --articles 40 --runs 5]`: what narrative matching and the source
 * profile add to `analyze` time. Times the full pipeline with and without them over the first
 * news-unlabeled articles (by file name), article by article, after one warm-up pass, and prints
 * medians of CPU and wall time. `components` times each component of the full pipeline inside
 * the same pass (ms per article): the share of narratives+source there does not depend on how
 * busy the machine was between two measurements.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline, componentNames } from '../registry.ts';
import { apply } from '../component.ts';
import { defaultDataRoot } from '../../kb/paths.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '40' }, runs: { type: 'string', default: '5' } } });
const dir = join(defaultDataRoot(), 'news-unlabeled');
const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, Number(values.articles)).map((f) => readFileSync(join(dir, f), 'utf8'));

const ours = ['narratives', 'source'];
const without = await createPipeline({ components: componentNames().filter((n) => !ours.includes(n)) });
const withKb = await createPipeline({ components: componentNames() });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
/**
 * One run: each article through both pipelines back to back, so a burst of load from
 * elsewhere hits both alike. Wall and CPU ms per article; CPU is the steadier on a shared machine.
 */
function run(): { without: { wall: number; cpu: number }; with: { wall: number; cpu: number } } {
  const t = { without: { wall: 0, cpu: 0 }, with: { wall: 0, cpu: 0 } };
  for (const text of texts) {
    for (const [k, p] of [['without', without], ['with', withKb]] as const) {
      const w0 = performance.now(), c0 = cpuMs();
      p.analyze({ text, url: 'https://www.example.com/a' });
      t[k].cpu += cpuMs() - c0;
      t[k].wall += performance.now() - w0;
    }
  }
  for (const k of ['without', 'with'] as const) {
    t[k].cpu /= texts.length;
    t[k].wall /= texts.length;
  }
  return t;
}
/** Each component of the full pipeline timed on its own, over one pass (ms per article). */
function perComponent(): Record<string, number> {
  const ms: Record<string, number> = {};
  for (const text of texts) {
    const doc = withKb.makeDoc({ text, url: 'https://www.example.com/a' });
    for (const c of withKb.components) {
      const t0 = performance.now();
      apply(c, doc);
      ms[c.name] = (ms[c.name] ?? 0) + performance.now() - t0;
    }
  }
  for (const k in ms) ms[k] = ms[k]! / texts.length;
  return ms;
}
run();
const runs = Array.from({ length: Number(values.runs) }, run);
const passes = Array.from({ length: Number(values.runs) }, perComponent);
const components = Object.fromEntries(withKb.names.map((n) => [n, +median(passes.map((p) => p[n]!)).toFixed(2)]));
const oursMs = ours.reduce((t, n) => t + (components[n] ?? 0), 0);
const restMs = Object.entries(components).filter(([n]) => !ours.includes(n)).reduce((t, [, v]) => t + v, 0);
const summary = (k: 'wall' | 'cpu') => {
  const base = median(runs.map((r) => r.without[k])), full = median(runs.map((r) => r.with[k]));
  return { msPerArticleWithout: +base.toFixed(1), msPerArticleWith: +full.toFixed(1), overheadPercent: +(((full - base) / base) * 100).toFixed(1) };
};
console.log(JSON.stringify({
  articles: texts.length, runs: Number(values.runs), cpu: summary('cpu'), wall: summary('wall'),
  components, narrativesAndSourcePercentOfRest: +((oursMs / restMs) * 100).toFixed(1),
  heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
