import type { EntityMention } from '../../report/schema.ts';

export type EntityType = EntityMention['type'];
export type Unlinked = Omit<EntityMention, 'entity'>;

// Small words that acronyms and short names leave out ("Bank of England" -> "BoE", "the Kremlin").
const FILLER = new Set(['of', 'the', 'for', 'and', 'de', 'la', 'le', 'del', 'von', 'van', 'der', '&']);

const wordsOf = (text: string): string[] =>
  text
    .replace(/['\u2019]s$/i, '')
    .split(/[^\p{L}\p{N}&]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

/** "European Union" -> "eu"; "Bank of England" -> "be". */
const acronymOf = (words: string[]): string => words.filter((w) => !FILLER.has(w)).map((w) => w[0]).join('');

interface Entity {
  id: number;
  type: EntityType;
  words: Set<string>;
  acronym: string;
  texts: Set<string>;
  /** Mentions per tagged type, for the majority vote. */
  votes: Map<EntityType, number>;
}

/**
 * Gives mentions of one entity one id. A mention joins the most recent earlier entity when:
 * its text repeats one of that entity's mentions; or it has the same type and its words are a
 * subset of the entity's words ("Sidorov" after "Ivan Sidorov"); or it is the entity's acronym
 * ("EU" after "European Union"); or it is one word, the surname of an earlier person, whatever
 * type the tagger gave it. A name keeps one meaning within an article, so all mentions of an
 * entity then take the type most of them were tagged with (the first mention's on a tie):
 * one mistyped mention does not decide. Ids count from 0 in order of first mention.
 */
export function linkMentions(mentions: readonly Unlinked[]): EntityMention[] {
  const entities: Entity[] = [];
  const ordered = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const linked = ordered.map((m) => {
    const words = wordsOf(m.text);
    const key = words.join(' ');
    const single = words.length === 1;
    let match: Entity | undefined;
    for (let k = entities.length - 1; k >= 0 && !match; k--) {
      const e = entities[k]!;
      if (e.texts.has(key)) match = e;
      else if (e.type === m.type && words.length && words.every((w) => e.words.has(w))) match = e;
      else if (e.type === m.type && single && e.words.size > 1 && words[0] === e.acronym) match = e;
      else if (e.type === 'PER' && single && e.words.size > 1 && [...e.words].at(-1) === words[0]) match = e;
    }
    if (!match) {
      match = { id: entities.length, type: m.type, words: new Set(words), acronym: acronymOf(words), texts: new Set(), votes: new Map() };
      entities.push(match);
    }
    match.texts.add(key);
    match.votes.set(m.type, (match.votes.get(m.type) ?? 0) + 1);
    return { ...m, entity: match.id };
  });
  const typeOf = entities.map((e) => {
    let best = e.type;
    for (const [t, n] of e.votes) if (n > e.votes.get(best)!) best = t;
    return best;
  });
  return linked.map((m) => ({ ...m, type: typeOf[m.entity]! }));
}
