import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Doc } from '../../doc/doc.ts';
import { scoreSI } from '../../io/scorer.ts';
import { rowsInCodePoints, type LabelRow } from '../../io/semeval.ts';
import { viewArticle } from './features.ts';
import { decodeSpans, type DecodeConfig } from './model.ts';
import { foldChosenSI, type Article } from './decode-choice.ts';

// Invented text only.
const TEXT = 'Critics called it a shameless land grab by the council.';

/** Articles whose probabilities rise on "shameless" and less on "land grab", gold "shameless land". */
function articles(n: number): Article[] {
  return Array.from({ length: n }, (_, k) => {
    const doc = Doc.fromText(TEXT);
    const view = viewArticle(doc, new Map());
    const inside = new Float64Array(view.n);
    const at = (w: string) => doc.tokens.findIndex((t) => doc.slice(t) === w);
    inside[at('shameless')] = 0.9;
    inside[at('land')] = inside[at('grab')] = 0.3;
    const start = TEXT.indexOf('shameless');
    const gold: LabelRow[] = [{ article: `a${k}`, technique: '', start, end: start + 'shameless land'.length }];
    return { id: `a${k}`, view, probs: { inside, longShare: new Float64Array(view.n) }, text: TEXT, gold };
  });
}

const TIGHT: DecodeConfig = { threshold: 0.5, low: 0.5, lowShort: 0.5, smooth: 0, minTokens: 1 };
const LOOSE: DecodeConfig = { ...TIGHT, low: 0.2, lowShort: 0.2 };

test('the length rule passes over a decode whose spans outrun gold, which F1 alone would pick', () => {
  const arts = articles(5);
  const spansOf = (cfg: DecodeConfig) => decodeSpans(arts[0]!.view, arts[0]!.probs.inside, cfg).map((s) => TEXT.slice(s.start, s.end));
  assert.deepEqual(spansOf(TIGHT), ['shameless']);
  assert.deepEqual(spansOf(LOOSE), ['shameless land grab']);
  const byLength = foldChosenSI(arts, [TIGHT, LOOSE], 5, 'length');
  const byF1 = foldChosenSI(arts, [TIGHT, LOOSE], 5, 'f1');
  assert.deepEqual([byLength.onAll, byF1.onAll], [TIGHT, LOOSE]);
  assert.deepEqual(byLength.chosen, Array(5).fill(TIGHT));
  assert.ok(byF1.score.f1 > byLength.score.f1);
});

test('with one decode, the fold-chosen score is that decode scored on every article', () => {
  const arts = articles(4);
  const pred = arts.flatMap((a) => rowsInCodePoints(decodeSpans(a.view, a.probs.inside, LOOSE).map((s) => ({ article: a.id, start: s.start, end: s.end })), a.text));
  const want = scoreSI(arts.flatMap((a) => a.gold), pred);
  const got = foldChosenSI(arts, [LOOSE], 2, 'f1').score;
  for (const k of ['precision', 'recall', 'f1'] as const) assert.ok(Math.abs(got[k] - want[k]) < 1e-12, k);
});
