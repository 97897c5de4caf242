/**
 * `npm run bench:narratives [-- --articles 40 --runs 2]`: what narrative matching and the source
 * profile add to `analyze` time. Times the full pipeline with and without them over the first
 * news-unlabeled articles (by file name), after one warm-up pass each, and prints medians.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline, componentNames } from '../registry.ts';
import { defaultDataRoot } from '../../kb/paths.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '40' }, runs: { type: 'string', default: '2' } } });
const dir = join(defaultDataRoot(), 'news-unlabeled');
const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, Number(values.articles)).map((f) => readFileSync(join(dir, f), 'utf8'));

const ours = ['narratives', 'source'];
const without = await createPipeline({ components: componentNames().filter((n) => !ours.includes(n)) });
const withKb = await createPipeline({ components: componentNames() });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
function msPerArticle(p: typeof without): number {
  const t0 = performance.now();
  for (const text of texts) p.analyze({ text, url: 'https://www.example.com/a' });
  return (performance.now() - t0) / texts.length;
}
msPerArticle(without);
msPerArticle(withKb);
const a: number[] = [], b: number[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  a.push(msPerArticle(without));
  b.push(msPerArticle(withKb));
}
const base = median(a), full = median(b);
console.log(JSON.stringify({
  articles: texts.length, runs: Number(values.runs), components: withKb.names,
  msPerArticleWithout: +base.toFixed(1), msPerArticleWith: +full.toFixed(1),
  overheadPercent: +(((full - base) / base) * 100).toFixed(1),
}));
