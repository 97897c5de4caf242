import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../db.ts';
import { blank } from './csv.ts';

const DIR = 'narratives/ukraine-war';

/** Debunks are HTML fragments: keep the text, drop tags and entities. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/p>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#0?39;|&rsquo;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}

/** "09/12/2021" (day/month/year) to ISO. */
function euDateToIso(s: string | undefined): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s?.trim() ?? '');
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : blank(s);
}

interface UkraineCase {
  id: number; Narrative: string; Fakes: string; Disinfo_cases_en?: string; Date?: string;
  Countries?: string; Media?: string; Link?: string; Debunking?: string;
}

/**
 * The Ukraine-war hierarchy, English version: each case keeps its claim ("Fakes") as title and
 * its narrative, so a match shows narrative -> claim -> case.
 */
export function loadUkraineWar(root: string): Entry[] {
  const path = join(root, DIR, 'dataEng.json');
  if (!existsSync(path)) return [];
  const rows = JSON.parse(readFileSync(path, 'utf8')) as UkraineCase[];
  const seen = new Set<string>();
  const out: Entry[] = [];
  for (const r of rows) {
    if (!r.Fakes) continue;
    const key = `${r.Fakes}|${r.Disinfo_cases_en}|${r.Link}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      kb: 'ukraine-war',
      id: String(r.id),
      title: r.Fakes.trim(),
      summary: blank(r.Disinfo_cases_en),
      narrative: blank(r.Narrative),
      disproof: r.Debunking ? htmlToText(r.Debunking) : null,
      verdict: 'disinformation (ukraine-war data set)',
      date: euDateToIso(r.Date),
      outlets: blank(r.Media),
      languages: 'English',
      keywords: blank(r.Countries),
      url: blank(r.Link),
    });
  }
  return out;
}
