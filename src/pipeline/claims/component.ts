import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Claim } from '../../report/schema.ts';
import { ClaimModel } from './model.ts';

/** Sentences scoring at least this are listed; the model's class weights were tuned for F1 at 0.5. */
export const CLAIM_THRESHOLD = 0.5;

/** Scores every body sentence and lists the check-worthy ones, best first. */
export function claimsComponent(model: ClaimModel, threshold = CLAIM_THRESHOLD): Component<'claims', Claim[]> {
  return {
    name: 'claims',
    assigns: 'claims',
    predict(doc) {
      const claims: Claim[] = [];
      for (const s of doc.bodySentences) {
        const text = doc.slice(s);
        const score = model.score(text);
        if (score >= threshold) claims.push({ start: s.start, end: s.end, text, score: Math.round(score * 1000) / 1000 });
      }
      return claims.sort((a, b) => b.score - a.score || a.start - b.start);
    },
    forget: () => model.forget(),
  };
}

export async function loadClaims(opts: LoadOptions) {
  return claimsComponent(ClaimModel.load(opts.modelDir));
}
