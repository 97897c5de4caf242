/**
 * `npx tsx src/pipeline/entities/sweep.ts '[{"c1":0.05,"c2":0.01,"maxIterations":150}, ...]'`:
 * trains one CRF per parameter set into the temp folder (the committed model is untouched) and
 * prints CoNLL-2003 dev F1 for each, with the committed casing lexicon. How CRF_PARAMS was chosen.
 */
import { readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { DATA_DIR } from '../../learn/data.ts';
import { trainCrf, CrfModel, type CrfParams } from '../../learn/crf-tagger.ts';
import { readLabelledSentences } from './conll.ts';
import { wordFeatures, normalizeWord } from './features.ts';
import { EntityTagger, CASING_FILE } from './model.ts';
import { loadCasing } from './casing.ts';
import { scoreEntities } from './bio.ts';

const read = (split: string) => readLabelledSentences(readFileSync(join(DATA_DIR, 'ner', 'conll2003', `${split}.txt`), 'utf8'), split);
const casing = loadCasing(join(DEFAULT_MODEL_DIR, 'entities', CASING_FILE));
const train = read('train');
const dev = read('dev');
const sequences = train.map((s) => ({ features: wordFeatures(s.words.map(normalizeWord), casing), labels: s.tags }));
const dir = mkdtempSync(join(tmpdir(), 'unspin-ner-sweep-'));

for (const [k, params] of (JSON.parse(process.argv[2] ?? '[]') as CrfParams[]).entries()) {
  const path = join(dir, `model-${k}.crfsuite`);
  trainCrf(sequences, path, params);
  const tagger = new EntityTagger(CrfModel.load(path), casing);
  const { overall, perType } = scoreEntities(dev.map((s) => s.tags), dev.map((s) => tagger.tagWords(s.words)));
  const types = Object.entries(perType).map(([t, s]) => `${t} ${s.f1.toFixed(4)}`).join(', ');
  console.log(`${JSON.stringify(params)}\tdev F1 ${overall.f1.toFixed(4)} (${types})\t${(statSync(path).size / 1e6).toFixed(1)} MB`);
}
