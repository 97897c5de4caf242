import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../db.ts';
import { blank, readRows } from './csv.ts';

const DIR = 'factchecks/liar';

/** Each word with a capital first letter: "donald trump" -> "Donald Trump", "republican" -> "Republican". */
const titled = (s: string): string => s.replace(/(^|\s)(\p{Ll})/gu, (_, sp: string, c: string) => sp + c.toUpperCase());

/**
 * LIAR PolitiFact statements (train and valid splits). LIAR carries no dates; the context
 * ("a mailer", "a floor speech") goes in the summary, with the LIAR-PLUS justification when known.
 */
export function loadLiar(root: string): Entry[] {
  const justification = new Map<string, string>();
  const plus = join(root, DIR, 'liar-plus-val2.tsv');
  // LIAR-PLUS prefixes each row with an index column, then the LIAR columns, then the justification.
  if (existsSync(plus)) for (const f of readRows(plus)) if (f[1] && f[15]) justification.set(f[1], f[15].trim());
  const out: Entry[] = [];
  for (const split of ['train.tsv', 'valid.tsv']) {
    const path = join(root, DIR, split);
    if (!existsSync(path)) continue;
    for (const f of readRows(path)) {
      const [file, label, statement, subjects, speaker, job, state, party, , , , , , context] = f;
      if (!file || !statement) continue;
      const id = file.replace(/\.json$/, '');
      const partyName = blank(party);
      const who = [blank(job), blank(state), partyName && titled(partyName)].filter((x) => x && x.toLowerCase() !== 'none');
      // LIAR names speakers by slug ("donald-trump", "chain-email"): shown as a name.
      const name = blank(speaker) && titled(speaker.replace(/-/g, ' '));
      const speakerName = name ? (who.length ? `${name} (${who.join(', ')})` : name) : null;
      out.push({
        kb: 'politifact',
        id,
        title: statement.trim(),
        claim: statement.trim(),
        verdict: blank(label),
        speaker: speakerName,
        summary: justification.get(file) ?? (context ? `Said in ${context.trim()}.` : null),
        keywords: blank(subjects),
        url: null,
        date: null,
      });
    }
  }
  return out;
}
