import { readFileSync, writeFileSync, statSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LearnTask } from '../../learn/tasks.ts';
import { trainCrf } from '../../learn/crf-tagger.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { readLabelledSentences } from './conll.ts';
import { wordFeatures, normalizeWord } from './features.ts';
import { loadEntityTagger, MODEL_FILE, CASING_FILE } from './model.ts';
import { CasingCounter, saveCasing } from './casing.ts';
import { Doc } from '../../doc/doc.ts';
import { DATA_DIR } from '../../learn/data.ts';
import { scoreEntities } from './bio.ts';

const DATA = join(DATA_DIR, 'ner', 'conll2003');
// Unlabelled news for the casing lexicon (train splits only; no labels are read).
const NEWS_DIRS = ['news-unlabeled/', 'ptc/train-articles/', 'attribution/polnear/train/text/'];
const read = (split: 'train' | 'dev') => {
  const path = join(DATA, `${split}.txt`);
  return readLabelledSentences(readFileSync(path, 'utf8'), `conll2003/${split}.txt`);
};

// Chosen on CoNLL dev with sweep.ts (see MODEL_CARD.md); L1 (c1) keeps the model small.
export const CRF_PARAMS = { c1: 0.05, c2: 0.01, maxIterations: 150, minFreq: 1 };

const CARD = join(DEFAULT_MODEL_DIR, 'entities', 'MODEL_CARD.md');
const SCORES_START = '<!-- scores:start -->';
const SCORES_END = '<!-- scores:end -->';

export const task: LearnTask = {
  async train() {
    const dir = join(DEFAULT_MODEL_DIR, 'entities');
    mkdirSync(dir, { recursive: true });
    const train = read('train');
    const counter = new CasingCounter();
    for (const s of train) counter.add(s.words);
    let articles = 0;
    for (const sub of NEWS_DIRS) {
      const folder = join(DATA_DIR, sub);
      for (const f of readdirSync(folder).filter((n) => n.endsWith('.txt'))) {
        let doc: Doc;
        try {
          doc = Doc.fromText(readFileSync(join(folder, f), 'utf8'));
        } catch (e) {
          // A text the segmenter cannot handle only costs the lexicon a few counts.
          console.error(`skipped ${sub}${f}: ${(e as Error).message}`);
          continue;
        }
        for (const s of doc.sentences) counter.add(doc.tokens.slice(s.tokenStart, s.tokenEnd).map((t) => doc.slice(t)));
        articles++;
      }
    }
    const casing = counter.lexicon(2);
    saveCasing(join(dir, CASING_FILE), casing);
    console.error(`casing lexicon: ${casing.size} words from CoNLL train and ${articles} unlabelled articles`);
    const path = join(dir, MODEL_FILE);
    console.error(`training CRF on ${train.length} CoNLL-2003 train sentences`, CRF_PARAMS);
    trainCrf(
      train.map((s) => ({ features: wordFeatures(s.words.map(normalizeWord), casing), labels: s.tags })),
      path,
      { ...CRF_PARAMS, verbose: !!process.env.UNSPIN_VERBOSE },
    );
    console.error(`wrote ${path} (${(statSync(path).size / 1024 / 1024).toFixed(1)} MB)`);
  },

  async evaluate() {
    const tagger = await loadEntityTagger(DEFAULT_MODEL_DIR);
    const dev = read('dev');
    const pred = dev.map((s) => tagger.tagWords(s.words));
    const tokens = dev.reduce((n, s) => n + s.words.length, 0);
    const { overall, perType } = scoreEntities(dev.map((s) => s.tags), pred);
    const f = (x: number) => x.toFixed(4);
    const rows = [
      '| split | type | precision | recall | F1 | gold | predicted |',
      '|---|---|---|---|---|---|---|',
      `| CoNLL-2003 dev | all | ${f(overall.precision)} | ${f(overall.recall)} | **${f(overall.f1)}** | ${overall.gold} | ${overall.pred} |`,
      ...Object.entries(perType).map(([t, s]) => `| CoNLL-2003 dev | ${t} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${s.gold} | ${s.pred} |`),
    ];
    const text = [
      `Entity-level exact match (CoNLL-2003 / conlleval), ${dev.length} dev sentences, ${tokens} tokens.`,
      `Produced by \`npm run eval -- entities\` on ${new Date().toISOString().slice(0, 10)}.`,
      '',
      ...rows,
    ].join('\n');
    console.log(text);
    if (existsSync(CARD)) {
      const card = readFileSync(CARD, 'utf8');
      const a = card.indexOf(SCORES_START);
      const b = card.indexOf(SCORES_END);
      if (a >= 0 && b > a) writeFileSync(CARD, card.slice(0, a + SCORES_START.length) + '\n' + text + '\n' + card.slice(b));
    }
  },
};
