import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Claim } from '../../report/schema.ts';
import { ClaimModel } from './model.ts';
import { isByline } from '../../doc/doc.ts';

/** Sentences scoring at least this are listed; the model's class weights were tuned for F1 at 0.5. */
export const CLAIM_THRESHOLD = 0.5;

/** "Updated 14:32 GMT, 5 March 2024", "Published on 5 March": a line that dates the article. */
const DATELINE = /^(?:last\s+)?(?:updated|published|posted|first\s+published)\b[^.!?]{0,60}\d[^.!?]{0,30}$/i;

/**
 * A byline or a dateline is no claim, though the model, trained on debate sentences, scored "By
 * Jane Doe" 0.57 and "Updated 14:32 GMT, 5 March 2024" 0.83 (an audit): listed above the claims
 * of the article, they were also looked up for narratives.
 */
export const isMasthead = (sentence: string): boolean => {
  const t = sentence.trim();
  return t.length <= 80 && (isByline(t) || DATELINE.test(t));
};

/** Scores every body sentence and lists the check-worthy ones, best first. */
export function claimsComponent(model: ClaimModel, threshold = CLAIM_THRESHOLD): Component<'claims', Claim[]> {
  return {
    name: 'claims',
    assigns: 'claims',
    predict(doc) {
      const claims: Claim[] = [];
      for (const s of doc.bodySentences) {
        const text = doc.slice(s);
        if (isMasthead(text)) continue;
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
