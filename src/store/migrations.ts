import type { Db } from './dialect.ts';

/**
 * Schema changes in order; each runs once, recorded in schema_migrations. Append new ones, never
 * edit a shipped one. Column names avoid SQL keywords (`end`) so one text serves both dialects.
 */
const MIGRATIONS: Array<(t: Db['types']) => string[]> = [
  (t) => [
    `CREATE TABLE runs (
      id ${t.id},
      started_at TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL,
      model_version TEXT NOT NULL,
      components TEXT NOT NULL,
      input TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE articles (
      pk ${t.id},
      article_id TEXT NOT NULL,
      model_version TEXT NOT NULL,
      hash TEXT NOT NULL,
      run_id INTEGER,
      outlet TEXT,
      date TEXT,
      month TEXT,
      url TEXT,
      title TEXT,
      text TEXT NOT NULL,
      words INTEGER NOT NULL,
      report ${t.json} NOT NULL,
      analyzed_at TEXT NOT NULL,
      UNIQUE (article_id, model_version)
    )`,
    'CREATE INDEX articles_outlet_month ON articles (outlet, month)',
    'CREATE INDEX articles_month ON articles (month)',
    `CREATE TABLE technique_spans (
      article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
      technique TEXT NOT NULL,
      span_start INTEGER NOT NULL,
      span_end INTEGER NOT NULL,
      score REAL NOT NULL,
      text TEXT NOT NULL
    )`,
    'CREATE INDEX technique_spans_article ON technique_spans (article_pk)',
    'CREATE INDEX technique_spans_technique ON technique_spans (technique)',
    `CREATE TABLE claims (
      article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
      span_start INTEGER NOT NULL,
      span_end INTEGER NOT NULL,
      score REAL NOT NULL,
      text TEXT NOT NULL
    )`,
    'CREATE INDEX claims_article ON claims (article_pk)',
    `CREATE TABLE attributions (
      article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      source_text TEXT,
      cue_text TEXT NOT NULL,
      content_start INTEGER NOT NULL,
      content_end INTEGER NOT NULL,
      content_text TEXT NOT NULL
    )`,
    'CREATE INDEX attributions_article ON attributions (article_pk)',
    `CREATE TABLE matches (
      article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
      kb TEXT NOT NULL,
      match_id TEXT NOT NULL,
      title TEXT NOT NULL,
      verdict TEXT,
      claim_text TEXT NOT NULL,
      score REAL NOT NULL
    )`,
    'CREATE INDEX matches_article ON matches (article_pk)',
    'CREATE INDEX matches_kb_id ON matches (kb, match_id)',
    `CREATE TABLE failures (
      id ${t.id},
      run_id INTEGER,
      article_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      reason TEXT NOT NULL,
      failed_at TEXT NOT NULL
    )`,
    'CREATE INDEX failures_article ON failures (article_id)',
  ],
  // Which process runs a batch, so that a later batch can tell a run whose process was killed
  // (it stays 'running') from one still going.
  () => ['ALTER TABLE runs ADD COLUMN pid INTEGER', 'ALTER TABLE runs ADD COLUMN host TEXT'],
  // The model version a record failed under, so that after an upgrade one can tell which version
  // failed. A batch's earlier failures take their run's version; a worker's (no run) stay NULL.
  () => [
    'ALTER TABLE failures ADD COLUMN model_version TEXT',
    'UPDATE failures SET model_version = (SELECT model_version FROM runs WHERE runs.id = failures.run_id) WHERE run_id IS NOT NULL',
  ],
  // Whether the claim names the match to refute it (a report's `refutes`), so that the corpus
  // report does not count a fact-check among the articles repeating a narrative. Rows stored
  // before refutations were marked count as repetitions.
  () => ['ALTER TABLE matches ADD COLUMN refutes INTEGER NOT NULL DEFAULT 0'],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to version `to` (default: the latest; tests make older databases with less). */
export async function migrate(db: Db, to = MIGRATIONS.length): Promise<void> {
  // Several workers may start at once against one Postgres: the advisory lock lets one migrate
  // at a time (SQLite's BEGIN IMMEDIATE already does).
  await db.tx(async (tx) => {
    if (db.kind === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(726354)');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const rows = await tx.all('SELECT MAX(version) AS v FROM schema_migrations');
    const current = Number(rows[0]?.v ?? 0);
    for (let v = current; v < to; v++) {
      for (const sql of MIGRATIONS[v]!(db.types)) await tx.exec(sql);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [v + 1, new Date().toISOString()]);
    }
  });
}
