import type { Doc } from '../../doc/doc.ts';
import type { Span } from '../../doc/span.ts';
import type { Technique } from './taxonomy.ts';

/** The trained span identifier (SI) and technique classifier (TC). */
export interface TechniqueModel {
  /** Non-overlapping propaganda spans, sorted, each with a confidence in [0,1]. */
  identify(doc: Doc): Array<Span & { score: number }>;
  /** One technique per given span, in order, with its probability. */
  classify(doc: Doc, spans: readonly Span[]): Array<{ technique: Technique; score: number }>;
}

export async function loadTechniqueModel(_dir: string): Promise<TechniqueModel> {
  throw new Error('technique model not trained yet'); // replaced by the trained model loader
}
