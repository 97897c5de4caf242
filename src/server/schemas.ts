import { z } from 'zod';
import { NarrativeMatchSchema, ReportSchema, TextSpanSchema } from '../report/schema.ts';
import { componentNames } from '../pipeline/registry.ts';

/** Request and response shapes of the HTTP API; OpenAPI is generated from these. */

export const AnalyzeRequestSchema = z
  .object({
    text: z.string().optional().describe('Plain article text; the first line that is not blank is the title when a blank line follows it.'),
    html: z.string().optional().describe('An HTML page; it is reduced to the article (title, byline, site and date kept).'),
    title: z.string().max(1000).optional().describe('A separate title; overrides the one found in the text or HTML.'),
    url: z.string().max(2048).optional().describe('Where the article was published. Only sets the source profile: nothing is fetched.'),
    components: z.array(z.string().max(100)).max(20).optional().describe(`Components to run (default: all). Known: ${componentNames().join(', ')}.`),
  })
  .strict();
export type AnalyzeRequest = z.infer<typeof AnalyzeRequestSchema>;

export const ArticleMetaSchema = z.object({
  url: z.string().optional(),
  outlet: z.string().optional(),
  date: z.string().optional(),
  byline: z.string().optional(),
});

/** The report plus the analysed text, which all report offsets index (needed when HTML was sent). */
export const AnalyzeResponseSchema = ReportSchema.extend({
  text: z.string().describe('The analysed text; every offset in the report indexes this string.'),
  meta: ArticleMetaSchema,
});
export type AnalyzeResponse = z.infer<typeof AnalyzeResponseSchema>;

export const MatchRequestSchema = z
  .object({
    text: z.string().max(10_000).describe('One claim, e.g. a sentence from an article.'),
    top: z.number().int().min(1).max(50).optional().describe('How many matches (default 5).'),
    kbs: z.array(z.string()).optional().describe('Only these catalogues, e.g. ["euvsdisinfo", "snopes"].'),
  })
  .strict();
export type MatchRequest = z.infer<typeof MatchRequestSchema>;

export const MatchResponseSchema = z.object({
  claim: z.string(),
  /** Calibrated score above which a match is a confident one. */
  threshold: z.number(),
  /** The share of the claim's words (IDF-weighted) an entry must have for a report to show it. */
  minCover: z.number(),
  contentWords: z.number().int().describe("The claim's content words, as the search counts them."),
  minContentWords: z.number().int().describe('A report looks up only sentences with at least this many content words: a shorter claim still gets its nearest candidates, none of them `reported`.'),
  refutes: TextSpanSchema.optional().describe('Words by which the claim names what it matches to refute it ("there is no evidence that"), as offsets of `claim`.'),
  matches: z.array(
    NarrativeMatchSchema.extend({
      aboveThreshold: z.boolean().describe('The score is at or above the threshold.'),
      cover: z.number().describe("The share of the claim's words (IDF-weighted) the entry has; a reporting frame's words are not counted, a name the entry has in another form counts, and, once the entry has a quarter of the claim's words itself, a word it has a WordNet synonym of counts half."),
      reported: z.boolean().describe('A report would show this match for the claim: the claim has the content words a report looks up, the score is at or above the threshold, and the entry has the cover a report needs.'),
    }),
  ),
});
export type MatchResponse = z.infer<typeof MatchResponseSchema>;

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  components: z.array(z.string()),
  workers: z.number().int(),
  busy: z.number().int(),
  queued: z.number().int(),
  maxArticleBytes: z.number().int().describe('The largest article a request may carry (`serve --max-size`; the body may hold 64 KB more for the JSON around it).'),
});

export const TechniqueInfoSchema = z.object({
  name: z.string(),
  label: z.string(),
  explanation: z.string(),
  example: z.string(),
});
export const TechniquesResponseSchema = z.object({ techniques: z.array(TechniqueInfoSchema) });
