// Worker-thread entry: loads the pipeline once, then analyses the records the pool sends.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeRecord, loadPipeline, type PipelineSpec } from './analyzer.ts';
import type { InputRecord } from './record.ts';

const port = parentPort!;
try {
  const pipeline = await loadPipeline(workerData as PipelineSpec);
  port.on('message', (msg: { seq: number; record: InputRecord }) => {
    port.postMessage({ type: 'result', seq: msg.seq, result: analyzeRecord(pipeline, msg.record) });
  });
  port.postMessage({ type: 'ready' });
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error)?.message ?? String(e) });
}
