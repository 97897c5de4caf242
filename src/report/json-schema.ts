import { z } from 'zod';
import { ReportSchema } from './schema.ts';

/** The report's JSON Schema, derived from the zod schema so the docs cannot drift from the code. */
export function reportJsonSchema(): Record<string, unknown> {
  return { title: 'unspin report', ...(z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>) };
}
