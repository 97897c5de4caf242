import { z } from 'zod';
import { TECHNIQUES } from '../pipeline/techniques/taxonomy.ts';

/**
 * The one definition of unspin's JSON report. The CLI, the HTTP API, OpenAPI and the docs all
 * derive from these schemas. Offsets index the original text (UTF-16 code units, as JS strings).
 */
export const REPORT_VERSION = '1';

export const SpanSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export const TextSpanSchema = SpanSchema.extend({ text: z.string() });

export const TechniqueNameSchema = z.enum(TECHNIQUES);

export const TechniqueSpanSchema = TextSpanSchema.extend({
  technique: TechniqueNameSchema,
  score: z.number().min(0).max(1),
  explanation: z.string(),
});

export const ClaimSchema = TextSpanSchema.extend({ score: z.number().min(0).max(1) });

export const AttributionSchema = z.object({
  source: TextSpanSchema.nullable(),
  cue: TextSpanSchema,
  content: TextSpanSchema,
  kind: z.enum(['direct', 'indirect']),
  /** Id of the entity in `entities` that the source resolves to, when known. */
  entity: z.number().int().nullable().optional(),
});

export const EntityMentionSchema = TextSpanSchema.extend({
  type: z.enum(['PER', 'ORG', 'LOC', 'MISC']),
  /** Mentions with the same id refer to the same entity. */
  entity: z.number().int(),
});

export const HeadlineSchema = z.object({
  text: z.string(),
  /** Probability that the title is clickbait (model trained on Chakraborty et al. 2016). */
  clickbait: z.number().min(0).max(1),
  /** Rule-based cues with offsets into the text; kinds: capitals, exclamation, hyperbole, teaser, question. */
  signals: z.array(z.object({ kind: z.string(), text: z.string().optional(), start: z.number().int().optional(), end: z.number().int().optional() })),
});

export const StyleSchema = z.object({
  /**
   * Percentile on [0,1] of the body's loaded-word share (plus a little per exclamation mark)
   * against 400 reference news articles: 0.9 means more loaded than nine in ten of them.
   */
  sensational: z.number().min(0).max(1),
  /** Share of body words that are strongly subjective (MPQA) or hyperbolic. */
  loadedWordShare: z.number().min(0).max(1),
  /** Exclamation marks in the body. */
  exclamations: z.number().int().nonnegative(),
});

export const NarrativeMatchSchema = z.object({
  kb: z.string(),
  id: z.string(),
  title: z.string(),
  url: z.string().nullable().optional(),
  date: z.string().nullable().optional(),
  verdict: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  narrative: z.string().nullable().optional(),
  /** Who made the claim, where the catalogue says: PolitiFact's speaker, an imported ClaimReview's claimant. */
  speaker: z.string().nullable().optional(),
  /**
   * Outlets the catalogue names for the item: for a disinformation case (EUvsDisinfo, Ukraine-war),
   * where it appeared; for an imported ClaimReview, the fact-checker that published it.
   */
  outlets: z.string().nullable().optional(),
  score: z.number().min(0).max(1),
  /** Other ids under which the catalogue files the same item (same text, verdict, speaker and date); absent when none. */
  copies: z.array(z.string()).optional(),
});

export const NarrativeSchema = z.object({
  claim: TextSpanSchema,
  matches: z.array(NarrativeMatchSchema).max(5),
  /**
   * The words by which the text refutes what it names ("there is no evidence that", "debunked the
   * myth that"), when it does: the claim is named to be denied, not repeated.
   */
  refutes: TextSpanSchema.optional().describe('Words by which the text names the claim to refute it ("there is no evidence that"): the text denies the catalogued claim rather than repeating it.'),
});

export const SourceSchema = z.object({
  domain: z.string(),
  known: z.boolean(),
  labels: z.array(
    z.object({
      provider: z.string(),
      factuality: z.string().optional(),
      bias: z.string().optional(),
      reliability: z.string().optional(),
    }),
  ),
});

export const ReportSchema = z.object({
  version: z.string(),
  /** What `analyze --format json` and the API add; the library leaves it out, since the caller holds it. */
  text: z.string().optional().describe('The analysed text, which every offset indexes (in `analyze --format json` and the API; not in the library\'s report, whose caller passed the text in).'),
  title: SpanSchema.nullable(),
  sentences: z.array(SpanSchema),
  /** Absent, like every other layer, when its component did not run: not the same as none found. */
  techniques: z.array(TechniqueSpanSchema).optional(),
  claims: z.array(ClaimSchema).optional(),
  attributions: z.array(AttributionSchema).optional(),
  entities: z.array(EntityMentionSchema).optional(),
  headline: HeadlineSchema.nullable().optional(),
  style: StyleSchema.optional(),
  narratives: z.array(NarrativeSchema).optional(),
  narrativeSummary: z.array(z.object({ kb: z.string(), id: z.string(), title: z.string(), claims: z.number().int(), score: z.number() })).optional(),
  source: SourceSchema.nullable().optional(),
  /** Notes for the reader, e.g. that no knowledge base is loaded. */
  notes: z.array(z.string()).optional(),
});

export type Report = z.infer<typeof ReportSchema>;
export type TechniqueSpan = z.infer<typeof TechniqueSpanSchema>;
export type Claim = z.infer<typeof ClaimSchema>;
export type Attribution = z.infer<typeof AttributionSchema>;
export type EntityMention = z.infer<typeof EntityMentionSchema>;
export type Headline = z.infer<typeof HeadlineSchema>;
export type Style = z.infer<typeof StyleSchema>;
export type Narrative = z.infer<typeof NarrativeSchema>;
export type Source = z.infer<typeof SourceSchema>;
