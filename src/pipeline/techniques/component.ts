import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { TechniqueSpan } from '../../report/schema.ts';
import { TAXONOMY } from './taxonomy.ts';
import { loadTechniqueModel, type TechniqueModel } from './model.ts';

/** Span identification, then technique classification of each span. */
export function techniquesComponent(model: TechniqueModel): Component<'techniques', TechniqueSpan[]> {
  return {
    name: 'techniques',
    assigns: 'techniques',
    predict(doc) {
      const spans = model.identify(doc);
      const labels = model.classify(doc, spans);
      return spans.map((s, i) => {
        const { technique, score } = labels[i]!;
        return {
          start: s.start,
          end: s.end,
          text: doc.slice(s),
          technique,
          score: Math.round(score * s.score * 1000) / 1000,
          explanation: TAXONOMY[technique].explanation,
        };
      });
    },
  };
}

export async function loadTechniques(opts: LoadOptions) {
  return techniquesComponent(await loadTechniqueModel(opts.modelDir));
}
