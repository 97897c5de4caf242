import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Doc } from '../../doc/doc.ts';
import type { EntityMention } from '../../report/schema.ts';
import { chunks } from './bio.ts';
import { linkMentions, type EntityType, type Unlinked } from './link.ts';
import { loadEntityTagger, type EntityTagger } from './model.ts';

const TYPES = new Set<string>(['PER', 'ORG', 'LOC', 'MISC']);
// Names are capitalised; a sentence without a capital letter cannot hold one, so it is not tagged.
const HAS_CAPITAL = /\p{Lu}/u;

/** Tags each sentence's tokens and returns the mentions with character offsets, unlinked. */
export function findMentions(tagger: EntityTagger, doc: Doc): Unlinked[] {
  const out: Unlinked[] = [];
  for (const s of doc.sentences) {
    if (!HAS_CAPITAL.test(doc.slice(s))) continue;
    const tokens = doc.tokens.slice(s.tokenStart, s.tokenEnd);
    const tags = tagger.tagWords(tokens.map((t) => doc.slice(t)));
    for (const c of chunks(tags)) {
      if (!TYPES.has(c.type)) continue;
      const start = tokens[c.start]!.start;
      const end = tokens[c.end - 1]!.end;
      out.push({ start, end, text: doc.text.slice(start, end), type: c.type as EntityType });
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
