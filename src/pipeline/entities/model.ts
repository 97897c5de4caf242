import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { CrfModel } from '../../learn/crf-tagger.ts';
import { loadCasing, type CasingLexicon } from './casing.ts';
import { detached } from '../../doc/detach.ts';
import {
  BOS, EOS, TEMPLATE, TEMPLATES, lowerOf, normalizeWord, pairKey, positionFeatures, wordRoles, type Feature, type WordRoles,
} from './features.ts';

export const MODEL_FILE = 'ner.crfsuite';
export const CASING_FILE = 'casing.tsv';

const ROLES = ['own', 'toNext', 'toNext2', 'toPrev', 'toPrev2'] as const;
const CACHE_LIMIT = 50_000;
/** Cached words per slab chunk: a small vocabulary takes little memory, a large one no more objects. */
const CHUNK = 2048;

/**
 * The trained CoNLL-2003 tagger: words in, BIO tags (PER, ORG, LOC, MISC) out. It sums the
 * same features as `wordFeatures` (training), but caches each distinct word's summed weights
 * per role, so a token costs a few lookups instead of twenty-odd string features.
 */
export class EntityTagger {
  /** Per template: feature value -> row of the CRF state weights. */
  private readonly rows: Array<Map<string, number>>;
  private readonly L: number;
  /**
   * The per-word cache: word -> slot; slot s keeps its summed weights (ROLES.length * L values)
   * in chunk s / CHUNK. One Float64Array per word cost ~650 bytes with the typed array's own
   * objects (18.9 MB per thread after 400 news articles, in a heap snapshot); slabs cost the numbers alone, and 32
   * bits keep them exactly enough (every tag of the 400 articles is the same as with 64).
   */
  private readonly slots = new Map<string, number>();
  private readonly chunks: Float32Array[] = [];
  private readonly lows: string[] = [];
  private readonly edges: { bos: Float32Array; eos: Float32Array };

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
    this.edges = { bos: Float32Array.from(this.summed(BOS)), eos: Float32Array.from(this.summed(EOS)) };
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

  private wordSlot(word: string): number {
    let slot = this.slots.get(word);
    if (slot === undefined) {
      word = detached(word);
      slot = this.slots.size;
      const width = ROLES.length * this.L;
      const c = Math.floor(slot / CHUNK);
      const chunk = (this.chunks[c] ??= new Float32Array(CHUNK * width));
      chunk.set(this.summed(wordRoles(word, this.casing)), (slot % CHUNK) * width);
      this.lows[slot] = lowerOf(word);
      this.slots.set(word, slot);
    }
    return slot;
  }

  /** Empties the per-word cache (`Component.forget`); its slabs are reused. */
  forget(): void {
    this.slots.clear();
  }

  tagWords(input: readonly string[]): string[] {
    const n = input.length;
    if (!n) return [];
    const L = this.L;
    const words = input.map(normalizeWord);
    // Bounded, and cleared only between sentences: a slot must not be reused while in use.
    if (this.slots.size + n > CACHE_LIMIT) this.slots.clear();
    const width = ROLES.length * L;
    // Each word's weights as (array, offset); sentence edges read the bos/eos vectors.
    const arr: Float32Array[] = new Array(n);
    const off = new Int32Array(n);
    const low: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const slot = this.wordSlot(words[i]!);
      arr[i] = this.chunks[Math.floor(slot / CHUNK)]!;
      off[i] = (slot % CHUNK) * width;
      low[i] = this.lows[slot]!;
    }
    const { bos, eos } = this.edges;
    const scores = new Float64Array(n * L);
    const { capsLine } = positionFeatures(words);
    for (let i = 0; i < n; i++) {
      const at = i * L;
      const own = arr[i]!, o0 = off[i]!;
      const left = i > 0 ? arr[i - 1]! : bos, o1 = i > 0 ? off[i - 1]! + L : L;
      const left2 = i > 1 ? arr[i - 2]! : bos, o2 = i > 1 ? off[i - 2]! + 2 * L : 2 * L;
      const right = i + 1 < n ? arr[i + 1]! : eos, o3 = i + 1 < n ? off[i + 1]! + 3 * L : 3 * L;
      const right2 = i + 2 < n ? arr[i + 2]! : eos, o4 = i + 2 < n ? off[i + 2]! + 4 * L : 4 * L;
      for (let y = 0; y < L; y++) {
        scores[at + y] = own[o0 + y]! + left[o1 + y]! + left2[o2 + y]! + right[o3 + y]! + right2[o4 + y]!;
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
