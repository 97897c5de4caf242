import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../db.ts';
import { blank, readTable } from './csv.ts';
import { hash32 } from '../../learn/linear.ts';

const DIR = 'narratives/euvsdisinfo';
export const EUVS_VERDICT = 'disinformation (EUvsDisinfo)';

/**
 * "10/03/17" (month/day/year, as in the 2015-2017 file) to ISO "2017-10-03"; null for one that is
 * no calendar date ("13/45/2024", or a day-first "31/12/24"), which would otherwise be stored as
 * "2024-31-12" and sort and compare as a date. Text in another form is returned as it is.
 */
export function usDateToIso(s: string | undefined): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(s?.trim() ?? '');
  if (!m) return blank(s);
  const y = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  const iso = `${y}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** Whether an ISO "YYYY-MM-DD" names a day that exists (no month 13, no 30 February). */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

const words = (s: string) => new Set(s.toLowerCase().normalize('NFKD').replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? []);
const TRUNCATED = /(…|\.\.\.)\s*$/;

/** Share of `part`'s words found in `whole`: for master titles cut short with an ellipsis. */
function containment(part: Set<string>, whole: Set<string>): number {
  let inter = 0;
  for (const w of part) if (whole.has(w)) inter++;
  return inter / (part.size || 1);
}
function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

/** The last path segment of a case URL: stable, readable, and what euvsdisinfo.eu uses as the key. */
export const slugOf = (url: string): string => url.replace(/\/+$/, '').split('/').pop() ?? url;

/**
 * The EUvsDisinfo cases from both files, de-duplicated. The 2015-2021 file is the master list
 * (URL as id); a 2015-2017 row that describes the same case (same date, similar title or URL
 * slug, since titles were edited after publication) adds its summary, disproof and outlet to it.
 * Rows without a counterpart stay as cases of their own.
 */
export function loadEuvsdisinfo(root: string): { entries: Entry[]; merged: number } {
  const master = join(root, DIR, 'euvsdisinfo_2015-2021_cases_metadata.csv');
  const older = join(root, DIR, 'euvsdisinfo_2015-2017_cases_with_summary_disproof.csv');
  const byId = new Map<string, Entry>();
  const byDate = new Map<string, Array<{ e: Entry; title: Set<string>; slug: Set<string>; cut: boolean }>>();
  if (existsSync(master)) {
    for (const r of readTable(master)) {
      if (!r.id || !r.title) continue;
      const id = slugOf(r.id);
      if (byId.has(id)) continue;
      const e: Entry = {
        kb: 'euvsdisinfo', id, title: r.title.trim(), url: r.id.trim(), date: blank(r.date),
        verdict: EUVS_VERDICT,
        keywords: blank(r.keywords?.replace(/\+/g, ', ')),
        languages: blank(r.languages?.replace(/\+/g, ', ')),
        outlets: blank(r.outlets?.replace(/\+/g, ', ')),
        narrative: null,
      };
      byId.set(id, e);
      const list = byDate.get(e.date ?? '') ?? [];
      list.push({ e, title: words(e.title), slug: words(id.replace(/-/g, ' ')), cut: TRUNCATED.test(e.title) });
      byDate.set(e.date ?? '', list);
    }
  }
  let merged = 0;
  const seenOld = new Set<string>();
  if (existsSync(older)) {
    for (const r of readTable(older)) {
      if (!r.title) continue;
      const date = usDateToIso(r.date);
      const key = `${date}|${r.title}|${r.summary}`;
      if (seenOld.has(key)) continue; // exact repeats within the file
      seenOld.add(key);
      const t = words(r.title);
      let best: Entry | null = null;
      let bestSim = 0.5;
      for (const c of byDate.get(date ?? '') ?? []) {
        const sim = Math.max(jaccard(t, c.title), jaccard(t, c.slug), c.cut ? containment(c.title, t) * 0.9 : 0);
        if (sim >= bestSim && !c.e.summary) [best, bestSim] = [c.e, sim];
      }
      const extra = {
        summary: blank(r.summary), disproof: blank(r.disproof),
        outlets: blank(r.outlet), languages: blank(r.language), keywords: blank(r.keywords),
      };
      if (best) {
        merged++;
        if (TRUNCATED.test(best.title)) best.title = r.title.trim();
        best.summary = extra.summary;
        best.disproof = extra.disproof;
        best.outlets ??= extra.outlets;
        best.languages ??= extra.languages;
        best.keywords ??= extra.keywords;
        continue;
      }
      const id = `2017-${hash32(key).toString(36)}`;
      byId.set(id, { kb: 'euvsdisinfo', id, title: r.title.trim(), date, url: null, verdict: EUVS_VERDICT, ...extra });
    }
  }
  return { entries: [...byId.values()], merged };
}
