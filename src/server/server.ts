import { availableParallelism } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import { JSON_HEADROOM_BYTES, createApp } from './app.ts';
import { WorkerPool } from './pool.ts';
import { DEFAULT_MAX_BYTES } from '../io/input.ts';

export interface ServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  workers?: number;
  maxQueue?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  modelDir?: string;
  components?: string[];
  webDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  pool: WorkerPool;
  close(): Promise<void>;
}

/**
 * The request body limit for articles of up to `articleBytes`: the JSON around the text (its
 * other fields, escaped quotes and line breaks) gets 64 KB more, so an article `analyze` takes
 * is taken over HTTP too.
 */
export const bodyLimitFor = (articleBytes: number): number => articleBytes + JSON_HEADROOM_BYTES;

/** Starts the API and web page; resolves once workers are warm and the port is listening. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const pool = new WorkerPool({
    size: opts.workers ?? Math.max(1, availableParallelism()),
    maxQueue: opts.maxQueue ?? 64,
    timeoutMs: opts.timeoutMs ?? 30_000,
    modelDir: opts.modelDir,
    components: opts.components,
  });
  await pool.ready();
  const app = createApp({
    pool,
    maxBodyBytes: opts.maxBodyBytes ?? bodyLimitFor(DEFAULT_MAX_BYTES),
    webDir: opts.webDir,
  });
  const host = opts.host ?? '127.0.0.1';
  let server!: ServerType;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 8080 }, (info) => resolve(info.port));
    server.once('error', reject);
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    pool,
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Idle keep-alive connections (a browser tab) would otherwise hold shutdown for seconds.
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await closed;
      await pool.close();
    },
  };
}
