/*
 * The techniques model card (models/techniques/MODEL_CARD.md): its text, written whole by
 * `npm run train -- techniques`, and its scores section, rewritten by `npm run eval -- techniques`
 * (learn.ts). What was tried and how long training takes are kept here, by hand, with the figures
 * of the runs that measured them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Measured by hand (\`npm run train -- techniques\` prints each step's time), 2026-11-28, on a machine shared with other jobs. */
const TRAIN_TIME = `Training time grew about 3x with the stacked stage, for its inner CV: \`npm run train -- techniques\`
took 59-72 s in three runs (stage 1 12.5 s, the inner 5-fold CV that gives stage 2 its inputs 43.5 s,
stage 2 6 s, TC 1.5 s (4 s with the settings of 2026-11-29, 8-13 s with the mean word vectors), the rest reading) against 22 s before it (stage 1 and TC only). The nested
\`npm run eval\` trains 7 SI models per outer fold: 262-319 s against about 1.5 minutes.`;

const STACK_TRIED = `- Stacked second SI stage, \`si2.bin\` (kept): nested 5-fold CV (stage 2's inputs out-of-fold
  within each outer fold's training articles). First built over stage 1's token features plus the
  stacked ones (2^20 ids): SI F1 40.34 -> 42.33 (P 36.7, R 50.0) at a decode re-tuned for it
  (threshold 0.3, low 0.05), but \`analyze\` fetched a second 6 MB weight row per feature id: the
  component's time per article on 100 news articles 3.8-4.8 -> 6.2-7.0 ms, and \`npm run bench --
  --components techniques\` read 106.6-163.4 articles/s and peak RSS 264-309 MB in five runs
  (issue 2's bars: 100 articles/s, 300 MB), throwaway readings on a noisy machine. Shipped: the
  stacked features alone (2^18 ids, 0.6 MB): 42.0 at that decode (P 36.1, R 50.1, spans of 83
  characters on average against 50 for gold); the decode shipped, chosen for spans near gold
  length, gives part of it up for precision (see the scores and \`DECODE\` in learn.ts). Stage 1 alone: 40.3 at the decode shipped
  before, 40.7 at threshold 0.3 / low 0.05.
- Self-training on news-unlabeled (dropped; \`npx tsx src/pipeline/techniques/self-training.ts
  [NEWS] [decoded|argmax]\`): 5-fold CV, stage 1, decode shipped before stacking, SI F1 40.26 ->
  39.74 with 200 articles pseudo-labelled by their decoded spans; before the segmenter forgot each
  text's new words (baseline 40.34): 39.64 with 200, 39.26 with 400, 38.08 with 200 labelled token
  by token (argmax).
- Per-technique biases on TC's log-probabilities, tuned for micro-F1 (dropped; a throwaway probe,
  2026-11-29): tuned on all out-of-fold predictions 60.50 -> 60.91, but tuned on four folds and
  applied to the fifth 60.50 -> 60.04 (three folds of five lost): the gain was the tuning's own.
- TC training settings (kept, 2026-11-29): a smaller Adagrad step over more epochs. TC-only 5-fold
  CV (\`npx tsx src/pipeline/techniques/settings-cv.ts tc [--folds hash] EPOCHS/STEP ...\`), on the
  eval's folds and on folds by id hash: 12 epochs at 0.1 (before) 60.50 / 60.14; 20 at 0.05 61.41 / 60.40; 20 at 0.02
  61.50 / 60.81; 20 at 0.03 61.77 / 60.68; 30 at 0.03 61.43 / 60.89; **30 at 0.02 61.54 / 61.05**
  (the best mean of the two); 40 at 0.02 61.61 / 60.86; 40 at 0.01 61.27 / 60.58. TC trains in 4 s
  instead of 1.5 s.
- Mean word vectors as TC features (kept, 2026-11-29; \`UNSPIN_TECHNIQUES_DENSE_TC=0\` turns them
  off): the span's, and those of the 3 tokens on each side. TC-only CV (\`settings-cv.ts tc [--folds
  hash]\`, the table's size by \`UNSPIN_TECHNIQUES_DENSE_WORDS=N\`), on the eval's folds / by id hash: 61.54 / 61.05 without; 62.29 / 61.61 with a table of
  all 50,000 words of \`models/embeddings/\`; **62.00 / 61.49** with the 20,000 most frequent
  (shipped: 1.1 MB instead of 2.7, and the batch bench's peak RSS has little room; 30,000: 62.00 /
  61.46); a throwaway probe of the span's mean alone (50,000 words) 62.03 / 61.54. Unlike context
  words, lexicon tags and clusters (below), the context's mean vector did not overfit. SI is
  unchanged (\`si.bin\` and \`si2.bin\` retrained byte for byte).
- Dense word vectors for SI stage 1 (measured, not shipped, 2026-11-29; \`UNSPIN_TECHNIQUES_DENSE_SI=1\`
  with \`npm run train\` or \`npm run eval -- techniques\`): the token's vector and the mean of its ±2
  neighbours' within the sentence as 100 real values beside the cluster ids, measured with a table
  of all 50,000 words (before it was cut to 20,000 for TC, so the commands now give other figures). Stage 1 alone
  (\`UNSPIN_TECHNIQUES_DENSE_SI=1 UNSPIN_TECHNIQUES_DENSE_TC=0 npx tsx
  src/pipeline/techniques/settings-cv.ts si [--folds hash]\`, stage-1 decode / the grid's best):
  index folds 40.26 / 41.43 -> 40.94 / 42.11, folds by id hash 40.25 / 41.23 -> 40.81 / 41.80;
  throwaway probes with all 100 dimensions 40.91 / 41.95 and 40.85 / 41.75, with 32 directions
  40.81 / 41.94 (index folds). The nested eval of the stacked tagger: at the shipped decode 40.99 -> 41.09,
  with each fold's decode chosen by the length rule 40.68 -> 40.95, by F1 alone 42.0 -> 42.2;
  stage 2 keeps little of stage 1's +0.6. The tagger sums each word's weighted vector once per
  model, so \`npm run bench:techniques\` read the same speed and peak RSS with and without (three
  interleaved pairs: 2.3-3.2 and 2.6-2.7 times the tokenize-only floor, 272-281 MB both); \`train\`
  took 178 s and the nested eval 650 s (each beside another job). Not shipped: +0.1 to +0.3 is
  within what a retraining moves SI, and on the bundled sample the first sentence's span became
  "The bloodthirsty puppet regime in Velmora has once again" (loaded language) instead of "The
  bloodthirsty puppet regime" (name calling).
- SemEval-2021 Task 6 meme texts as extra training articles (dropped, 2026-11-29; \`settings-cv.ts
  --memes all|mapped\`, \`memes.ts\`): 751 memes, 1,421 spans of the 17 meme classes that map onto
  PTC's 14. TC 61.54 -> 61.43 (all memes; 61.32 with only the memes whose every span maps),
  folds by hash 61.05 -> 60.78. SI stage 1 40.26 / 41.43 -> 40.71 / 41.56, by hash 40.25 / 41.23
  -> 40.45 / 41.46; the nested stacked eval (a throwaway run of it with the memes in every outer
  fold's training) 40.99 -> 41.17 at the shipped decode, 40.68 -> 40.76 by the length rule, 42.0
  -> 41.75 by F1 alone. Short all-caps texts are another register; no gain worth the data.
- TC context features (dropped; the same CV with the features added by hand, a throwaway probe,
  eval's folds, 12 epochs at 0.1): the words of the
  span's sentence outside it 60.50 -> 57.92 (57.84-57.87 at other settings), their lexicon tags
  59.90, their word clusters 58.92, words 4-6 tokens out 58.66, the sentence's place in the article
  60.14. More context gave the classifier more to overfit on 5,468 spans.
- Dropping predicted spans that are one title-case word inside a sentence ("Velmora" as Repetition
  in the sample), on the shipped model's out-of-fold probabilities: SI F1 40.99 -> 40.91 (P 39.78
  -> 39.94, R 42.29 -> 41.92, 150 spans fewer). Gold has 91 such spans; not shipped.
- SI training settings (dropped, 2026-11-29): 8 epochs at step 0.03 instead of 6 at 0.05 for both
  stages. Stage 1 alone gained on the eval's folds and on folds by id hash (\`settings-cv.ts si\`:
  at the stage-1 decode 40.26 -> 40.70 and 40.25 -> 40.69; 10 epochs at 0.02 40.52, 15 at 0.02
  40.55), but the nested eval of the stacked model did not: 40.99 -> 40.69 at the shipped decode,
  42.0 -> 41.4 with each fold's decode picked by F1 on the others, 40.7 -> 41.0 by the length rule
  (which then picked threshold 0.25 / low 0.15 / lowShort 0.25). Within noise both ways; kept as
  it was.`;
