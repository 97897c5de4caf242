import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readMpqa, readWordList, type LexiconSource } from '../claims/lexicon.ts';

/**
 * Lists for headline and style, compiled from ../shared/data at training time:
 * hyperbolic words and clickbait phrases (Chakraborty et al. 2016), and MPQA strong
 * subjectivity clues for the share of loaded words in a body.
 */
export function readHeadlineLexicons(dataDir: string): LexiconSource {
  const cb = join(dataDir, 'clickbait/lexicons');
  return {
    hyperbolic: readWordList(join(cb, 'hyperbolic.txt')),
    // Phrases are stored with spaces around apostrophes ("here ' s what"); we match on our own
    // tokens, which keep "here's" whole, so fold the apostrophes back in.
    phrase: readFileSync(join(cb, 'common_phrases.txt'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim().toLowerCase().replace(/\s*['’]\s*/g, "'").replace(/\.$/, ''))
      .filter((l) => l && !l.includes('<')),
    strongsubj: readMpqa(join(dataDir, 'lexicons/mpqa-subjectivity-clues/subjclueslen1-HLTEMNLP05.tff')).strong,
  };
}
