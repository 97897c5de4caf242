// Worker-thread entry: loads the pipeline once, then analyses the records the pool sends.
// The model version is computed here too, so the main thread never loads the pipeline's modules.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeRecord, forTransfer, loadPipeline, type PipelineSpec } from './analyzer.ts';
import { modelVersion } from './model-version.ts';
import { sharedArraysOfThisThread } from '../learn/shared-arrays.ts';
import type { InputRecord } from './record.ts';

const port = parentPort!;
try {
  const version = modelVersion(workerData as PipelineSpec);
  const pipeline = await loadPipeline(workerData as PipelineSpec);
  port.on('message', (msg: { seq: number; record: InputRecord }) => {
    port.postMessage({ type: 'result', seq: msg.seq, result: forTransfer(analyzeRecord(pipeline, msg.record), msg.record) });
  });
  port.postMessage({ type: 'ready', version, sharedArrays: sharedArraysOfThisThread() });
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error)?.message ?? String(e) });
}
