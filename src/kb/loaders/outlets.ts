import { domainToASCII } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceLabel } from '../db.ts';
import { blank, readTable } from './csv.ts';

/** "https://www.Example.com/path" or "example.com" to "example.com". */
export function normalizeDomain(s: string): string | null {
  let d = s.trim().toLowerCase();
  if (!d) return null;
  // Scheme (or a scheme-relative "//"), then user and password ("https://user:pw@rt.com/"), then
  // port, path, query and fragment.
  d = d.replace(/^([a-z][a-z0-9+.-]*:)?\/\//, '').replace(/^[^/?#@]*@/, '').replace(/[/?#:].*$/, '').replace(/\.$/, '');
  d = d.replace(/^www\d*\./, '');
  // A name in another script ("россия.рф") in the ASCII form that lists and URLs also use.
  if (/[^\x00-\x7f]/.test(d)) d = domainToASCII(d);
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) ? d : null;
}

const PERENNIAL: Record<string, string> = {
  '1': 'generally reliable', '0': 'no consensus', '-1': 'generally unreliable', '-2': 'deprecated',
};

function* table(path: string, rows: (r: Record<string, string>) => SourceLabel | null): Iterable<SourceLabel> {
  if (!existsSync(path)) return;
  for (const r of readTable(path)) {
    const l = rows(r);
    if (l) yield l;
  }
}

/**
 * Domain labels from every provider in `sources/` and the Ukraine-war outlet lists. Providers
 * disagree, so each label keeps its provider; nothing is merged into one verdict.
 */
export function* loadSourceLabels(root: string): Iterable<SourceLabel> {
  for (const corpus of ['emnlp18', 'acl2020']) {
    const path = join(root, 'sources/baly2018', corpus, 'corpus.tsv');
    if (!existsSync(path)) continue;
    for (const r of readTable(path, '\t')) {
      const domain = normalizeDomain(r.source_url_normalized || r.source_url || '');
      if (domain) yield { domain, provider: 'Media Bias/Fact Check (Baly et al. 2018 corpus)', factuality: blank(r.fact), bias: blank(r.bias) };
    }
  }
  const idiap = join(root, 'sources/idiap');
  yield* table(join(idiap, 'mbfc.csv'), (r) => {
    const domain = normalizeDomain(r.source ?? '');
    return domain ? {
      domain, provider: 'Media Bias/Fact Check (Idiap table)',
      factuality: blank(r.factual_reporting), bias: blank(r.bias), reliability: blank(r.mbfc_credibility_rating),
    } : null;
  });
  yield* table(join(idiap, 'newsguard_subset.csv'), (r) => {
    const domain = normalizeDomain(r.domain ?? '');
    const score = blank(r.reliability_score);
    return domain && score ? { domain, provider: 'NewsGuard (Idiap subset)', reliability: `${Number(score)}/100` } : null;
  });
  const perennial = join(idiap, 'wikipedia_perennial_sources.json');
  if (existsSync(perennial)) {
    for (const [d, v] of Object.entries(JSON.parse(readFileSync(perennial, 'utf8')) as Record<string, number>)) {
      const domain = normalizeDomain(d);
      if (domain && PERENNIAL[String(v)]) yield { domain, provider: 'Wikipedia perennial sources', reliability: PERENNIAL[String(v)] };
    }
  }
  const unreliable = join(idiap, 'unreliable_news_sources.txt');
  if (existsSync(unreliable)) {
    for (const line of readFileSync(unreliable, 'utf8').split('\n')) {
      const domain = normalizeDomain(line);
      if (domain) yield { domain, provider: 'Idiap unreliable news sources list', reliability: 'unreliable' };
    }
  }
  // Outlet lists of the Ukraine-war data set: contested, so the provider name says whose list it is.
  for (const [file, label] of [
    ['black_list_germany.json', 'listed as spreading disinformation (Germany list)'],
    ['black_list_italy.json', 'listed as spreading disinformation (Italy list)'],
    ['white_list_germany.json', 'listed as trustworthy (Germany list)'],
    ['white_list_italy.json', 'listed as trustworthy (Italy list)'],
  ] as const) {
    const path = join(root, 'narratives/ukraine-war', file);
    if (!existsSync(path)) continue;
    for (const o of JSON.parse(readFileSync(path, 'utf8')) as Array<{ Link?: string }>) {
      const domain = normalizeDomain(o.Link ?? '');
      if (domain && domain !== 'mediabiasfactcheck.com') {
        yield { domain, provider: 'Ukraine-war data set outlet lists (contested; not a verdict)', reliability: label };
      }
    }
  }
}
