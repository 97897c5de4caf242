// A small, deterministic pipeline for the corpus-scale tests: the batch, store and queue machinery
// is under test here, not the trained models. It tags "disaster" and "catastrophe" as loaded
// language and "everyone knows" as bandwagon, and can spend a fixed time per article (env
// UNSPIN_FAKE_DELAY_MS) so tests can interrupt or kill a run part-way. EAT-MEMORY and EXIT-THREAD
// in a text take the analysis thread down, as a pathological record would.
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { Component } from '../../src/pipeline/component.ts';
import type { TechniqueSpan } from '../../src/report/schema.ts';

const RULES: Array<[RegExp, TechniqueSpan['technique']]> = [
  [/\b(disaster|catastrophe)\b/gi, 'Loaded_Language'],
  [/\beveryone knows\b/gi, 'Bandwagon,Reductio_ad_hitlerum'],
];

const sleeper = new Int32Array(new SharedArrayBuffer(4));

const fakeTechniques: Component<'techniques', TechniqueSpan[]> = {
  name: 'techniques',
  assigns: 'techniques',
  predict(doc) {
    const delay = Number(process.env.UNSPIN_FAKE_DELAY_MS ?? 0);
    if (delay > 0) Atomics.wait(sleeper, 0, 0, delay);
    if (doc.text.includes('CRASH-ME')) throw new Error('fake component refuses this article');
    if (doc.text.includes('EAT-MEMORY')) {
      // Holds ever more memory, as a component would on a pathological record, until V8's heap cap.
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i * 1.5));
    }
    if (doc.text.includes('EXIT-THREAD')) process.exit(3);
    const spans: TechniqueSpan[] = [];
    for (const [re, technique] of RULES) {
      for (const m of doc.text.matchAll(re)) {
        spans.push({ start: m.index!, end: m.index! + m[0].length, text: m[0], technique, score: 0.9, explanation: 'test' });
      }
    }
    return spans.sort((a, b) => a.start - b.start);
  },
};

export async function createPipeline(): Promise<Pipeline> {
  return new Pipeline([fakeTechniques]);
}
