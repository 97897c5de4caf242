import { parseConll } from './conll.ts';
import type { EntityTagger } from './model.ts';

/**
 * The evaluation contract: every CoNLL line comes back with the predicted BIO tag appended as
 * a last column, in the line's own column separator; blank and -DOCSTART- lines pass through.
 */
export function tagConll(tagger: EntityTagger, text: string, name: string): string {
  const out: string[] = [];
  for (const block of parseConll(text, name)) {
    if (block.kind === 'passthrough') {
      out.push(block.line);
      continue;
    }
    const tags = tagger.tagWords(block.tokens.map((t) => t.word));
    block.tokens.forEach((t, i) => {
      const line = t.line.trimEnd();
      const sep = line.includes('\t') && !line.includes(' ') ? '\t' : ' ';
      out.push(line + sep + tags[i]);
    });
  }
  return out.length ? out.join('\n') + '\n' : '';
}
