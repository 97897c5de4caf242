import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../../learn/data.ts';
import { hash32 } from '../../learn/linear.ts';

/** One labelled sentence: 1 = check-worthy. */
export interface Labelled {
  id: string;
  text: string;
  label: 0 | 1;
}

const CW = join(DATA_DIR, 'checkworthiness');

/** Minimal RFC 4180 CSV reader (quoted fields with doubled quotes, commas and newlines inside). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

export type ClaimBusterVariant = '2xNCS' | '2.5xNCS' | '3xNCS';

/**
 * ClaimBuster: the three files sample different numbers of non-check-worthy sentences around
 * the same check-worthy ones. Returns the union by sentence id and which file holds each id.
 */
export function readClaimBuster(): { sentences: Labelled[]; variants: Map<ClaimBusterVariant, Set<string>> } {
  const byId = new Map<string, Labelled>();
  const variants = new Map<ClaimBusterVariant, Set<string>>();
  const add = (variant: ClaimBusterVariant, id: string, text: string, label: number) => {
    byId.set(id, { id, text, label: label === 1 ? 1 : 0 });
    let s = variants.get(variant);
    if (!s) variants.set(variant, (s = new Set()));
    s.add(id);
  };
  for (const v of ['2xNCS', '3xNCS'] as const) {
    const rows = JSON.parse(readFileSync(join(CW, `claimbuster/claimbuster_${v}.json`), 'utf8')) as Array<{ sentence_id: number; label: number; text: string }>;
    for (const r of rows) add(v, String(r.sentence_id), r.text, r.label);
  }
  const [head, ...rows] = parseCsv(readFileSync(join(CW, 'claimbuster/claimbuster_2.5xNCS.csv'), 'utf8'));
  const col = (n: string) => head!.indexOf(n);
  for (const r of rows) if (r.length === head!.length) add('2.5xNCS', r[col('sentence_id')]!, r[col('text')]!, Number(r[col('label')]));
  return { sentences: [...byId.values()], variants };
}

/** Our held-out part of ClaimBuster: a fixed 20% of sentence ids, by hash so it never moves. */
export const isClaimBusterTest = (id: string): boolean => hash32(`cb:${id}`) % 5 === 0;

export interface Debate {
  name: string;
  sentences: Labelled[];
}

/** CLEF CheckThat! 2019 debates and speeches, one list per transcript, in transcript order. */
export function readClef2019(): Debate[] {
  const [head, ...rows] = parseCsv(readFileSync(join(CW, 'clef2019-debates/train.csv'), 'utf8'));
  const col = (n: string) => head!.indexOf(n);
  const debates = new Map<string, Labelled[]>();
  for (const r of rows) {
    if (r.length !== head!.length) continue;
    const name = r[col('file_name')]!;
    let list = debates.get(name);
    if (!list) debates.set(name, (list = []));
    list.push({ id: `${name}:${r[col('line_number')]}`, text: r[col('text')]!, label: r[col('label')] === '1' ? 1 : 0 });
  }
  return [...debates].map(([name, sentences]) => ({ name, sentences }));
}

/**
 * CLEF-2019 transcripts held out for MAP. None of them shares a sentence with ClaimBuster, and
 * they mix debates, press conferences and speeches like the rest.
 */
export const CLEF2019_TEST = new Set([
  '20160226_10_gop.tsv',
  '20161005_vice_pres.tsv',
  '20170216_trump_press.tsv',
  '20180916_trump_miami.tsv',
  '20181112_trump_pelosi.tsv',
  '20190108_oval_office.tsv',
]);

/** CLEF CheckThat! 2020 debates (a superset of the 2019 transcripts, without file names). */
export function readClef2020(): Labelled[] {
  const lines = readFileSync(join(CW, 'clef2020-debates/train.tsv'), 'utf8').split(/\r?\n/).slice(1);
  return lines
    .map((l, i) => l.split('\t'))
    .filter((p) => p.length >= 2 && p[0])
    .map((p, i) => ({ id: `clef2020:${i}`, text: p[0]!, label: p[1] === '1' ? 1 : 0 }));
}

export const normText = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
