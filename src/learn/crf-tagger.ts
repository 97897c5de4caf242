import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { fileKey, sharedArray } from './shared-arrays.ts';

// crfsuite is a CommonJS native addon; its d.ts claims tag() returns {probability,result},
// but the binding returns the label array itself, so it is typed here by hand.
type CrfSuite = {
  Tagger: new () => { open(path: string): boolean; tag(xseq: string[][]): string[] };
  Trainer: new (opts?: { debug?: boolean }) => {
    append(xseq: string[][], yseq: string[]): void;
    set_params(p: Record<string, string>): void;
    train(path: string): number;
  };
};

// Loaded on first use only: analysis tags with CrfModel (pure JS), so the native addon stays out
// of the worker threads of the server and batch pools, where native teardown is a crash risk.
let loaded: CrfSuite | undefined;
const crfsuite = (): CrfSuite => (loaded ??= createRequire(import.meta.url)('crfsuite') as CrfSuite);

/** One training sequence: a feature list per item (each attribute weighs 1) and its labels. */
export interface CrfSequence {
  features: string[][];
  labels: string[];
}

/** L-BFGS parameters of CRFsuite's crf1d trainer (see its manual); values are stringified. */
export interface CrfParams {
  c1?: number;
  c2?: number;
  maxIterations?: number;
  /** Drop features seen fewer times than this; keeps the model small. */
  minFreq?: number;
  /** Let CRFsuite print its L-BFGS progress (to stdout; the binding has no callback). */
  verbose?: boolean;
}

/** Trains a linear-chain CRF and writes CRFsuite's model file to `path`. */
export function trainCrf(sequences: Iterable<CrfSequence>, path: string, params: CrfParams = {}): void {
  const trainer = new (crfsuite().Trainer)({ debug: !!params.verbose });
  for (const s of sequences) {
    if (!s.features.length) continue;
    trainer.append(s.features, s.labels);
  }
  trainer.set_params({
    c1: String(params.c1 ?? 0.1),
    c2: String(params.c2 ?? 0.01),
    max_iterations: String(params.maxIterations ?? 100),
    'feature.minfreq': String(params.minFreq ?? 1),
    'feature.possible_transitions': '1',
  });
  const status = trainer.train(path);
  // L-BFGS returns a negative code on failure, except when it stops at max_iterations or converges.
  if (!existsSync(path)) throw new Error(`CRF training wrote no model (status ${status})`);
}

/** A trained CRFsuite model opened with the native binding (reference for CrfModel). */
export class CrfTagger {
  private constructor(private readonly tagger: InstanceType<CrfSuite['Tagger']>) {}

  static open(path: string): CrfTagger {
    if (!existsSync(path)) throw new Error(`CRF model not found: ${path}`);
    const tagger = new (crfsuite().Tagger)();
    if (!tagger.open(path)) throw new Error(`not a CRFsuite model: ${path}`);
    return new CrfTagger(tagger);
  }

  /** The most likely label of every item; the binding cannot tag an empty sequence, so that is handled here. */
  tag(features: string[][]): string[] {
    if (!features.length) return [];
    return this.tagger.tag(features);
  }
}

/** Reads a CQDB string table (CRFsuite's key store) through its id -> record back links. */
function readCqdb(buf: Buffer, begin: number, what: string): string[] {
  if (buf.toString('latin1', begin, begin + 4) !== 'CQDB') throw new Error(`bad CRFsuite model: no ${what} table`);
  const count = buf.readUInt32LE(begin + 16);
  const bwdOffset = buf.readUInt32LE(begin + 20);
  const out: string[] = new Array(count);
  for (let id = 0; id < count; id++) {
    const rec = begin + buf.readUInt32LE(begin + bwdOffset + 4 * id);
    const size = buf.readUInt32LE(rec + 4);
    // The stored key ends with its NUL terminator.
    out[id] = buf.toString('utf8', rec + 8, rec + 8 + size - 1);
  }
  return out;
}

/**
 * A CRFsuite crf1d model read into plain arrays, so tagging runs in JS: the native binding
 * copies every attribute string across N-API, which measured slower than the features themselves.
 * Viterbi is CRFsuite's own (crf1dc_viterbi): no start/end transitions, first maximum wins.
 */
export class CrfModel {
  private constructor(
    readonly labels: string[],
    /** Attribute names, indexing rows of `state`. */
    readonly attributes: string[],
    /** state[a * L + y]: weight of attribute a for label y. */
    readonly state: Float64Array,
    /** trans[i * L + j]: weight of label i followed by label j. */
    readonly trans: Float64Array,
  ) {}

  static load(path: string): CrfModel {
    if (!existsSync(path)) throw new Error(`CRF model not found: ${path}`);
    const buf = readFileSync(path);
    if (buf.length < 48 || buf.toString('latin1', 0, 4) !== 'lCRF' || buf.toString('latin1', 8, 12) !== 'FOMC') {
      throw new Error(`not a CRFsuite crf1d model: ${path}`);
    }
    const u32 = (o: number) => buf.readUInt32LE(o);
    const numLabels = u32(20);
    const offFeatures = u32(28);
    const labels = readCqdb(buf, u32(32), 'label');
    const attributes = readCqdb(buf, u32(36), 'attribute');
    if (labels.length !== numLabels) throw new Error(`bad CRFsuite model: ${labels.length} label names for ${numLabels} labels`);
    const L = numLabels;
    const trans = new Float64Array(L * L);
    const numFeatures = u32(offFeatures + 8);
    // Batch threads share the state weights (see shared-arrays.ts); the small transition table is read every time.
    const state = sharedArray(fileKey(path, 'state'), Float64Array, attributes.length * L, (out) => {
      for (let f = 0, o = offFeatures + 12; f < numFeatures; f++, o += 20) {
        if (u32(o) === 0) out[u32(o + 4) * L + u32(o + 8)] = buf.readDoubleLE(o + 12);
      }
    });
    for (let f = 0, o = offFeatures + 12; f < numFeatures; f++, o += 20) {
      if (u32(o) === 1) trans[u32(o + 4) * L + u32(o + 8)] = buf.readDoubleLE(o + 12);
    }
    return new CrfModel(labels, attributes, state, trans);
  }

  /** Best label index per item, given summed state scores `scores[t * L + y]` for T items. */
  viterbi(scores: Float64Array, T: number): Int32Array {
    const L = this.labels.length;
    const trans = this.trans;
    const out = new Int32Array(T);
    if (!T) return out;
    const back = new Int32Array(T * L);
    // alpha[t * L + j]: best score of a path ending in label j at item t.
    const alpha = new Float64Array(T * L);
    for (let j = 0; j < L; j++) alpha[j] = scores[j]!;
    for (let t = 1; t < T; t++) {
      const p = (t - 1) * L;
      const c = t * L;
      for (let j = 0; j < L; j++) {
        let best = -Infinity;
        let arg = 0;
        for (let i = 0; i < L; i++) {
          const s = alpha[p + i]! + trans[i * L + j]!;
          if (s > best) {
            best = s;
            arg = i;
          }
        }
        back[c + j] = arg;
        alpha[c + j] = best + scores[c + j]!;
      }
    }
    let best = -Infinity;
    const last = (T - 1) * L;
    for (let i = 0; i < L; i++) {
      if (alpha[last + i]! > best) {
        best = alpha[last + i]!;
        out[T - 1] = i;
      }
    }
    for (let t = T - 2; t >= 0; t--) out[t] = back[(t + 1) * L + out[t + 1]!]!;
    return out;
  }
}
