import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { UserError } from '../io/input.ts';

export type Row = Record<string, any>;

/**
 * The few operations the store needs, over SQLite or PostgreSQL. SQL is written once with `?`
 * placeholders and portable syntax (ON CONFLICT, RETURNING); only DDL types differ, via `types`.
 */
export interface Db {
  readonly kind: 'sqlite' | 'postgres';
  readonly types: { id: string; json: string };
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; transactions never interleave. */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Refuse a database without this table before changing anything in it (report, export). */
  requireTable?: string;
}

const noResults = (target: string) =>
  new UserError(`--db ${redact(target)}: holds no unspin results (no tables made by \`unspin batch\` or \`unspin worker\`)`);

export async function openDb(target: string, opts: OpenOptions = {}): Promise<Db> {
  if (/^postgres(ql)?:\/\//.test(target)) return openPostgres(target, opts);
  if (/^[a-z]+:\/\//i.test(target)) throw new UserError(`--db ${target}: use a SQLite file path or a postgres:// URL`);
  return openSqlite(target, opts);
}

function openSqlite(path: string, opts: OpenOptions): Db {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path);
  } catch (e) {
    throw new UserError(`--db ${path}: cannot open SQLite file (${(e as Error).message})`);
  }
  // Opening reads nothing: a file that is not SQLite shows itself at the first statement, which
  // comes before the pragmas below (WAL is a change to the file).
  let tables: string[];
  try {
    tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch (e) {
    sqlite.close();
    throw new UserError(`--db ${path}: not a SQLite database (${(e as Error).message})`);
  }
  if (opts.requireTable && !tables.includes(opts.requireTable)) {
    sqlite.close();
    throw noResults(path);
  }
  // WAL lets `report` read while a batch writes; NORMAL sync is durable across process crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const norm = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p === undefined ? null : p));
  let queue: Promise<unknown> = Promise.resolve();
  const db: Db = {
    kind: 'sqlite',
    types: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', json: 'TEXT' },
    async all(sql, params = []) {
      const s = prepare(sql);
      return s.reader ? (s.all(...norm(params)) as Row[]) : (s.run(...norm(params)), []);
    },
    async run(sql, params = []) {
      return { changes: prepare(sql).run(...norm(params)).changes };
    },
    async exec(sql) {
      sqlite.exec(sql);
    },
    tx(fn) {
      // One connection: transactions queue, so one that awaits (or yields to the event loop)
      // never has another's statements interleaved. Inside, `tx` on the handle given runs nested.
      const next = queue.then(async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(inner);
          sqlite.exec('COMMIT');
          return out;
        } catch (e) {
          sqlite.exec('ROLLBACK');
          throw e;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      sqlite.close();
    },
  };
  const inner: Db = { ...db, tx: (fn) => fn(inner) };
  return db;
}

const toPg = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

async function openPostgres(url: string, opts: OpenOptions): Promise<Db> {
  // Loaded only for PostgreSQL: the client adds about 15 MB to a process (node -e probe), which a
  // SQLite batch's main thread does not need.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new UserError(`--db ${redact(url)}: cannot connect to PostgreSQL (${(e as Error).message})`);
  }
  if (opts.requireTable) {
    const found = await pool.query('SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1', [opts.requireTable]);
    if (!found.rowCount) {
      await pool.end();
      throw noResults(url);
    }
  }
  const over = (q: pg.Pool | pg.PoolClient): Db => ({
    kind: 'postgres',
    types: { id: 'BIGSERIAL PRIMARY KEY', json: 'JSONB' },
    async all(sql, params = []) {
      return (await q.query(toPg(sql), params as unknown[])).rows;
    },
    async run(sql, params = []) {
      return { changes: (await q.query(toPg(sql), params as unknown[])).rowCount ?? 0 };
    },
    async exec(sql) {
      await q.query(sql);
    },
    async tx(fn) {
      if (q !== pool) return fn(over(q));
      const client = await pool.connect();
      // A client checked out of the pool has no 'error' listener of the pool's: a server that
      // restarts mid-transaction emitted an unhandled 'error' that ended a busy worker. The query
      // in flight fails anyway, so the transaction throws and its job is retried.
      let lost: Error | undefined;
      const onError = (e: Error) => (lost = e);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(over(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.off('error', onError);
        // A client whose connection broke is dropped, not handed to the next transaction.
        client.release(lost);
      }
    },
    async close() {
      await pool.end();
    },
  });
  return over(pool);
}

/** Hides the password of a connection URL in messages. */
export const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** A database as messages and queue jobs name it: a URL without its password, a file by its full path. */
export const dbName = (target: string) => (/^[a-z]+:\/\//i.test(target) ? redact(target) : resolve(target));
