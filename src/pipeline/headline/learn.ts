import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LearnTask } from '../../learn/tasks.ts';
import { DATA_DIR, REPO_ROOT } from '../../learn/data.ts';
import { LinearModel, toRow } from '../../learn/linear.ts';
import { Doc } from '../../doc/doc.ts';
import { Lexicon } from '../claims/lexicon.ts';
import { binaryScores } from '../claims/metrics.ts';
import { writeScores } from '../claims/modelcard.ts';
import { readHeadlineLexicons } from './lexicon.ts';
import { headlineFeatures } from './features.ts';
import { CASINGS, isClickbaitTest, readClickbait } from './data.ts';
import { HeadlineModel } from './model.ts';
import { LoadedWords, countStyle, rawStyleScore } from './style.ts';

const MODEL_DIR = join(REPO_ROOT, 'models');

/* Chosen on a dev fold (a quarter of the training headlines) before the test split was scored. */
const HYPER = { bits: 20, epochs: 10, lr: 0.1, l2: 1e-6 };

const articles = (dir: string) =>
  readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));

export const task: LearnTask = {
  async train() {
    const lists = readHeadlineLexicons(DATA_DIR);
    const { phrase, ...words } = lists;
    const lexicon = new Lexicon(words);
    const phrases = new Set(phrase);
    const train = readClickbait().filter((h) => !isClickbaitTest(h));
    const rows = train.map((h) => toRow(headlineFeatures(h.text, lexicon, phrases), HYPER.bits));
    const linear = LinearModel.train(rows, train.map((h) => h.label), { ...HYPER, labels: ['no', 'yes'] });
    // Style reference: raw scores of the unlabeled news articles, sorted for percentile look-ups.
    const loadedWords = new LoadedWords(lexicon);
    const reference = articles(join(DATA_DIR, 'news-unlabeled'))
      .map((t) => Math.round(rawStyleScore(countStyle(Doc.fromText(t), loadedWords)) * 1e5) / 1e5)
      .sort((a, b) => a - b);
    mkdirSync(join(MODEL_DIR, 'headline'), { recursive: true });
    new HeadlineModel(linear, lists, reference).save(join(MODEL_DIR, 'headline'));
    console.error(`trained on ${train.length} headlines (${train.filter((h) => h.label).length} clickbait); style reference of ${reference.length} articles`);
  },

  async evaluate() {
    const model = HeadlineModel.load(MODEL_DIR);
    const test = readClickbait().filter(isClickbaitTest);
    const r = binaryScores(test.map((h) => model.clickbait(h.text)), test.map((h) => h.label));
    const f = (x: number) => x.toFixed(4);
    // The same headlines in other casings: a score should not depend on how an outlet capitalises.
    const casings = Object.entries(CASINGS).map(([name, recase]) => {
      const c = binaryScores(test.map((h) => model.clickbait(recase(h.text))), test.map((h) => h.label));
      return `| ${name} | ${f(c.accuracy)} | ${f(c.precision)} | ${f(c.recall)} | ${f(c.f1)} |`;
    });
    // Style has no labelled data; as a sanity check compare the propaganda corpus to the reference.
    const ptc = articles(join(DATA_DIR, 'ptc/train-articles'));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ptcStyle = ptc.map((t) => model.styleOf(Doc.fromText(t)));
    const md = [
      `Clickbait, our held-out 20% of the Chakraborty et al. headlines (hash split, ${test.length} headlines, ${test.filter((h) => h.label).length} clickbait), score ≥ 0.5 = clickbait:`,
      '',
      `| accuracy | P | R | F1 (clickbait class) |`,
      `|---|---|---|---|`,
      `| **${f(r.accuracy)}** | ${f(r.precision)} | ${f(r.recall)} | **${f(r.f1)}** |`,
      '',
      'The same held-out headlines put into one casing each:',
      '',
      '| casing | accuracy | P | R | F1 |',
      '|---|---|---|---|---|',
      ...casings,
      '',
      `Style (no labels exist; a sanity check only): mean \`sensational\` over the ${ptc.length} PTC training articles (propaganda corpus) is ${f(mean(ptcStyle.map((s) => s.sensational)))} and their mean loaded-word share ${f(mean(ptcStyle.map((s) => s.loadedWordShare)))}; by construction the reference news articles average about 0.5.`,
    ].join('\n');
    console.log(md);
    writeScores(join(MODEL_DIR, 'headline/MODEL_CARD.md'), md);
  },
};
