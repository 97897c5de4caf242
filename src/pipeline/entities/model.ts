import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { CrfModel } from '../../learn/crf-tagger.ts';
import { loadCasing, type CasingLexicon } from './casing.ts';
import {
  BOS, EOS, TEMPLATE, TEMPLATES, lowerOf, normalizeWord, pairKey, positionFeatures, wordRoles, type Feature, type WordRoles,
} from './features.ts';

export const MODEL_FILE = 'ner.crfsuite';
export const CASING_FILE = 'casing.tsv';

const ROLES = ['own', 'toNext', 'toNext2', 'toPrev', 'toPrev2'] as const;
const CACHE_LIMIT = 50_000;

/**
 * The trained CoNLL-2003 tagger: words in, BIO tags (PER, ORG, LOC, MISC) out. It sums the
 * same features as `wordFeatures` (training), but caches each distinct word's summed weights
 * per role, so a token costs a few lookups instead of twenty-odd string features.
 */
export class EntityTagger {
  /** Per template: feature value -> row of the CRF state weights. */
  private readonly rows: Array<Map<string, number>>;
  private readonly L: number;
  private readonly cache = new Map<string, { vector: Float64Array; low: string }>();
  private readonly edges: { bos: Float64Array; eos: Float64Array };

  constructor(
    private readonly crf: CrfModel,
    readonly casing: CasingLexicon,
  ) {
    this.L = crf.labels.length;
    const index = new Map<string, number>(TEMPLATES.map((t, i) => [t, i]));
    this.rows = TEMPLATES.map(() => new Map());
    crf.attributes.forEach((attr, row) => {
      const eq = attr.indexOf('=');
      const t = eq < 0 ? undefined : index.get(attr.slice(0, eq));
      if (t === undefined) throw new Error(`entity model has an unknown feature "${attr}" (retrain it)`);
      this.rows[t]!.set(attr.slice(eq + 1), row);
    });
    this.edges = { bos: this.summed(BOS), eos: this.summed(EOS) };
  }

  get labels(): readonly string[] {
    return this.crf.labels;
  }

  /** Adds the weights of feature `t=v` to out[at .. at+L). */
  private add(out: Float64Array, at: number, t: number, v: string): void {
    const row = this.rows[t]!.get(v);
    if (row === undefined) return;
    const { state } = this.crf;
    const o = row * this.L;
    for (let y = 0; y < this.L; y++) out[at + y] = out[at + y]! + state[o + y]!;
  }

  private summed(roles: WordRoles): Float64Array {
    const out = new Float64Array(ROLES.length * this.L);
    ROLES.forEach((role, r) => roles[role].forEach(([t, v]: Feature) => this.add(out, r * this.L, t, v)));
    return out;
  }

  private wordEntry(word: string): { vector: Float64Array; low: string } {
    let e = this.cache.get(word);
    if (!e) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      e = { vector: this.summed(wordRoles(word, this.casing)), low: lowerOf(word) };
      this.cache.set(word, e);
    }
    return e;
  }

  tagWords(input: readonly string[]): string[] {
    const n = input.length;
    if (!n) return [];
    const L = this.L;
    const words = input.map(normalizeWord);
    const entries = words.map((w) => this.wordEntry(w));
    const vec = entries.map((e) => e.vector);
    const low = entries.map((e) => e.low);
    const { bos, eos } = this.edges;
    const scores = new Float64Array(n * L);
    const { capsLine } = positionFeatures(words);
    for (let i = 0; i < n; i++) {
      const at = i * L;
      const own = vec[i]!;
      const left = i > 0 ? vec[i - 1]! : bos;
      const left2 = i > 1 ? vec[i - 2]! : bos;
      const right = i + 1 < n ? vec[i + 1]! : eos;
      const right2 = i + 2 < n ? vec[i + 2]! : eos;
      for (let y = 0; y < L; y++) {
        scores[at + y] = own[y]! + left[L + y]! + left2[2 * L + y]! + right[3 * L + y]! + right2[4 * L + y]!;
      }
      if (i === 0) this.add(scores, at, TEMPLATE.first, '');
      if (capsLine) this.add(scores, at, TEMPLATE.capsline, '');
      // Each adjacent pair is one string, seen as w-1w by the right token and ww+1 by the left.
      const pair = pairKey(i > 0 ? low[i - 1]! : '<s>', low[i]!);
      this.add(scores, at, TEMPLATE['w-1w'], pair);
      if (i > 0) this.add(scores, at - L, TEMPLATE['ww+1'], pair);
    }
    this.add(scores, (n - 1) * L, TEMPLATE['ww+1'], pairKey(low[n - 1]!, '</s>'));
    const best = this.crf.viterbi(scores, n);
    return Array.from(best, (y) => this.crf.labels[y]!);
  }
}

export async function loadEntityTagger(modelDir: string): Promise<EntityTagger> {
  const dir = join(modelDir, 'entities');
  for (const f of [MODEL_FILE, CASING_FILE]) {
    if (!existsSync(join(dir, f))) throw new Error(`entity model file not found: ${join(dir, f)} (run: npm run train -- entities)`);
  }
  return new EntityTagger(CrfModel.load(join(dir, MODEL_FILE)), loadCasing(join(dir, CASING_FILE)));
}
