/**
 * unspin as a library. Load a pipeline once (loading its models costs far more than an article),
 * then analyse many texts:
 *
 *   import { createPipeline } from 'unspin';
 *   const pipeline = await createPipeline();                 // every component; or { components: [...] }
 *   const report = pipeline.analyze({ text, url });          // the JSON report the CLI and API give
 *
 * Everything exported here is the package's public surface; the rest of `src/` may change.
 */
export { createPipeline } from './pipeline/registry.ts';
export { Pipeline, type AnalyzeInput } from './pipeline/pipeline.ts';
export { COMPONENT_NAMES, type ComponentName } from './pipeline/names.ts';
export * from './report/schema.ts';
export { reportJsonSchema } from './report/json-schema.ts';
export { Doc, type DocMeta } from './doc/doc.ts';
export type { Span } from './doc/span.ts';
export { extractArticle, type ExtractedArticle } from './io/html.ts';
export { UserError, validateText } from './io/input.ts';
