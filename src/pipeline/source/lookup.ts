import type { DB } from '../../kb/db.ts';
import { normalizeDomain } from '../../kb/loaders/outlets.ts';
import type { Source } from '../../report/schema.ts';

// Second-level labels under which registrable names sit (bbc.co.uk, abc.net.au): never look a
// domain up at this level, or every .co.uk site would inherit one outlet's labels.
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'gob', 'or', 'ne', 'go']);

/** The domain and its parents down to the registrable name: news.bbc.co.uk, bbc.co.uk. */
export function domainChain(domain: string): string[] {
  const parts = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const rest = parts.slice(i);
    if (rest.length === 2 && SECOND_LEVEL.has(rest[0]!) && rest[1]!.length === 2) break;
    out.push(rest.join('.'));
  }
  return out;
}

/**
 * Labels for the outlet at `url`: the most specific domain that any provider labels wins, so
 * news.example.com falls back to example.com, and www. is ignored. Null for a missing or
 * unparseable URL, or when there is no KB to look in.
 */
export function lookupSource(db: DB | null, url: string | undefined): Source | null {
  if (!url) return null;
  const domain = normalizeDomain(url);
  if (!domain) return null;
  // Without a KB nothing was looked up: "known: false" would read as "in no provider's list".
  if (!db) return null;
  const stmt = db.prepare('SELECT provider, factuality, bias, reliability FROM sources WHERE domain = ? ORDER BY provider');
  for (const d of domainChain(domain)) {
    const rows = stmt.all(d) as Array<{ provider: string; factuality: string | null; bias: string | null; reliability: string | null }>;
    if (rows.length) {
      return {
        domain: d,
        known: true,
        labels: rows.map((r) => ({
          provider: r.provider,
          ...(r.factuality ? { factuality: r.factuality } : {}),
          ...(r.bias ? { bias: r.bias } : {}),
          ...(r.reliability ? { reliability: r.reliability } : {}),
        })),
      };
    }
  }
  return { domain, known: false, labels: [] };
}
