/**
 * HTTP throughput of `unspin serve`: autocannon posts a ~5 KB article over loopback with 32
 * connections for 10 s, once with the techniques pipeline and once with the full pipeline.
 * `--pipelines none,techniques,full` adds a run without components (segmentation and overhead only).
 * The server runs as a separate process (as users run it) so the load generator does not share
 * its event loop. Usage: npm run bench:http [-- --duration 10 --connections 32 --workers N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { REPO_ROOT } from '../src/learn/data.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    workers: { type: 'string', default: String(availableParallelism()) },
    pipelines: { type: 'string', default: 'techniques,full' },
  },
});

const ROOT = REPO_ROOT + '/';

/** ~5 KB of invented article text: the repo's sample article, repeated with varied paragraph order. */
function article(bytes = 5 * 1024): string {
  const sample = readFileSync(`${ROOT}examples/article.txt`, 'utf8');
  const [title, ...paras] = sample.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const body: string[] = [];
  for (let i = 0; Buffer.byteLength(body.join('\n\n')) < bytes - title!.length; i++) body.push(paras[(i * 3) % paras.length]!);
  return `${title}\n\n${body.join('\n\n')}`;
}

/**
 * CPU seconds used so far by a process and all its threads (Linux /proc; null elsewhere). CPU
 * per request does not depend on how busy the machine is, unlike req/s, so it shows what the
 * server would do on idle cores.
 */
function cpuSeconds(pid: number | undefined): number | null {
  const file = `/proc/${pid}/stat`;
  if (!pid || !existsSync(file)) return null;
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

async function startServer(components: string | null): Promise<{ url: string; proc: ChildProcess }> {
  const argv = [`${ROOT}bin/unspin.js`, 'serve', '--port', '0', '--workers', args.workers!, '--max-queue', '256'];
  // An empty list runs no component at all: segmentation plus the HTTP and worker overhead.
  if (components !== null) argv.push('--components', components);
  const proc = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    proc.stderr!.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${log.trim()}`)));
  });
}

async function run(name: string, components: string | null, body: string) {
  const { url, proc } = await startServer(components);
  try {
    const payload = JSON.stringify({ text: body });
    // Warm-up so model loading and JIT do not count: one request to load the first worker, then
    // concurrent rounds so every worker of the pool has loaded its models and warmed up too.
    const post = async () => {
      const res = await fetch(`${url}/v1/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      if (!res.ok) throw new Error(`${name}: warm-up request failed: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const first = await post();
    console.error(`${name}: ${first.techniques?.length ?? 0} technique spans per request; layers: ${Object.keys(first).filter((k) => !['version', 'text', 'meta', 'title', 'sentences'].includes(k)).join(', ')}`);
    for (let round = 0; round < 4; round++) await Promise.all(Array.from({ length: 16 }, post));
    const cpuBefore = cpuSeconds(proc.pid);
    const result = await autocannon({
      url: `${url}/v1/analyze`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
      connections: Number(args.connections),
      duration: Number(args.duration),
      timeout: 30,
    });
    const cpuAfter = cpuSeconds(proc.pid);
    const cpuMs = cpuBefore !== null && cpuAfter !== null && result.requests.total ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total : null;
    return {
      pipeline: name,
      'req/s': Math.round(result.requests.average * 10) / 10,
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'max ms': result.latency.max,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      'server CPU ms/req': cpuMs === null ? null : Math.round(cpuMs * 10) / 10,
      // What the measured CPU cost allows when every core is free for the server.
      'ceiling req/s (idle cores)': cpuMs ? Math.round((availableParallelism() * 1000) / cpuMs) : null,
      // Other processes on the machine skew the figures; the 1-minute load average shows how much.
      'load 1m': Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    proc.kill('SIGTERM');
  }
}

const body = article();
console.error(`article: ${Buffer.byteLength(body)} bytes; ${args.connections} connections for ${args.duration} s; ${args.workers} analysis workers; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
const rows = [];
for (const p of args.pipelines!.split(',')) rows.push(await run(p, p === 'full' ? null : p === 'none' ? '' : p, body));
console.table(rows);
const tech = rows.find((r) => r.pipeline === 'techniques');
if (tech) {
  const ok = tech['req/s'] >= 60 && tech['p99 ms'] < 1000 && tech.non2xx === 0 && tech.errors === 0;
  console.log(`bar (techniques: >= 60 req/s, p99 < 1000 ms, no errors): ${ok ? 'MET' : 'NOT MET'}`);
}
