import type { Span } from './span.ts';
import { segment, type Token, type Segmentation } from './segment.ts';
import type {
  Attribution, Claim, EntityMention, Headline, Narrative, Report, Source, Style, TechniqueSpan,
} from '../report/schema.ts';

/** The annotation layers that pipeline components assign, keyed by report field. */
export interface Layers {
  techniques: TechniqueSpan[];
  claims: Claim[];
  attributions: Attribution[];
  entities: EntityMention[];
  headline: Headline | null;
  style: Style;
  narratives: Narrative[];
  narrativeSummary: NonNullable<Report['narrativeSummary']>;
  source: Source | null;
}

export interface DocMeta {
  url?: string;
  outlet?: string;
  date?: string;
  byline?: string;
}

export type Sentence = Segmentation['sentences'][number];

/**
 * The original text plus layers of character-offset annotations. Every offset indexes `text`,
 * so all layers line up for highlighting.
 */
export class Doc {
  readonly layers: Partial<Layers> = {};
  readonly notes: string[] = [];

  constructor(
    readonly text: string,
    readonly title: Span | null,
    readonly sentences: Sentence[],
    readonly tokens: Token[],
    readonly meta: DocMeta = {},
  ) {}

  /** Segment `text`. The first line is the title when a blank line follows it. */
  static fromText(text: string, meta: DocMeta = {}): Doc {
    const { tokens, sentences } = segment(text);
    return new Doc(text, findTitle(text), sentences, tokens, meta);
  }

  /** Build a Doc from a separate title and body: the text becomes `title + "\n\n" + body`. */
  static fromParts(title: string | undefined, body: string, meta: DocMeta = {}): Doc {
    const t = title?.replace(/\s+/g, ' ').trim();
    return Doc.fromText(t ? `${t}\n\n${body}` : body, meta);
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** Sentences of the body, i.e. without the title line. */
  get bodySentences(): Sentence[] {
    const title = this.title;
    return title ? this.sentences.filter((s) => s.start >= title.end) : this.sentences;
  }

  set<K extends keyof Layers>(layer: K, value: Layers[K]): void {
    this.layers[layer] = value;
  }
}

const TITLE_RE = /^[ \t]*([^\r\n]*\S)[ \t]*\r?\n[ \t]*\r?\n/;

export function findTitle(text: string): Span | null {
  const m = TITLE_RE.exec(text);
  if (!m || m[1]!.length > 300) return null;
  const start = m[0].indexOf(m[1]!);
  return { start, end: start + m[1]!.length };
}
