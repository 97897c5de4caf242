import { ComponentLoader } from '../pipeline/registry.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { ReportSchema } from '../report/schema.ts';
import { toReport } from '../report/build.ts';
import { validateText } from '../io/input.ts';
import { extractArticle } from '../io/html.ts';
import type { AnalyzeRequest, AnalyzeResponse } from './schemas.ts';

/**
 * Runs one analysis request: HTML reduction, pipeline, then validation of the report against the
 * schema so the API never returns a report that breaks its own contract. Runs inside a worker.
 */
export class Analyzer {
  private readonly loader: ComponentLoader;

  constructor(
    modelDir?: string,
    /** Components run when a request names none (undefined: all). */
    private readonly defaultComponents?: string[],
  ) {
    this.loader = new ComponentLoader({ modelDir });
  }

  /** A pipeline of these components; each is loaded once, whatever sets requests name. */
  pipeline(components?: string[]): Promise<Pipeline> {
    return this.loader.pipeline(components);
  }

  async analyze(req: AnalyzeRequest): Promise<AnalyzeResponse> {
    let text: string;
    let title = req.title;
    const meta: AnalyzeResponse['meta'] = {};
    // A blank url sets no source (the page's field may hold a stray space).
    const url = req.url?.trim();
    if (url) meta.url = url;
    if (req.html !== undefined) {
      const article = extractArticle(req.html);
      text = article.text;
      title ??= article.title;
      if (article.byline) meta.byline = article.byline;
      if (article.outlet) meta.outlet = article.outlet;
      if (article.date) meta.date = article.date;
    } else {
      text = req.text ?? '';
    }
    validateText(text, req.html !== undefined ? 'html' : 'text');
    const pipeline = await this.pipeline(req.components ?? this.defaultComponents);
    const doc = pipeline.run(pipeline.makeDoc({ text, title, ...meta }));
    const report = ReportSchema.parse(toReport(doc));
    return { ...report, text: doc.text, meta };
  }
}
