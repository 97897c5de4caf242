import { TECHNIQUES } from '../pipeline/techniques/taxonomy.ts';
import type { Store } from './store.ts';
import { dayOf } from './month.ts';

/** Spans per 1,000 words, the unit that makes long and short articles comparable. */
export const per1000 = (spans: number, words: number) => (words > 0 ? Math.round((100_000 * spans) / words) / 100 : 0);

export interface GroupRow {
  key: string;
  articles: number;
  words: number;
  spans: number;
  /** All technique spans per 1,000 words. */
  rate: number;
  /** Per technique, spans per 1,000 words. */
  techniques: Record<string, number>;
}

export interface CorpusReport {
  modelVersion: string | null;
  articles: number;
  words: number;
  /** Failed records kept in the store (a record's latest failure), of every model version. */
  failures: number;
  /** Those by the model version they failed under, by version; null: not recorded (before unspin kept it). */
  failuresByModel: Array<{ modelVersion: string | null; failures: number }>;
  outlets: GroupRow[];
  months: GroupRow[];
  /** Outlet → month → rate, for the outlets-over-time chart. */
  outletMonths: Array<{ outlet: string; month: string; articles: number; rate: number }>;
  techniques: Array<{ technique: string; spans: number; articles: number; rate: number }>;
  /** `articles` and `claims` repeat the item; `refutedIn` counts the articles that name it to refute it. */
  narratives: Array<{ kb: string; id: string; title: string; verdict: string | null; articles: number; claims: number; refutedIn: number; score: number }>;
  /** Articles of this version with a date, readable or not (`months` counts those whose month is known). */
  dated: number;
  /** The database's other model versions, with their article counts: this report covers one. */
  otherVersions: Array<{ modelVersion: string; articles: number }>;
  /** `outlet` is the one outlet the claim's articles share, null when they are of several (`outlets`); `date` the earliest. */
  claims: Array<{ text: string; score: number; articles: number; outlets: number; outlet: string | null; date: string | null }>;
}

const UNKNOWN = '(unknown)';

/**
 * Aggregates one model version's results (default: the most recently used one, so runs with
 * different models are never mixed into one rate).
 */
