import type { Command } from 'commander';
import { DEFAULT_MAX_SIZE, UserError, parseSize } from '../../io/input.ts';
import { componentNames } from '../../pipeline/registry.ts';
import { bodyLimitFor, startServer } from '../../server/server.ts';
import { ensureWebBuilt } from '../../server/web-build.ts';

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`--${name} must be an integer >= ${min}, got "${v}"`);
  return n;
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API and the web page (nothing is ever fetched from the network)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', int('port', 0), 8080)
    .option('--workers <n>', 'analysis worker threads (default: one per core)', int('workers', 1))
    .option('--max-queue <n>', 'requests allowed to wait for a worker before answering 503', int('max-queue', 0), 64)
    .option('--timeout <ms>', 'longest analysis of one request in milliseconds (time waiting in the queue not counted)', int('timeout', 1), 30000)
    .option('--max-size <size>', 'largest article per request', DEFAULT_MAX_SIZE)
    .option('-c, --components <list>', `default components when a request names none (${componentNames().join(',')})`)
    .option('--model <dir>', 'folder with trained models (default: the bundled models/)')
    .action(async (opts) => {
      if (opts.port > 65535) throw new UserError(`--port must be at most 65535, got ${opts.port}`);
      const maxBodyBytes = bodyLimitFor(parseSize(opts.maxSize));
      const components: string[] | undefined = opts.components?.split(',').map((s: string) => s.trim()).filter(Boolean);
      const unknown = components?.filter((n) => !componentNames().includes(n)) ?? [];
      if (unknown.length) throw new UserError(`unknown component(s): ${unknown.join(', ')} (known: ${componentNames().join(', ')})`);
      const log = (m: string) => process.stderr.write(`unspin serve: ${m}\n`);
      await ensureWebBuilt(log);
      let server;
      try {
        server = await startServer({
          host: opts.host,
          port: opts.port,
          workers: opts.workers,
          maxQueue: opts.maxQueue,
          timeoutMs: opts.timeout,
          maxBodyBytes,
          modelDir: opts.model,
          components,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new UserError(`port ${opts.port} on ${opts.host} is already in use (pick another with --port)`);
        if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new UserError(`cannot listen on host "${opts.host}"`);
        throw e;
      }
      log(`listening on ${server.url}  (page: ${server.url}/, API: ${server.url}/openapi.json)`);
      const stop = () => {
        log('stopping');
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
