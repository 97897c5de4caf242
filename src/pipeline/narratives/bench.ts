/**
 * `npm run bench:narratives [-- --articles 40 --runs 5]`: what narrative matching and the source
 * profile add to `analyze` time. Times the full pipeline with and without them over the first
 * news-unlabeled articles (by file name), article by article, after one warm-up pass, and prints medians of CPU and wall time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline, componentNames } from '../registry.ts';
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
run();
const runs = Array.from({ length: Number(values.runs) }, run);
const summary = (k: 'wall' | 'cpu') => {
  const base = median(runs.map((r) => r.without[k])), full = median(runs.map((r) => r.with[k]));
  return { msPerArticleWithout: +base.toFixed(1), msPerArticleWith: +full.toFixed(1), overheadPercent: +(((full - base) / base) * 100).toFixed(1) };
};
console.log(JSON.stringify({ articles: texts.length, runs: Number(values.runs), components: withKb.names, cpu: summary('cpu'), wall: summary('wall') }));
