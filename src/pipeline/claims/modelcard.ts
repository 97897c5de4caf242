import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const BEGIN = '<!-- scores:begin (written by npm run eval) -->';
const END = '<!-- scores:end -->';

/** Replaces the scores section of a model card (or appends one), leaving the rest as written. */
export function writeScores(cardPath: string, scoresMarkdown: string): void {
  const card = existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : '';
  const block = `${BEGIN}\n${scoresMarkdown.trim()}\n${END}`;
  const i = card.indexOf(BEGIN);
  const j = card.indexOf(END);
  const next = i >= 0 && j > i ? card.slice(0, i) + block + card.slice(j + END.length) : `${card.trimEnd()}\n\n## Scores\n\n${block}\n`;
  writeFileSync(cardPath, next);
}
