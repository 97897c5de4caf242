import { UserError } from '../../io/input.ts';

/** One CoNLL-2003 token line: the word, its tag columns, and the raw line to echo back. */
export interface ConllToken {
  word: string;
  /** The last column when the line has more than one (the gold NER tag in train/dev files). */
  tag: string | null;
  line: string;
}

/**
 * A CoNLL file as blocks: a sentence of token lines, or a line to pass through untouched
 * (blank lines and `-DOCSTART-` lines).
 */
export type ConllBlock = { kind: 'sentence'; tokens: ConllToken[] } | { kind: 'passthrough'; line: string };

const DOCSTART = /^-DOCSTART-(\s|$)/;

/** Parses CoNLL-2003 text: `token POS chunk? TAG` lines, blank lines between sentences. */
export function parseConll(text: string, name = 'input'): ConllBlock[] {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const blocks: ConllBlock[] = [];
  let current: ConllToken[] | null = null;
  lines.forEach((line, i) => {
    if (line.trim() === '' || DOCSTART.test(line)) {
      current = null;
      blocks.push({ kind: 'passthrough', line });
      return;
    }
    const cols = line.trim().split(/\s+/);
    if (cols.length < 2) {
      throw new UserError(`${name}:${i + 1}: expected "token POS TAG" columns separated by spaces, got "${line.slice(0, 60)}"`);
    }
    const token: ConllToken = { word: cols[0]!, tag: cols[cols.length - 1]!, line };
    if (!current) {
      current = [];
      blocks.push({ kind: 'sentence', tokens: current });
    }
    current.push(token);
  });
  return blocks;
}

/** Sentences of a labelled CoNLL file, checking every tag is a BIO tag. */
export function readLabelledSentences(text: string, name: string): Array<{ words: string[]; tags: string[] }> {
  const out: Array<{ words: string[]; tags: string[] }> = [];
  for (const b of parseConll(text, name)) {
    if (b.kind !== 'sentence') continue;
    const tags = b.tokens.map((t) => t.tag!);
    const bad = tags.find((t) => !/^(O|[BI]-(PER|ORG|LOC|MISC))$/.test(t));
    if (bad) throw new UserError(`${name}: "${bad}" is not a BIO tag of PER, ORG, LOC or MISC`);
    out.push({ words: b.tokens.map((t) => t.word), tags });
  }
  return out;
}
