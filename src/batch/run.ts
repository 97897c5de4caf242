import { availableParallelism } from 'node:os';
import { Store, type StoredArticle } from '../store/store.ts';
import { MonthlessDates } from '../store/month.ts';
import type { PipelineSpec, Transfer } from './analyzer.ts';
import { Pool } from './pool.ts';
import { Progress, type Counts } from './progress.ts';
import { contentHash, type FieldMap, type InputRecord } from './record.ts';
import { checkInputs, countInputs, readInputs } from './sources.ts';
// Not model-version.ts: it imports the registry, and with it every component's code, which the
// main thread never runs (names.ts).
import { checkComponents } from '../pipeline/names.ts';

export interface BatchOptions extends PipelineSpec {
  inputs: string[];
  /** SQLite file path or postgres:// URL. */
  db: string;
  fields: FieldMap;
  metadata?: string;
  /** Worker threads; defaults to every core. */
  threads?: number;
  maxBytes?: number;
  /** The encoding of a folder's files (`--encoding`). */
  encoding?: string;
  quiet?: boolean;
  /** Aborting stops reading input; records in flight finish and are stored. */
  signal?: AbortSignal;
  /** Called after each record is stored, skipped or failed. */
  onProgress?: (counts: Counts) => void;
}

export interface BatchResult extends Counts {
  runId: number;
  modelVersion: string;
  interrupted: boolean;
  seconds: number;
  /** Said once at the end: how many dates gave no month (reports count those under "(unknown)"). */
  dateWarning: string | null;
}

/** At most this many articles per store transaction, and none waits longer than GROUP_MS. */
const GROUP_SIZE = 32;
const GROUP_MS = 250;

/** Where a failure row should point: the record's origin, or its id. */
const describe = (rec: InputRecord) => rec.origin || rec.id;

export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  checkInputs(opts.inputs, opts.metadata);
  // Before the store: a typo in -c must not leave an empty database behind.
  checkComponents(opts);
  const started = Date.now();
  const spec: PipelineSpec = { components: opts.components, modelDir: opts.modelDir, pipelineModule: opts.pipelineModule };
  const store = await Store.open(opts.db);
  let pool: Pool | null = null;
  const counts: Counts = { done: 0, skipped: 0, failed: 0 };
  let progress: Progress | null = null;
  let runId = 0;
  const monthless = new MonthlessDates();
  /** Pending flush of the current group of results (see GROUP_MS). */
  let timer: NodeJS.Timeout | null = null;
  try {
    // The threads load the pipeline and compute the model version; the main thread only reads
    // input and writes the store, so its memory stays small.
    pool = await Pool.start(Math.max(1, opts.threads ?? availableParallelism()), spec);
    const version = pool.version;
    runId = await store.startRun({ modelVersion: version, components: opts.components ?? ['(all)'], input: opts.inputs.join(' ') });
    progress = new Progress(await countInputs(opts.inputs), counts, process.stderr, 10_000, opts.quiet);

    const pending = new Set<Promise<void>>();
    let storeError: unknown = null;
    const track = (p: Promise<void>) => {
      const q = p.catch((e) => void (storeError ??= e)).finally(() => pending.delete(q));
      pending.add(q);
    };
    const fail = async (rec: InputRecord, reason: string) => {
      await store.saveFailure({ runId, articleId: rec.id, origin: describe(rec), reason, modelVersion: version });
      counts.failed++;
      opts.onProgress?.(counts);
    };
    // Results are stored in groups, one transaction each: a commit per article cost the main
    // thread about half a millisecond, time the analysis threads need on a machine with few cores.
    let group: StoredArticle[] = [];
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const list = group;
      group = [];
      if (!list.length) return;
      track(store.saveArticles(list).then(() => {
        counts.done += list.length;
        progress?.update();
        opts.onProgress?.(counts);
      }));
    };
    const save = async (rec: InputRecord, hash: string, a: Transfer) => {
      if (!a.ok) return fail(rec, a.reason);
      group.push({
        id: rec.id, hash, modelVersion: version, runId, outlet: rec.outlet, date: rec.date, url: rec.url,
        title: a.title, text: a.text ?? rec.text ?? '', words: a.words, reportJson: a.reportJson, rows: a.rows,
      });
      if (group.length >= GROUP_SIZE) flush();
      else timer ??= setTimeout(flush, GROUP_MS);
    };

    for await (const rec of readInputs(opts.inputs, { fields: opts.fields, maxBytes: opts.maxBytes, encoding: opts.encoding, metadata: opts.metadata })) {
      if (opts.signal?.aborted || storeError) break;
      if (rec.error) {
        track(fail(rec, rec.error));
        continue;
      }
      monthless.note(rec.date);
      const hash = contentHash(rec);
      if ((await store.storedHash(rec.id, version)) === hash) {
        counts.skipped++;
        progress.update();
        opts.onProgress?.(counts);
        continue;
      }
      await pool.submit(rec, (a) => track(save(rec, hash, a)));
      if (pending.size > 256) await Promise.race(pending);
    }
    await pool.drain();
    flush();
    while (pending.size) await Promise.all(pending);
    if (storeError) throw storeError;
    const interrupted = !!opts.signal?.aborted;
    await store.finishRun(runId, interrupted ? 'interrupted' : 'done', counts);
    return { ...counts, runId, modelVersion: pool.version, interrupted, seconds: (Date.now() - started) / 1000, dateWarning: monthless.warning() };
  } catch (e) {
    if (runId) await store.finishRun(runId, 'error', counts).catch(() => undefined);
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    progress?.stop();
    await pool?.close();
    await store.close();
  }
}
