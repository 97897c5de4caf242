import type { Span } from './span.ts';
import { segment, type Token, type Segmentation } from './segment.ts';
import { BLANK_LINE, trimmedRange } from './blank.ts';
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

  /** Segment `text`. The first line that is not blank is the title when a blank line follows it. */
  static fromText(text: string, meta: DocMeta = {}): Doc {
    const { tokens, sentences } = segment(text);
    return new Doc(text, findTitle(text), sentences, tokens, meta);
  }

  /**
   * Build a Doc from a separate title and body: the text becomes `title + "\n\n" + body`. A title
   * given is the title whatever its length: findTitle's checks are for guessing one from text.
   */
  static fromParts(title: string | undefined, body: string, meta: DocMeta = {}): Doc {
    const oneLine = title?.replace(/\s+/g, ' ') ?? '';
    const t = oneLine.slice(...trimmedRange(oneLine));
    if (!t) return Doc.fromText(body, meta);
    const text = `${t}\n\n${body}`;
    const { tokens, sentences } = segment(text);
    return new Doc(text, { start: 0, end: t.length }, sentences, tokens, meta);
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

/** One line and the break that ends it: CRLF, LF, or a CR alone (old Mac files, some pastes). */
const LINE = /([^\r\n]*)(\r\n|\r|\n|$)/y;
/**
 * A byline: "By Jane Doe", "BY JANE DOE, Staff Reporter", "By Jane Doe and Raj Patel": "by" and
 * capitalised words only, short ("By Monday, officials said …" is a sentence).
 */
export const BYLINE = /^[\s\u00a0]*(?:By|BY|by)\s+\p{Lu}[\p{L}'’-]*\.?(?:(?:\s+|\s*,\s*|\s+(?:and|AND|&)\s+)\p{Lu}[\p{L}'’-]*\.?){0,6}[\s\u00a0]*$/u;
export const isByline = (line: string): boolean => line.trim().length <= 80 && BYLINE.test(line);

/** Longer than this, a first line is a paragraph, not a title. */
const MAX_TITLE = 300;

/**
 * Guesses the title of plain text: the first line that is not blank, when a blank line follows
 * it. Blank lines before it, which pasting often leaves, are skipped (the text is not changed),
 * and a line of white space or invisible characters (a non-breaking space, a BOM) is blank.
 * The span leaves such characters at the ends of the line out, so it indexes `text` exactly.
 */
export function findTitle(text: string): Span | null {
  let title: Span | null = null;
  let byline = false;
  for (let pos = 0; ; ) {
    LINE.lastIndex = pos;
    const m = LINE.exec(text)!;
    const [line, brk] = [m[1]!, m[2]!];
    const blank = BLANK_LINE.test(line);
    // A byline may sit between the title and its blank line ("Headline\nBy Jane Doe\n\nBody"),
    // as articles are often laid out: the title was lost, and with it the title's look-ups.
    if (title && !byline && !blank && brk && isByline(line)) {
      byline = true;
      pos += m[0].length;
      continue;
    }
    // The title's blank line must end in a break too: "Title\n  " is one line of text and a tail.
    if (title) return blank && brk ? title : null;
    if (!brk) return null;
    if (!blank) {
      const [start, end] = trimmedRange(text, pos, pos + line.length);
      if (end - start > MAX_TITLE) return null;
      title = { start, end };
    }
    pos += m[0].length;
  }
}
