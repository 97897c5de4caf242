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
}

/**
 * Gives mentions of one entity one id. A mention joins the most recent earlier entity when:
 * its text repeats one of that entity's mentions (then it also takes that entity's type, since
 * a name keeps its meaning within one article); or it has the same type and its words are a
 * subset of the entity's words ("Sidorov" after "Ivan Sidorov"); or it is the entity's acronym
 * ("EU" after "European Union"). A single word that is the surname of an earlier person joins
 * that person even when the tagger typed it otherwise. Ids count from 0 in order of first mention.
 */
export function linkMentions(mentions: readonly Unlinked[]): EntityMention[] {
  const entities: Entity[] = [];
  const ordered = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  return ordered.map((m) => {
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
      match = { id: entities.length, type: m.type, words: new Set(words), acronym: acronymOf(words), texts: new Set() };
      entities.push(match);
    }
    match.texts.add(key);
    return { ...m, type: match.type, entity: match.id };
  });
}
