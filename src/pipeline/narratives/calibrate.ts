/**
 * `npm run calibrate:narratives`: refits only the catalogues' calibration from invented
 * paraphrases (disinformation KBs, Snopes; see `paraphraseCalibration`) for the shipped
 * re-ranker, without retraining it. `npm run train -- narratives` does the same as its last step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../learn/data.ts';
import { KbSearcher } from '../../kb/search.ts';
import { NAMED_KBS } from '../../kb/search-options.ts';
import { Reranker, type Calibration } from '../../kb/reranker.ts';
import { defaultDataRoot } from '../../kb/paths.ts';
import { trainingKb } from './data.ts';
import { NEWS_CALIBRATION, newsNegatives } from './training.ts';
import { paraphraseCalibrations } from './paraphrase-calibration.ts';

const dir = join(REPO_ROOT, 'models/narratives');
const reranker = Reranker.load(dir);
if (!reranker) {
  console.error('no trained re-ranker: run `npm run train -- narratives` first');
  process.exit(2);
}
const root = defaultDataRoot();
const searcher = new KbSearcher(trainingKb(), reranker);
const { threshold, minCover = 0, synonymCover = 0 } = reranker.calibration;
const calibNews = await newsNegatives(root, NEWS_CALIBRATION);
const { kbs, lines } = paraphraseCalibrations(reranker.model, searcher, calibNews, reranker.assoc, threshold, minCover, { table: reranker.synonyms, weight: synonymCover });
const path = join(dir, 'calibration.json');
// The weights are chosen with the name rule applied, so the file gets the rule too.
const cal: Calibration = { ...(JSON.parse(readFileSync(path, 'utf8')) as Calibration), namedKbs: [...NAMED_KBS], kbs };
writeFileSync(path, JSON.stringify(cal, null, 2) + '\n');
for (const line of lines) console.log(`calibrated ${line}`);
console.log(`Platt parameters per KB: ${JSON.stringify(kbs)}`);