export async function aggregate(store: Store, opts: { modelVersion?: string; top?: number } = {}): Promise<CorpusReport> {
  const top = opts.top ?? 20;
  const mv =
    opts.modelVersion ??
    ((await store.all('SELECT model_version FROM articles ORDER BY analyzed_at DESC LIMIT 1'))[0]?.model_version as string | undefined) ??
    null;
  const p = [mv];
  const n = (v: unknown) => Number(v ?? 0);
  const [tot] = await store.all('SELECT COUNT(*) AS a, SUM(words) AS w, COUNT(date) AS d FROM articles WHERE model_version = ?', p);
  const otherVersions = mv
    ? (await store.all('SELECT model_version AS v, COUNT(*) AS n FROM articles WHERE model_version <> ? GROUP BY model_version ORDER BY model_version', p)).map((o) => ({ modelVersion: o.v as string, articles: n(o.n) }))
    : [];
  const failuresByModel = (await store.all('SELECT model_version AS v, COUNT(*) AS f FROM failures GROUP BY model_version'))
    .map((r) => ({ modelVersion: (r.v as string | null) ?? null, failures: n(r.f) }))
    // Versions in order, the unrecorded last: SQLite and PostgreSQL sort NULL apart.
    .sort((a, b) => (a.modelVersion === null ? 1 : b.modelVersion === null ? -1 : a.modelVersion < b.modelVersion ? -1 : 1));

  const grouped = async (col: 'outlet' | 'month'): Promise<GroupRow[]> => {
    const base = await store.all(
      `SELECT COALESCE(${col}, '${UNKNOWN}') AS k, COUNT(*) AS a, SUM(words) AS w FROM articles WHERE model_version = ? GROUP BY COALESCE(${col}, '${UNKNOWN}')`, p);
    const spans = await store.all(
      `SELECT COALESCE(a.${col}, '${UNKNOWN}') AS k, t.technique AS t, COUNT(*) AS c FROM technique_spans t JOIN articles a ON a.pk = t.article_pk
       WHERE a.model_version = ? GROUP BY COALESCE(a.${col}, '${UNKNOWN}'), t.technique`, p);
    const rows = new Map<string, GroupRow>();
    for (const b of base) rows.set(b.k, { key: b.k, articles: n(b.a), words: n(b.w), spans: 0, rate: 0, techniques: {} });
    for (const s of spans) {
      const r = rows.get(s.k);
      if (!r) continue;
      r.spans += n(s.c);
      r.techniques[s.t] = per1000(n(s.c), r.words);
    }
    for (const r of rows.values()) r.rate = per1000(r.spans, r.words);
    return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };

  const om = await store.all(
    `SELECT COALESCE(a.outlet, '${UNKNOWN}') AS o, a.month AS m, COUNT(*) AS a, SUM(a.words) AS w,
       SUM((SELECT COUNT(*) FROM technique_spans t WHERE t.article_pk = a.pk)) AS s
     FROM articles a WHERE a.model_version = ? AND a.month IS NOT NULL GROUP BY COALESCE(a.outlet, '${UNKNOWN}'), a.month ORDER BY a.month`, p);

  const words = n(tot?.w);
  const tech = await store.all(
    `SELECT t.technique AS t, COUNT(*) AS c, COUNT(DISTINCT t.article_pk) AS a FROM technique_spans t JOIN articles a ON a.pk = t.article_pk
     WHERE a.model_version = ? GROUP BY t.technique`, p);
  const techByName = new Map(tech.map((t) => [t.t as string, t]));

  // A claim that names a case to refute it (`refutes`) is counted apart: a fact-check is not an
  // article repeating the narrative.
  const narratives = await store.all(
    `SELECT m.kb AS kb, m.match_id AS id, MAX(m.title) AS title, MAX(m.verdict) AS verdict,
       COUNT(DISTINCT CASE WHEN m.refutes = 0 THEN m.article_pk END) AS a, SUM(1 - m.refutes) AS c,
       COUNT(DISTINCT CASE WHEN m.refutes = 1 THEN m.article_pk END) AS r, MAX(m.score) AS s
     FROM matches m JOIN articles a ON a.pk = m.article_pk WHERE a.model_version = ?
     GROUP BY m.kb, m.match_id
     ORDER BY COUNT(DISTINCT CASE WHEN m.refutes = 0 THEN m.article_pk END) DESC, MAX(m.score) DESC, m.kb, m.match_id LIMIT ${top}`, p);

  // Most check-worthy first; very short "claims" (list numbers, times, datelines) are left out,
  // and a claim repeated across articles is listed once with its article count. Its outlet is
  // named only when one: the first of several by name, beside the earliest date, read as the
  // outlet that carried the claim first.
  const claims = await store.all(
    `SELECT c.text AS text, MAX(c.score) AS s, COUNT(DISTINCT c.article_pk) AS a, COUNT(DISTINCT a.outlet) AS no, MIN(a.outlet) AS o
     FROM claims c JOIN articles a ON a.pk = c.article_pk WHERE a.model_version = ? AND LENGTH(c.text) >= 40
     GROUP BY c.text ORDER BY MAX(c.score) DESC, COUNT(DISTINCT c.article_pk) DESC, c.text LIMIT ${top}`, p);
  // The earliest date of each listed claim, in time: dates are stored as written, and MIN over
  // the text put "January 10, 2025" before "March 5, 2024". A date no day can be read from
  // (ambiguous like 05/03/2024) is not taken for the earliest.
  const earliest = new Map<string, { day: string; date: string }>();
  if (claims.length) {
    const dated = await store.all(
      `SELECT c.text AS text, a.date AS d FROM claims c JOIN articles a ON a.pk = c.article_pk
       WHERE a.model_version = ? AND a.date IS NOT NULL AND c.text IN (${claims.map(() => '?').join(', ')})`, [...p, ...claims.map((r) => r.text)]);
    for (const r of dated) {
      const day = dayOf(r.d as string);
      const best = earliest.get(r.text as string);
      if (day && (!best || day < best.day)) earliest.set(r.text as string, { day, date: r.d as string });
    }
  }

  return {
    modelVersion: mv,
    articles: n(tot?.a),
    words,
    dated: n(tot?.d),
    otherVersions,
    failures: failuresByModel.reduce((sum, f) => sum + f.failures, 0),
    failuresByModel,
    outlets: await grouped('outlet'),
    months: await grouped('month'),
    outletMonths: om.map((r) => ({ outlet: r.o, month: r.m, articles: n(r.a), rate: per1000(n(r.s), n(r.w)) })),
    techniques: TECHNIQUES.map((t) => {
      const r = techByName.get(t);
      return { technique: t, spans: n(r?.c), articles: n(r?.a), rate: per1000(n(r?.c), words) };
    }),
    narratives: narratives.map((r) => ({ kb: r.kb, id: r.id, title: r.title, verdict: r.verdict ?? null, articles: n(r.a), claims: n(r.c), refutedIn: n(r.r), score: Number(r.s) })),
    claims: claims.map((r) => ({ text: r.text, score: Number(r.s), articles: n(r.a), outlets: n(r.no), outlet: n(r.no) === 1 ? r.o : null, date: earliest.get(r.text)?.date ?? null })),
  };
}
