import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ApiError } from './errors.ts';
import type { AnalyzeRequest, AnalyzeResponse, MatchRequest, MatchResponse } from './schemas.ts';
import { COMPILED, REPO_ROOT } from '../learn/data.ts';
import type { SharedArrays } from '../learn/shared-arrays.ts';

export interface WorkerOptions {
  modelDir?: string;
  /** Components a request runs when it names none (default: all). */
  components?: string[];
}

export interface PoolOptions extends WorkerOptions {
  size: number;
  /** Jobs allowed to wait for a free worker; beyond that the pool answers 503. */
  maxQueue: number;
  /** Time from arrival to answer, queue wait included. */
  timeoutMs: number;
}

/** What a worker can do: analyse an article, or search the knowledge base for a claim. */
export type Task = { kind: 'analyze'; input: AnalyzeRequest } | { kind: 'match'; input: MatchRequest };
export type JobRequest = Task & { id: number };
export type JobReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { status: 400 | 500 | 503; code: string; message: string } };

interface Job {
  id: number;
  task: Task;
  resolve(r: unknown): void;
  reject(e: unknown): void;
  /** Set when its worker can run it (`dispatch`). */
  timer: NodeJS.Timeout | undefined;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  ready: Promise<void>;
  started: boolean;
  /** Being terminated after a timeout: already replaced, must get no more jobs. */
  retired: boolean;
}

/** Workers that die before they ever start this many times in a row mean a broken install. */
const MAX_START_FAILURES = 3;

/** The compiled worker when running from dist/, else the bootstrap that registers tsx first. */
const WORKER_URL = COMPILED ? pathToFileURL(join(REPO_ROOT, 'dist/src/server/worker.js')) : new URL('./worker-entry.mjs', import.meta.url);

/**
 * A fixed pool of analysis worker threads with a bounded queue and per-job timeout. A job that
 * times out while running takes its worker down with it (the CPU-bound pipeline cannot be
 * interrupted otherwise) and a fresh worker replaces it.
 */
export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  private broken: string | null = null;

  private warm: Promise<void>;
  private sharedArrays: SharedArrays = {};

  constructor(private readonly opts: PoolOptions) {
    // The first worker warms up alone: loading a pipeline may create shared files on first use
    // (e.g. a knowledge base built from the data), which parallel workers would race to write.
    const first = this.spawn();
    this.slots.push(first);
    this.warm = first.ready.then(async () => {
      if (this.closed) return;
      for (let i = 1; i < opts.size; i++) this.slots.push(this.spawn());
      for (const queued of this.queue.splice(0)) this.dispatchOrRequeue(queued);
      await Promise.all(this.slots.map((s) => s.ready));
    });
  }

  /** Resolves when every worker has loaded its default pipeline. */
  ready(): Promise<void> {
    return this.warm;
  }

  private dispatchOrRequeue(job: Job): void {
    const free = this.slots.find((s) => !s.job);
    if (free) this.dispatch(free, job);
    else this.queue.push(job);
  }

  get stats() {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  run(input: AnalyzeRequest): Promise<AnalyzeResponse> {
    return this.submit({ kind: 'analyze', input }) as Promise<AnalyzeResponse>;
  }

  match(input: MatchRequest): Promise<MatchResponse> {
    return this.submit({ kind: 'match', input }) as Promise<MatchResponse>;
  }

  private submit(task: Task): Promise<unknown> {
    if (this.closed) return Promise.reject(new ApiError(503, 'shutting_down', 'the server is shutting down'));
    if (this.broken) return Promise.reject(new ApiError(503, 'workers_unavailable', `analysis workers cannot start: ${this.broken}`));
    const free = this.slots.find((s) => !s.job);
    if (!free && this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(
        new ApiError(503, 'busy', `all ${this.slots.length} workers are busy and ${this.queue.length} requests are waiting; retry shortly`, { 'Retry-After': '1' }),
      );
    }
    return new Promise<unknown>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, resolve, reject, timer: undefined };
      if (free) this.dispatch(free, job);
      else this.queue.push(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = () => new ApiError(503, 'shutting_down', 'the server is shutting down');
    for (const job of this.queue.splice(0)) this.fail(job, stopping());
    for (const slot of this.slots) {
      if (slot.job) this.fail(slot.job, stopping());
      slot.job = null;
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      workerData: { modelDir: this.opts.modelDir, components: this.opts.components, sharedArrays: this.sharedArrays } satisfies WorkerOptions & { sharedArrays: SharedArrays },
    });
    let markReady!: () => void;
    const slot: Slot = { worker, job: null, ready: new Promise<void>((r) => (markReady = r)), started: false, retired: false };
    let lastError = 'it exited';
    worker.on('message', (msg: JobReply | { ready: true; sharedArrays?: SharedArrays }) => {
      if ('ready' in msg) {
        slot.started = true;
        // The first worker's model arrays go to every later one (see shared-arrays.ts).
        if (!Object.keys(this.sharedArrays).length && msg.sharedArrays) this.sharedArrays = msg.sharedArrays;
        this.startFailures = 0;
        return markReady();
      }
      this.finish(slot, msg);
    });
    worker.on('error', (err) => {
      lastError = err.message;
      console.error(`unspin serve: analysis worker crashed: ${err.message}`);
    });
    worker.on('exit', () => {
      markReady();
      if (this.closed || slot.retired) return;
      const job = slot.job;
      slot.job = null;
      if (job) this.fail(job, new ApiError(500, 'worker_crashed', 'the analysis worker stopped unexpectedly'));
      if (!slot.started && ++this.startFailures >= MAX_START_FAILURES) {
        this.broken = lastError;
        for (const queued of this.queue.splice(0)) this.fail(queued, new ApiError(503, 'workers_unavailable', `analysis workers cannot start: ${lastError}`));
        return;
      }
      this.replace(slot);
    });
    return slot;
  }

  private replace(dead: Slot): void {
    const i = this.slots.indexOf(dead);
    if (i === -1) return;
    const fresh = this.spawn();
    this.slots[i] = fresh;
    this.pump(fresh);
  }

  /**
   * The timeout bounds the analysis, so its clock starts when the job's worker can run it: a job
   * that waited in the queue, or went to a worker still loading its models (a replacement after
   * a timeout), was failed with a 504 it did not cause, and took the loading worker down with it.
   */
  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.postMessage({ id: job.id, ...job.task } satisfies JobRequest);
    const start = () => {
      if (slot.job === job) job.timer = setTimeout(() => this.timeout(job), this.opts.timeoutMs);
    };
    if (slot.started) start();
    else void slot.ready.then(start);
  }

  private finish(slot: Slot, reply: JobReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return; // a late answer for a job that already timed out
    slot.job = null;
    clearTimeout(job.timer);
    if (reply.ok) job.resolve(reply.result);
    else job.reject(new ApiError(reply.error.status, reply.error.code, reply.error.message));
    this.pump(slot);
  }

  private pump(slot: Slot): void {
    const next = this.queue.shift();
    if (next) this.dispatch(slot, next);
  }

  private timeout(job: Job): void {
    const err = new ApiError(504, 'timeout', `analysis took longer than ${this.opts.timeoutMs} ms and was stopped`);
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    slot.job = null;
    this.fail(job, err);
    // The pipeline cannot be interrupted, so the worker goes; a fresh one takes its place now.
    slot.retired = true;
    void slot.worker.terminate();
    this.replace(slot);
  }

  private fail(job: Job, err: ApiError): void {
    clearTimeout(job.timer);
    job.reject(err);
  }
}
