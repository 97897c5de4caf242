/**
 * `npx tsx src/pipeline/techniques/self-training.ts [NEWS] [decoded|argmax]`: self-training of
 * the stage-1 span tagger on news-unlabeled, measured by the same 5-fold CV on PTC train as
 * `npm run eval -- techniques` (stage 1 only, the decode shipped before stacking). In each fold,
 * the stage-1 model of the training folds labels the first NEWS news articles (default 200):
 * `decoded`, the tokens of its decoded spans S or L by their long share; `argmax`, each token by
 * its likeliest label. Stage 1 is trained again on gold plus those, and scored on the test fold.
 * The issue suggested it; it lost (the model card's "Tried"), so it is not part of training.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Doc } from '../../doc/doc.ts';
import { DATA_DIR, REPO_ROOT } from '../../learn/data.ts';
import { loadHashedWordClusters } from '../../learn/embeddings.ts';
import { readArticles, readLabels, rowsInCodePoints, rowsInUnits, type LabelRow } from '../../io/semeval.ts';
import { scoreSI } from '../../io/scorer.ts';
import { prepare, trainSI, USE_CLUSTERS } from './learn.ts';
import { decodeSpans, tokenClassProbs, type DecodeConfig } from './model.ts';
import { tokenRange, tokenRows, viewArticle } from './features.ts';
import { compileLexicon } from './lexicon.ts';

const DECODE_BEFORE: DecodeConfig = { threshold: 0.35, low: 0.1, lowShort: 0.25, smooth: 0.3, minTokens: 1, trimFunctionWords: true };
const NEWS = Number(process.argv[2] ?? 200);
const MODE = process.argv[3] ?? 'decoded';
const K = 5;

const lexicon = compileLexicon(join(DATA_DIR, 'lexicons'));
const clusters = USE_CLUSTERS ? loadHashedWordClusters(join(REPO_ROOT, 'models')) : null;
const articles = readArticles(join(DATA_DIR, 'ptc', 'train-articles'));
const texts = new Map(articles.map((a) => [a.id, a.text]));
const data = prepare(articles, rowsInUnits(readLabels(join(DATA_DIR, 'ptc', 'train-TC.labels')), texts), lexicon, clusters);
const gold = readLabels(join(DATA_DIR, 'ptc', 'train-SI.labels'));
const newsDir = join(DATA_DIR, 'news-unlabeled');
const news = readdirSync(newsDir).filter((f) => f.endsWith('.txt')).sort().slice(0, NEWS)
  .map((f) => viewArticle(Doc.fromText(readFileSync(join(newsDir, f), 'utf8')), lexicon, clusters));
const newsRows = news.map((v) => tokenRows(v));

const probs = new Map<string, ReturnType<typeof tokenClassProbs>>();
for (let f = 0; f < K; f++) {
  const train = data.filter((_, i) => i % K !== f);
  let model = trainSI(train);
  if (NEWS > 0) {
    const pseudo = news.map((v, j) => {
      const p = tokenClassProbs(model, v);
      const tokY = new Uint8Array(v.n);
      if (MODE === 'decoded') {
        for (const s of decodeSpans(v, p.inside, DECODE_BEFORE, p.longShare)) {
          const [a, b] = tokenRange(v, s);
          let long = 0;
          for (let i = a; i < b; i++) long += p.longShare[i]!;
          tokY.fill(long / Math.max(1, b - a) >= 0.5 ? 2 : 1, a, b);
        }
      } else {
        for (let i = 0; i < v.n; i++) tokY[i] = p.inside[i]! >= 0.5 ? (p.longShare[i]! >= 0.5 ? 2 : 1) : 0;
      }
      return { id: `news-${j}`, view: v, tokRows: newsRows[j]!, tokY, tc: [] };
    });
    model = trainSI([...train, ...pseudo]);
  }
  for (const d of data.filter((_, i) => i % K === f)) probs.set(d.id, tokenClassProbs(model, d.view));
  console.error(`fold ${f + 1}/${K}`);
}
const pred: LabelRow[] = [];
for (const d of data) {
  const p = probs.get(d.id)!;
  const spans = decodeSpans(d.view, p.inside, DECODE_BEFORE, p.longShare).map((s) => ({ article: d.id, start: s.start, end: s.end }));
  pred.push(...rowsInCodePoints(spans, texts.get(d.id)!));
}
const s = scoreSI(gold, pred);
console.log(`self-training, ${NEWS} news articles, ${MODE}: SI F1 ${(100 * s.f1).toFixed(2)}  P ${(100 * s.precision).toFixed(1)}  R ${(100 * s.recall).toFixed(1)}`);
