import { hostname } from 'node:os';
import { openDb, type Db, type Row } from './dialect.ts';
import { migrate } from './migrations.ts';
import { monthOf } from './month.ts';
import { UserError } from '../io/input.ts';
import { SPAN_COLUMNS, type SpanRows } from './span-rows.ts';

/** One analysed article as the store keeps it. */
export interface StoredArticle {
  id: string;
  hash: string;
  modelVersion: string;
  runId: number | null;
  outlet?: string | null;
  date?: string | null;
  url?: string | null;
  title?: string | null;
  text: string;
  words: number;
  /** The whole report as JSON text. */
  reportJson: string;
  /** The report's layers as rows of the span tables (`spanRows`). */
  rows: SpanRows;
}

export interface FailureInput {
  runId: number | null;
  articleId: string;
  /** Where the record came from, e.g. `feed.jsonl:17`. */
  origin: string;
  reason: string;
  /** The model version the record failed under. */
  modelVersion: string;
}

const now = () => new Date().toISOString();

/** Whether a process of this machine exists (EPERM: it does, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Results of batch runs in SQLite or PostgreSQL, one code path for both. */
export class Store {
  private constructor(readonly db: Db) {}

  /**
   * Opens a results database, creating or updating its tables. With `existing` (report, export)
   * a database without them is refused instead: reading the wrong database, or another
   * program's, must not add tables to it.
   */
  static async open(target: string, opts: { existing?: boolean } = {}): Promise<Store> {
    const db = await openDb(target, opts.existing ? { requireTable: 'schema_migrations' } : {});
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
    return new Store(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Records a run of this process. Runs a process of this machine left 'running' and that process
   * is gone (SIGKILL, a crash, a power cut) are marked 'interrupted' first, with no finish time:
   * when they stopped is not known. A live process, or another machine's, may still be running.
   */
  async startRun(run: { modelVersion: string; components: string[]; input: string }): Promise<number> {
    const host = hostname();
    for (const r of await this.db.all("SELECT id, pid FROM runs WHERE status = 'running' AND host = ?", [host])) {
      if (!alive(Number(r.pid))) await this.db.run("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'", [r.id]);
    }
    const rows = await this.db.all(
      'INSERT INTO runs (started_at, status, model_version, components, input, pid, host) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [now(), 'running', run.modelVersion, run.components.join(','), run.input, process.pid, host],
    );
    return Number(rows[0]!.id);
  }

  async finishRun(id: number, status: 'done' | 'interrupted' | 'error', counts: { done: number; skipped: number; failed: number }) {
    await this.db.run('UPDATE runs SET finished_at = ?, status = ?, done = ?, skipped = ?, failed = ? WHERE id = ?', [
      now(), status, counts.done, counts.skipped, counts.failed, id,
    ]);
  }

  /** The content hash stored for an article under a model version, or null. */
  async storedHash(articleId: string, modelVersion: string): Promise<string | null> {
    const rows = await this.db.all('SELECT hash FROM articles WHERE article_id = ? AND model_version = ?', [articleId, modelVersion]);
    return rows[0]?.hash ?? null;
  }

  /**
   * Inserts or replaces an article and all its spans in one transaction, keyed on (article id,
   * model version): delivering the same result twice leaves exactly one copy.
   */
  saveArticle(a: StoredArticle): Promise<void> {
    return this.saveArticles([a]);
  }

  /** Saves several articles in one transaction: a commit per article would dominate a batch's main thread. */
  async saveArticles(list: StoredArticle[]): Promise<void> {
    if (!list.length) return;
    await this.db.tx(async (db) => {
      for (const [i, a] of list.entries()) {
        // SQLite writes block the thread: between articles, let the batch hand the analysis
        // threads their next records, or a group's writes leave them idle.
        if (i && db.kind === 'sqlite') await new Promise(setImmediate);
        await writeArticle(db, a);
      }
    });
  }

  /** Records why a record failed; only its latest failure is kept. */
  async saveFailure(f: FailureInput): Promise<void> {
    await this.db.tx(async (db) => {
      await db.run('DELETE FROM failures WHERE article_id = ?', [f.articleId]);
      await db.run('INSERT INTO failures (run_id, article_id, origin, reason, model_version, failed_at) VALUES (?, ?, ?, ?, ?, ?)',
        [f.runId, f.articleId, f.origin, f.reason, f.modelVersion, now()]);
    });
  }

  /**
   * Rejects a --model-version the store holds no article under, naming those it holds: a typo
   * would otherwise give an empty report or export that looks like a result.
   */
  async checkModelVersion(version: string | undefined): Promise<void> {
    if (version === undefined) return;
    const rows = await this.db.all('SELECT DISTINCT model_version AS v FROM articles ORDER BY model_version');
    const known = rows.map((r) => String(r.v));
    if (!known.includes(version)) throw new UserError(`--model-version ${version}: no articles stored under it (stored: ${known.join(', ') || 'none'})`);
  }

  all(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.db.all(sql, params);
  }
}

/** Rows per INSERT statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 100;

/**
 * Inserts an article's rows into one span table, a statement per hundred rows rather than per
 * row: an article has dozens of spans, and on PostgreSQL every statement is a round trip.
 */
async function insertRows(db: Db, table: keyof SpanRows, pk: number, flat: unknown[]): Promise<void> {
  const width = SPAN_COLUMNS[table].length;
  const rows = flat.length / width;
  for (let first = 0; first < rows; first += ROWS_PER_INSERT) {
    const n = Math.min(ROWS_PER_INSERT, rows - first);
    const params: unknown[] = [];
    for (let i = first * width, end = (first + n) * width; i < end; i += width) {
      params.push(pk);
      for (let j = i; j < i + width; j++) params.push(flat[j]);
    }
    await db.run(insertSql(table, n), params);
  }
}

/** The INSERT text for `n` rows, built once per table and row count. */
const insertSqlCache = new Map<string, string>();
function insertSql(table: keyof SpanRows, n: number): string {
  const key = `${table} ${n}`;
  let sql = insertSqlCache.get(key);
  if (!sql) {
    const columns = ['article_pk', ...SPAN_COLUMNS[table]];
    const one = `(${columns.map(() => '?').join(', ')})`;
    insertSqlCache.set(key, (sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`));
  }
  return sql;
}

async function writeArticle(db: Db, a: StoredArticle): Promise<void> {
  const [row] = await db.all(
    `INSERT INTO articles (article_id, model_version, hash, run_id, outlet, date, month, url, title, text, words, report, analyzed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (article_id, model_version) DO UPDATE SET
       hash = excluded.hash, run_id = excluded.run_id, outlet = excluded.outlet, date = excluded.date,
       month = excluded.month, url = excluded.url, title = excluded.title, text = excluded.text,
       words = excluded.words, report = excluded.report, analyzed_at = excluded.analyzed_at
     RETURNING pk`,
    [a.id, a.modelVersion, a.hash, a.runId, a.outlet ?? null, a.date ?? null, monthOf(a.date), a.url ?? null,
      a.title ?? null, a.text, a.words, a.reportJson, now()],
  );
  const pk = Number(row!.pk);
  for (const table of Object.keys(SPAN_COLUMNS) as Array<keyof SpanRows>) {
    await db.run(`DELETE FROM ${table} WHERE article_pk = ?`, [pk]);
    await insertRows(db, table, pk, a.rows[table]);
  }
  // A success supersedes an earlier failure of the same record.
  await db.run('DELETE FROM failures WHERE article_id = ?', [a.id]);
}

/** JSON columns come back parsed from Postgres (JSONB) and as text from SQLite. */
export const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
