/**
 * `npm run bench:narratives [-- --articles 40 --runs 5]`: what narrative matching and the source
 * profile add to `analyze` time. Times the full pipeline with and without them over the first
 * news-unlabeled articles (by file name), after one warm-up pass each, and prints medians of CPU and wall time.
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
/** Wall and CPU ms per article. CPU time is the steadier figure on a shared, loaded machine. */
function msPerArticle(p: typeof without): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const text of texts) p.analyze({ text, url: 'https://www.example.com/a' });
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / texts.length, cpu: (c.user + c.system) / 1000 / texts.length };
}
msPerArticle(without);
msPerArticle(withKb);
const a: Array<{ wall: number; cpu: number }> = [], b: typeof a = [];
// Alternate the two so a burst of load from elsewhere hits both alike.
for (let r = 0; r < Number(values.runs); r++) {
  a.push(msPerArticle(without));
  b.push(msPerArticle(withKb));
}
const summary = (k: 'wall' | 'cpu') => {
  const base = median(a.map((x) => x[k])), full = median(b.map((x) => x[k]));
  return { msPerArticleWithout: +base.toFixed(1), msPerArticleWith: +full.toFixed(1), overheadPercent: +(((full - base) / base) * 100).toFixed(1) };
};
console.log(JSON.stringify({ articles: texts.length, runs: Number(values.runs), components: withKb.names, cpu: summary('cpu'), wall: summary('wall') }));
