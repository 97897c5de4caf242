import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../db.ts';
import { readTable } from './csv.ts';

export const SNOPES_DIR = 'factchecks/snopes';

/** CLEF-2020 CheckThat! Task 2 verified claims; the first column is the id the evaluation uses. */
export function loadSnopes(root: string): Entry[] {
  const path = join(root, SNOPES_DIR, 'verified_claims.docs.tsv');
  if (!existsSync(path)) return [];
  return readTable(path, '\t')
    .filter((r) => r.col0 !== undefined && r.col0 !== '')
    .map((r) => ({
      kb: 'snopes',
      id: String(r.col0),
      title: (r.title || r.vclaim || '').trim(),
      claim: r.vclaim?.trim() || null,
    }));
}

export interface LabelledQuery {
  id: string;
  text: string;
  relevant: string[];
}

/** Tweet queries with their relevant claim ids, for training and evaluating the re-ranker. */
export function loadSnopesQueries(root: string, split: 'train' | 'dev'): LabelledQuery[] {
  const dir = join(root, SNOPES_DIR, split);
  const rel = new Map<string, string[]>();
  // qrels: tweet_id TAB 0 TAB vclaim_id TAB relevance, no header.
  for (const line of readFileSync(join(dir, 'tweet-vclaim-pairs.qrels'), 'utf8').split('\n')) {
    const f = line.trim().split('\t');
    if (f.length < 4 || f[3] === '0') continue;
    rel.set(f[0]!, [...(rel.get(f[0]!) ?? []), f[2]!]);
  }
  return readTable(join(dir, 'tweets.queries.tsv'), '\t')
    .map((r) => ({ id: String(r.col0), text: r.tweet_content ?? '', relevant: rel.get(String(r.col0)) ?? [] }))
    .filter((q) => q.relevant.length > 0);
}
