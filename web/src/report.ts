import type { Report } from '../../src/report/schema.ts';

/** What POST /v1/analyze returns (AnalyzeResponseSchema in src/server/schemas.ts). */
export type AnalyzeResponse = Report & {
  text: string;
  meta?: { url?: string; outlet?: string; date?: string; byline?: string };
};
