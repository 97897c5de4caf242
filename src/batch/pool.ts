import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../io/input.ts';
import type { PipelineSpec, Transfer } from './analyzer.ts';
import type { InputRecord } from './record.ts';
import { COMPILED, REPO_ROOT } from '../learn/data.ts';
import type { SharedArrays } from '../learn/shared-arrays.ts';

interface Slot {
  worker: Worker;
  inFlight: Map<number, (a: Transfer) => void>;
  /** The error the thread reported before it exited, if any (e.g. out of memory). */
  error?: Error;
  /** Loaded its pipeline: only such a thread is replaced when it dies. */
  ready: boolean;
}

/**
 * Each thread's V8 heap is capped (env UNSPIN_THREAD_HEAP_MB, default 384; 0 = no cap) and its
 * young generation set to 8 MB, because V8 otherwise lets a busy heap grow far past its live
 * data (about 75 MB with every component) before collecting, and with several threads that
 * garbage multiplies. Every component, 2 threads, 1,000 articles, peak RSS: 781 MB with V8's
 * defaults, 670 MB with a 16 MB young generation, 624 MB with the cap too (/usr/bin/time).
 * Later, 3,000 articles: 8 MB instead of 16 saved 16-29 MB (two threads); a throwaway probe of
 * one thread's GC time put the cost at about 0.6 ms more scavenging per article (about 3%).
 * 4 MB cost 25% more CPU. A record that needs more than the cap takes its thread down; the pool
 * fails the records that thread held and starts a new one, so the run goes on.
 */
export function threadHeapMb(): number {
  const env = process.env.UNSPIN_THREAD_HEAP_MB;
  return env === undefined || env === '' ? 384 : Number(env);
}
const YOUNG_GENERATION_MB = 8;
const resourceLimits = (heapMb: number) => ({ maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(heapMb > 0 ? { maxOldGenerationSizeMb: heapMb } : {}) });
/** Threads that die mid-run are replaced, but a run where this many die is broken, not unlucky. */
const MAX_REPLACEMENTS = 20;

/** The compiled thread when running from dist/, else the bootstrap that registers tsx first. */
const THREAD_URL = COMPILED ? pathToFileURL(join(REPO_ROOT, 'dist/src/batch/thread.js')) : new URL('./thread-entry.mjs', import.meta.url);

/** Records in flight per thread: two keeps a thread busy while the main thread stores results. */
const DEPTH = 2;

/**
 * A fixed set of worker threads, each holding its own pipeline. `submit` resolves once the
 * record is handed to a thread, so a reader awaiting it never runs ahead (flat memory).
 */
export class Pool {
  private slots: Slot[] = [];
  private waiters: Array<() => void> = [];
  private seq = 0;
  private failure: Error | null = null;
  private spec: PipelineSpec = {};
  private closing = false;
  private replacements = 0;
  private heapMb = threadHeapMb();
  /** Model arrays the first thread built, handed to every later thread (see shared-arrays.ts). */
  private sharedArrays: SharedArrays = {};
  /** The model version the threads computed (see model-version.ts). */
  version = '';

  private constructor() {}

  static async start(threads: number, spec: PipelineSpec): Promise<Pool> {
    const pool = new Pool();
    pool.spec = spec;
    try {
      // The first thread loads alone: components that build a cache on first load (e.g. a
      // knowledge base) then build it once instead of racing each other on the same file.
      // The others load while it already works; records handed to them wait in their queue.
      pool.version = await pool.spawn(spec);
      for (let i = 1; i < threads; i++) pool.spawn(spec).catch((e) => void (pool.failure ??= e));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private spawn(spec: PipelineSpec): Promise<string> {
    const worker = new Worker(THREAD_URL, { workerData: { ...spec, sharedArrays: this.sharedArrays }, resourceLimits: resourceLimits(this.heapMb) });
    const slot: Slot = { worker, inFlight: new Map(), ready: false };
    this.slots.push(slot);
    return new Promise<string>((resolve, reject) => {
      worker.on('message', (m) => {
        if (m.type === 'ready') {
          slot.ready = true;
          if (!Object.keys(this.sharedArrays).length) this.sharedArrays = m.sharedArrays ?? {};
          resolve(m.version);
        } else if (m.type === 'fatal') reject(new UserError(`cannot load the pipeline: ${m.message}`));
        else if (m.type === 'result') {
          const done = slot.inFlight.get(m.seq);
          slot.inFlight.delete(m.seq);
          done?.(m.result);
          this.waiters.shift()?.();
        }
      });
      worker.on('error', (e) => {
        slot.error = e;
        this.failure = e;
        reject(e);
      });
      worker.on('exit', (code) => {
        this.slots = this.slots.filter((s) => s !== slot);
        // A thread that dies fails the records it held instead of hanging the run, and a fresh
        // thread takes its place.
        const reason = (slot.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the analysis thread ran out of memory (heap cap ${this.heapMb} MB per thread, env UNSPIN_THREAD_HEAP_MB) on this record or one analysed beside it; run the batch again to retry`
          : `the analysis thread exited (code ${code}${slot.error ? `: ${slot.error.message}` : ''}) while this record was in flight; run the batch again to retry`;
        for (const done of slot.inFlight.values()) done({ ok: false, reason });
        slot.inFlight.clear();
        if (!this.closing && slot.ready && this.replacements++ < MAX_REPLACEMENTS) {
          this.spawn(this.spec).catch((e) => void (this.failure ??= e));
        }
        for (const w of this.waiters.splice(0)) w();
      });
    });
  }

  /** Hands `record` to the least busy thread; `onResult` runs when it is analysed. */
  async submit(record: InputRecord, onResult: (a: Transfer) => void): Promise<void> {
    for (;;) {
      if (!this.slots.length) throw this.failure ?? new Error('all worker threads exited');
      const slot = this.slots.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      if (slot.inFlight.size < DEPTH) {
        const seq = ++this.seq;
        slot.inFlight.set(seq, onResult);
        slot.worker.postMessage({ seq, record });
        return;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Resolves when every submitted record has its result. */
  async drain(): Promise<void> {
    while (this.slots.some((s) => s.inFlight.size)) await new Promise<void>((r) => this.waiters.push(r));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