const BEGIN = '<!-- scores:begin -->';
const END = '<!-- scores:end -->';

function cardText(scores: string, training: string): string {
  return `# Propaganda techniques: span identification (SI) and technique classification (TC)

Sparse logistic-regression models over hashed features (\`src/learn/linear.ts\`), in
\`src/pipeline/techniques/\`: a two-stage span identifier and a span classifier.

- \`si.bin\`: token tagger, O (outside) / S (inside a usually short technique: loaded language,
  name calling, repetition, exaggeration, slogans, flag-waving) / L (inside a clause-long one);
  P(inside) = 1 - P(O). Features: lower-cased word, shape, 3-char
  prefix/suffix, words and bigrams in a ±2 window, lexicon tags of the ±2 window, inside-quotes,
  sentence length / position / '!' / '?' / strong-subjective count, title line, article position,
  how often the token's bigram and word recur in the article, and word-cluster ids (k = 256 and
  1024, from \`models/embeddings/\`) of the token, of its ±2 window (256) and ±1 window (1024).
- \`si2.bin\`: the stacked second SI stage (stacked sequential learning, Cohen & Carvalho 2005),
  another O/S/L tagger over features of stage 1's probabilities only (2^18 hashed ids):
  P(inside) binned at offsets -3..+3 within the sentence (a fixed bin past its edges) and the
  neighbours' values, the token's own value, its long share (P(L) / P(inside)) binned and as a
  value, the sentence's max and mean bins, whether the left/right neighbours reach 0.35 × the own
  bin, and the own bin × the word. Stage 2 is trained on stage-1 probabilities that are
  out-of-fold (a 5-fold CV inside the training articles), since stage 1 is overconfident on the
  articles it was trained on; at prediction time it reads the probabilities of the stage 1 in
  \`si.bin\`, trained on all of them. Without \`si2.bin\` (a folder made before it) the loader
  runs stage 1 alone.
  Decoding (\`decode.json\`): token probabilities are smoothed with their neighbours; a span is a run of tokens at or above \`low\`
  that reaches \`threshold\` somewhere (hysteresis), kept within one sentence, trimmed of edge
  punctuation, at least \`minTokens\` words; its confidence is the mean token probability. A run
  whose mass is mostly S is cut back to its tokens at or above \`lowShort\`, so loaded words and
  labels stay tight while clause-long appeals keep their extent. Articles, prepositions,
  conjunctions and pronouns are trimmed off a span's end (\`trimFunctionWords\`).
- \`tc.bin\`: 14-way span classifier. Features: span words and bigrams, first/last word, length
  buckets, occurrences of the span text in the article and among the other spans, ±3 context
  words, lexicon hits, sentence cues ('!', '?', title, coverage of the sentence, quotes, all caps),
  the bag of the span's word-cluster ids (256 and 1024), and, as real values, the mean word vector
  of the span, of the 3 tokens before it and of the 3 after (\`dense.bin\`: the GloVe vectors of
  \`models/embeddings/\`, unit, in their top 50 principal directions, unit again; the 20,000 most
  frequent words, Int8, 1.1 MB). A span listed k times (one row per label, as in PTC) gets its k best techniques.
- \`lexicon.json\`: word → tag bits, compiled from the MPQA subjectivity clues and the Recasens et
  al. (2013) bias, hedge, factive, assertive, implicative and report-verb lists.
- \`features.json\`: what the folder holds. \`"clusters": true\` when the models use word-cluster
  features; the loader then reads only \`models/embeddings/clusters.tsv\` into a table keyed by
  word hash (~1.5 MB, no vectors), so the techniques-only process stays within its memory
  budget. \`"stacked": true\` when \`si2.bin\` is there; \`"dense"\` gives \`dense.bin\`'s
  dimensions and which models read it (TC; SI stage 1 only in the trial under "Tried"). The loader
  refuses a folder that lost either file.

## Training data

\`../shared/data/ptc/\`: Propaganda Techniques Corpus, SemEval-2020 Task 11 train split (371
articles, \`train-TC.labels\`; SI gold is \`train-SI.labels\`). Da San Martino et al., EMNLP 2019.
Lexicons from \`../shared/data/lexicons/\`. Word clusters from \`models/embeddings/\` (k-means over
GloVe 6B vectors; see its card), and from the same vectors the dense word table. No other data;
no article text is stored in the models.

## Commands

    npm run train -- techniques   # writes models/techniques/*
    npm run eval -- techniques    # 5-fold CV (nested for stage 2), prints and rewrites the scores below

${TRAIN_TIME}

${training}

## Scores

${BEGIN}
${scores}
${END}

## Tried

- Word-cluster ids as SI token/window features and as a TC span bag (kept): 5-fold CV, shipped
  decode, SI F1 39.695 -> 40.247, TC F1 59.325 -> 60.385 (unrounded lines of
  \`UNSPIN_TECHNIQUES_CLUSTERS=0 npm run eval -- techniques\` against \`npm run eval -- techniques\`).
${STACK_TRIED}

## Limits

- Trained on 371 articles from a few (mostly US, partisan) outlets in 2017-2019; other genres and
  languages are out of scope.
- The SI metric gives partial credit, so the reported F1 rewards overlap rather than exact
  boundaries. Technique spans are long for some classes (fear, doubt, whataboutism) and short
  for others (loaded language, name calling); one token-level model serves both.
- The held-out SemEval test set was not used; CV figures are the only measure here.
`;
}

/** Rewrites the card's scores (`npm run eval -- techniques`), or writes the whole card when it has none. */
export function writeScores(dir: string, scores: string, training: string): void {
  const path = join(dir, 'MODEL_CARD.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const i = current.indexOf(BEGIN);
  const j = current.indexOf(END);
  const next = i >= 0 && j > i ? current.slice(0, i + BEGIN.length) + '\n' + scores + '\n' + current.slice(j) : cardText(scores, training);
  writeFileSync(path, next);
}

/** Writes the whole card after training, keeping the scores it has (they are measured by the eval). */
export function writeCard(dir: string, training: string): void {
  const path = join(dir, 'MODEL_CARD.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const i = current.indexOf(BEGIN);
  const j = current.indexOf(END);
  const scores = i >= 0 && j > i ? current.slice(i + BEGIN.length, j).trim() : 'Not measured yet: run `npm run eval -- techniques`.';
  writeFileSync(path, cardText(scores, training));
}
