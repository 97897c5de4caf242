import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Doc } from '../../doc/doc.ts';
import type { EntityMention } from '../../report/schema.ts';
import { chunks } from './bio.ts';
import { linkMentions, type EntityType, type Unlinked } from './link.ts';
import { loadEntityTagger, type EntityTagger } from './model.ts';
import type { CasingLexicon } from './casing.ts';
import { lowerOf } from './features.ts';

const TYPES = new Set<string>(['PER', 'ORG', 'LOC', 'MISC']);
// Names are capitalised; a sentence without a capital letter cannot hold one, so it is not tagged.
const HAS_CAPITAL = /\p{Lu}/u;

/** Small words a Title Case headline may leave in lower case ("of", "to", "in"). */
const SMALL = new Set(['a', 'an', 'the', 'and', 'but', 'or', 'nor', 'for', 'of', 'in', 'on', 'at', 'to', 'by', 'as', 'up', 'vs', 'with', 'from']);

/** The words of a text, as a Title Case test counts them. */
const WORDS = /[\p{L}][\p{L}'’-]*/gu;

/**
 * The number of words of a Title Case title (every word but small ones capitalised), or null. In such
 * a title capitals tell nothing, and the tagger, trained on text where they do, took 11 of 12
 * invented Title Case headlines whole for one organisation ("Appeals Court Upholds Ruling
 * Against Water Company Over River Pollution"; an audit).
 */
function titleCaseWords(doc: Doc): number | null {
  if (!doc.title) return null;
  const words = doc.slice(doc.title).match(WORDS) ?? [];
  const big = words.filter((w) => !SMALL.has(w.toLowerCase()));
  return big.length >= 4 && big.every((w) => /^\p{Lu}/u.test(w)) ? words.length : null;
}

/**
 * Whether a mention in a Title Case title of `titleWords` words can be a name. One of more than
 * half the title's words is not: a name that long fills a headline only when the tagger read the
 * capitals as one name. Nor is one whose every word news writes in lower case mid-sentence
 * ("Officials Admit" in "SHOCKING: Officials Admit 5G Towers Were Switched On"; `CasingLexicon`).
 */
function titleName(casing: CasingLexicon, text: string, titleWords: number): boolean {
  const words = text.match(WORDS) ?? [];
  return words.length * 2 <= titleWords && !words.every((w) => casing.get(lowerOf(w)) === 'L');
}

/**
 * Tags each sentence's tokens and returns the mentions with character offsets, unlinked. In a
 * Title Case title, a mention that cannot be a name there (`titleName`) is dropped.
 */
export function findMentions(tagger: EntityTagger, doc: Doc): Unlinked[] {
  const titleWords = titleCaseWords(doc);
  const out: Unlinked[] = [];
  for (const s of doc.sentences) {
    if (!HAS_CAPITAL.test(doc.slice(s))) continue;
    const tokens = doc.tokens.slice(s.tokenStart, s.tokenEnd);
    const tags = tagger.tagWords(tokens.map((t) => doc.slice(t)));
    for (const c of chunks(tags)) {
      if (!TYPES.has(c.type)) continue;
      const start = tokens[c.start]!.start;
      const end = tokens[c.end - 1]!.end;
      const text = doc.text.slice(start, end);
      if (titleWords && doc.title && start >= doc.title.start && end <= doc.title.end && !titleName(tagger.casing, text, titleWords)) continue;
      out.push({ start, end, text, type: c.type as EntityType });
    }
  }
  return out;
}

/** People, organisations, places and other names (MISC: nationalities, events...), linked into entities. */
export function entitiesComponent(tagger: EntityTagger): Component<'entities', EntityMention[]> {
  return {
    name: 'entities',
    assigns: 'entities',
    predict: (doc) => linkMentions(findMentions(tagger, doc)),
    forget: () => tagger.forget(),
  };
}

export async function loadEntities(opts: LoadOptions) {
  return entitiesComponent(await loadEntityTagger(opts.modelDir));
}
