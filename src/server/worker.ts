import { parentPort, workerData } from 'node:worker_threads';
import { ZodError } from 'zod';
import { UserError } from '../io/input.ts';
import { Analyzer } from './analyze.ts';
import { loadMatcher, type Matcher } from './match.ts';
import { ApiError } from './errors.ts';
import type { JobReply, JobRequest, WorkerOptions } from './pool.ts';
import type { MatchRequest, MatchResponse } from './schemas.ts';
import { sharedArraysOfThisThread } from '../learn/shared-arrays.ts';

/** Worker thread: analyses one request at a time so the HTTP thread never blocks on CPU work. */
const opts = (workerData ?? {}) as WorkerOptions;
const analyzer = new Analyzer(opts.modelDir, opts.components);
const port = parentPort!;
let matcher: Matcher | null | undefined;

function match(req: MatchRequest): MatchResponse {
  if (matcher === undefined) matcher = loadMatcher(opts.modelDir);
  const m = matcher;
  if (!m) throw new ApiError(503, 'no_knowledge_base', 'no knowledge base is loaded: build one with `npx unspin kb build`, then restart the server');
  return m.match(req);
}

port.on('message', async (job: JobRequest) => {
  let reply: JobReply;
  try {
    const result = job.kind === 'match' ? match(job.input) : await analyzer.analyze(job.input);
    reply = { id: job.id, ok: true, result };
  } catch (e) {
    reply = { id: job.id, ok: false, error: toJobError(e) };
  }
  port.postMessage(reply);
});

function toJobError(e: unknown): Extract<JobReply, { ok: false }>['error'] {
  if (e instanceof ApiError) return { status: e.status as 503, code: e.code, message: e.message };
  const message = (e as Error)?.message ?? String(e);
  // Components report a missing model in their own words (some as UserError, some not).
  if (/\bmodel\b[^.]*?\b(?:not trained yet|not found|missing)/i.test(message)) {
    // Clients get the reason without the server's file-system layout.
    const reason = message.replace(/(?:\/[\w.@+-]+)+\/?/g, (path) => path.split('/').filter(Boolean).pop() ?? path);
    return { status: 503, code: 'model_unavailable', message: `a model is not available: ${reason}` };
  }
  if (e instanceof UserError) {
    const code = /unknown component/.test(message) ? 'unknown_component' : 'invalid_text';
    return { status: 400, code, message };
  }
  if (e instanceof ZodError) {
    console.error(`unspin serve: report failed its schema: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return { status: 500, code: 'invalid_report', message: 'the pipeline produced a report that does not match the schema' };
  }
  console.error(`unspin serve: internal error in analysis worker: ${(e as Error)?.stack ?? message}`);
  return { status: 500, code: 'internal', message: 'internal error while analysing (details are in the server log)' };
}

// Load the default pipeline up front so the first request does not pay for model loading;
// a failure here is reported per request instead.
analyzer.pipeline(opts.components).then(
  () => port.postMessage({ ready: true, sharedArrays: sharedArraysOfThisThread() }),
  () => port.postMessage({ ready: true }),
);
