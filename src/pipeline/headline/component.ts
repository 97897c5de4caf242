import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Headline, Style } from '../../report/schema.ts';
import { HeadlineModel } from './model.ts';

interface HeadlineAndStyle {
  headline: Headline | null;
  style: Style;
}

/** Scores the title for clickbait (with its signals) and the body's style; assigns both layers. */
export function headlineComponent(model: HeadlineModel): Component<'headline', HeadlineAndStyle> {
  return {
    name: 'headline',
    assigns: 'headline',
    predict(doc) {
      const title = doc.title;
      let headline: Headline | null = null;
      if (title) {
        const text = doc.slice(title);
        headline = {
          text,
          clickbait: Math.round(model.clickbait(text) * 1000) / 1000,
          signals: model.signals(text, title.start),
        };
      }
      return { headline, style: model.styleOf(doc) };
    },
    set(doc, p) {
      doc.set('headline', p.headline);
      doc.set('style', p.style);
    },
    forget: () => model.forget(),
  };
}

export async function loadHeadline(opts: LoadOptions) {
  return headlineComponent(HeadlineModel.load(opts.modelDir));
}
