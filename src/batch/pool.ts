import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../io/input.ts';
import type { Analysis, PipelineSpec } from './analyzer.ts';
import type { InputRecord } from './record.ts';
import { COMPILED, REPO_ROOT } from '../learn/data.ts';

interface Slot {
  worker: Worker;
  inFlight: Map<number, (a: Analysis) => void>;
}

/**
 * Optional cap on each thread's V8 old generation (env UNSPIN_THREAD_HEAP_MB): V8 lets an idle
 * heap grow long before it collects, and with several threads that garbage multiplies. Off by
 * default, since a component that needs more than the cap would kill its thread.
 */
const heapMb = Number(process.env.UNSPIN_THREAD_HEAP_MB);
const RESOURCE_LIMITS = heapMb > 0 ? { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 } : undefined;

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
  /** The model version the threads computed (see model-version.ts). */
  version = '';

  private constructor() {}

  static async start(threads: number, spec: PipelineSpec): Promise<Pool> {
    const pool = new Pool();
    try {
      // The first thread loads alone: components that build a cache on first load (e.g. a
      // knowledge base) then build it once instead of racing each other on the same file.
      pool.version = await pool.spawn(spec);
      await Promise.all(Array.from({ length: threads - 1 }, () => pool.spawn(spec)));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private spawn(spec: PipelineSpec): Promise<string> {
    const worker = new Worker(THREAD_URL, { workerData: spec, resourceLimits: RESOURCE_LIMITS });
    const slot: Slot = { worker, inFlight: new Map() };
    this.slots.push(slot);
    return new Promise<string>((resolve, reject) => {
      worker.on('message', (m) => {
        if (m.type === 'ready') resolve(m.version);
        else if (m.type === 'fatal') reject(new UserError(`cannot load the pipeline: ${m.message}`));
        else if (m.type === 'result') {
          const done = slot.inFlight.get(m.seq);
          slot.inFlight.delete(m.seq);
          done?.(m.result);
          this.waiters.shift()?.();
        }
      });
      worker.on('error', (e) => {
        this.failure = e;
        reject(e);
      });
      worker.on('exit', (code) => {
        // A thread that dies (e.g. out of memory) fails its records instead of hanging the run.
        for (const done of slot.inFlight.values()) done({ ok: false, reason: `worker thread exited (code ${code})` });
        slot.inFlight.clear();
        this.slots = this.slots.filter((s) => s !== slot);
        for (const w of this.waiters.splice(0)) w();
      });
    });
  }

  /** Hands `record` to the least busy thread; `onResult` runs when it is analysed. */
  async submit(record: InputRecord, onResult: (a: Analysis) => void): Promise<void> {
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
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
