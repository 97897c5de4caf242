import { z } from 'zod';
import { ReportSchema } from '../report/schema.ts';
import {
  AnalyzeRequestSchema, AnalyzeResponseSchema, ErrorSchema, HealthSchema, MatchRequestSchema, MatchResponseSchema, TechniquesResponseSchema,
} from './schemas.ts';

/** OpenAPI 3.1 document generated from the same zod schemas the server validates with. */
export function buildOpenApi(): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
  const error = (description: string) => ({ description, ...json('Error') });
  const errors = {
    400: error('Malformed JSON, wrong types, empty text, unknown component or unknown catalogue'),
    413: error('Request body over the size limit'),
    415: error('Body is not JSON, or is compressed'),
    503: error('All workers busy (retry later), or a model or the knowledge base is not available'),
    504: error('Analysis took longer than the per-request timeout'),
  };
  // Every path answers these too: a method it does not take (with `Allow`), and a failure of the server itself.
  const always = { 405: error('Method not allowed on this path; the `Allow` header names those that are'), 500: error('Internal server error') };
  return {
    openapi: '3.1.0',
    info: {
      title: 'unspin API',
      version: '1',
      description: 'Shows how a news text manipulates its reader. Offline: nothing is ever fetched. Every error is `{error:{code,message}}`.',
    },
    paths: {
      '/v1/analyze': {
        post: {
          summary: 'Analyse one article (plain text or an HTML page)',
          requestBody: { required: true, ...json('AnalyzeRequest') },
          responses: { 200: { description: 'The report, plus the analysed text that its offsets index', ...json('AnalyzeResponse') }, ...errors, ...always },
        },
      },
      '/v1/match': {
        post: {
          summary: 'Find known narratives and fact-checks matching a claim',
          requestBody: { required: true, ...json('MatchRequest') },
          responses: { 200: { description: 'Knowledge-base matches, best first', ...json('MatchResponse') }, ...errors, ...always },
        },
      },
      '/v1/techniques': {
        get: { summary: 'The 14 propaganda techniques with explanations and invented examples', responses: { 200: { description: 'Taxonomy', ...json('Techniques') }, ...always } },
      },
      '/v1/health': {
        get: { summary: 'Liveness and worker-pool load', responses: { 200: { description: 'Healthy', ...json('Health') }, ...always } },
      },
    },
    components: {
      schemas: {
        AnalyzeRequest: schema(AnalyzeRequestSchema, 'input'),
        AnalyzeResponse: schema(AnalyzeResponseSchema),
        Report: schema(ReportSchema),
        MatchRequest: schema(MatchRequestSchema, 'input'),
        MatchResponse: schema(MatchResponseSchema),
        Techniques: schema(TechniquesResponseSchema),
        Health: schema(HealthSchema),
        Error: schema(ErrorSchema),
      },
    },
  };
}
