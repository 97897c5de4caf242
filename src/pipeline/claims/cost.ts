/**
 * `npx tsx src/pipeline/claims/cost.ts`: CPU time per article of the claims and headline
 * components over ../shared/data/news-unlabeled, next to segmentation (the floor every
 * component pays anyway). CPU rather than wall time, so other jobs on the machine skew it less.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../../learn/data.ts';
import { Doc } from '../../doc/doc.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { ClaimModel } from './model.ts';
import { loadEmbeddings } from '../../learn/embeddings.ts';
import { claimsComponent } from './component.ts';
import { HeadlineModel } from '../headline/model.ts';
import { headlineComponent } from '../headline/component.ts';

const dir = join(DATA_DIR, 'news-unlabeled');
const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
const docs = texts.map((t) => Doc.fromText(t));
const load = (f: () => unknown) => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
let claims!: ReturnType<typeof claimsComponent>;
let headline!: ReturnType<typeof headlineComponent>;
// First on its own: the claims model shares the same cached embeddings.
const embeddingsLoad = load(() => loadEmbeddings(DEFAULT_MODEL_DIR));
const claimsLoad = load(() => (claims = claimsComponent(ClaimModel.load(DEFAULT_MODEL_DIR))));
const headlineLoad = load(() => (headline = headlineComponent(HeadlineModel.load(DEFAULT_MODEL_DIR))));
const cpu = (f: () => void, runs = 3) => {
  f(); // warm-up
  const t0 = process.cpuUsage();
  for (let r = 0; r < runs; r++) f();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / texts.length / runs;
};
const floor = cpu(() => texts.forEach((t) => Doc.fromText(t)));
const c = cpu(() => docs.forEach((d) => claims.predict(d)));
const h = cpu(() => docs.forEach((d) => headline.predict(d)));
console.log(`${texts.length} articles, CPU µs per article (mean of 3 runs after a warm-up)`);
console.log(`  segmentation (floor)  ${floor.toFixed(0)}`);
console.log(`  claims                ${c.toFixed(0)}  (${(c / floor).toFixed(2)}x floor)`);
console.log(`  headline + style      ${h.toFixed(0)}  (${(h / floor).toFixed(2)}x floor)`);
console.log(`  model load            embeddings ${embeddingsLoad.toFixed(0)} ms, claims (besides them) ${claimsLoad.toFixed(0)} ms, headline ${headlineLoad.toFixed(0)} ms`);
