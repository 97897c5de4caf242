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
 *
 * Each rule looks its candidates up in an index (an entity's words, type, acronym and surname
 * never change once it is made) instead of trying every earlier entity in turn, which made a
 * long text quadratic: 67% of the entities component's 18 s on a 4 MB text (a throwaway profile).
 */
export function linkMentions(mentions: readonly Unlinked[]): EntityMention[] {
  const entities: Entity[] = [];
  /** The latest entity with a mention of this text. */
  const byText = new Map<string, number>();
  /** Entities by each of their words, by acronym (of 2+ words), and people of 2+ words by surname; ids ascending. */
  const byWord = new Map<string, number[]>();
  const byAcronym = new Map<string, number[]>();
  const bySurname = new Map<string, number[]>();
  const push = (index: Map<string, number[]>, key: string, id: number) => {
    const list = index.get(key);
    if (list) list.push(id);
    else index.set(key, [id]);
  };
  /** The latest entity of `ids` that `ok` accepts, or -1. */
  const latest = (ids: number[] | undefined, ok: (e: Entity) => boolean) => {
    if (ids) for (let k = ids.length - 1; k >= 0; k--) if (ok(entities[ids[k]!]!)) return ids[k]!;
    return -1;
  };
  const ordered = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const linked = ordered.map((m) => {
    const words = wordsOf(m.text);
    const key = words.join(' ');
    const single = words.length === 1;
    const found = Math.max(
      byText.get(key) ?? -1,
      words.length ? latest(byWord.get(words[0]!), (e) => e.type === m.type && words.every((w) => e.words.has(w))) : -1,
      single ? latest(byAcronym.get(words[0]!), (e) => e.type === m.type) : -1,
      single ? (bySurname.get(words[0]!)?.at(-1) ?? -1) : -1,
    );
    let match = found >= 0 ? entities[found]! : undefined;
    if (!match) {
      match = { id: entities.length, type: m.type, words: new Set(words), acronym: acronymOf(words), texts: new Set(), votes: new Map() };
      entities.push(match);
      for (const w of match.words) push(byWord, w, match.id);
      if (match.words.size > 1) {
        push(byAcronym, match.acronym, match.id);
        if (match.type === 'PER') push(bySurname, [...match.words].at(-1)!, match.id);
      }
    }
    match.texts.add(key);
    byText.set(key, Math.max(byText.get(key) ?? -1, match.id));
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
