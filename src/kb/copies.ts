import { getMeta, setMeta, type DB, type Entry } from './db.ts';
import { fold } from './text.ts';

/*
 * Entries a catalogue files more than once. Snopes lists 179 fact-checks twice and one three
 * times under different ids, claim and title differing at most in quote marks (EUvsDisinfo has 21
 * such cases, the Ukraine-war set 3, PolitiFact 1). A search showed both
 * copies, taking two of five places, and with scores far apart when a training tweet had been
 * labelled with one copy (the query memory): 0.87 and 0.48 for one fact-check. Copies are one item:
 * a search shows it once, under the copy filed first, scored by its best-scored copy, and names
 * the other ids (`Match.copies`).
 */

/** What makes two entries copies: the same catalogue, and the same text, verdict, speaker and date up to case and quote marks. */
export function copyKey(e: Entry): string {
  const norm = (s: string | null | undefined) => fold(s ?? '').replace(/["'‘’“”«»`´]/g, '').replace(/\s+/g, ' ').trim();
  return [e.kb, e.title, e.claim, e.summary, e.disproof, e.verdict, e.speaker, e.date].map(norm).join('\u0001');
}

/** Groups of copies (each in catalogue order, first filed first), computed from every entry. */
export function findCopies(db: DB): number[][] {
  const byKey = new Map<string, number[]>();
  for (const e of db.prepare('SELECT * FROM entries ORDER BY rid').iterate() as Iterable<Entry & { rid: number }>) {
    const key = copyKey(e);
    const group = byKey.get(key);
    if (group) group.push(e.rid);
    else byKey.set(key, [e.rid]);
  }
  return [...byKey.values()].filter((g) => g.length > 1);
}

/** The groups of copies of a KB, by row id; `refreshStats` stores them beside the index statistics. */
export class Copies {
  private readonly groupOf = new Map<number, readonly number[]>();

  constructor(groups: readonly (readonly number[])[]) {
    for (const g of groups) for (const rid of g) this.groupOf.set(rid, g);
  }

  /** The entry's group (itself and its copies, first filed first), or undefined when it has none. */
  of(rid: number): readonly number[] | undefined {
    return this.groupOf.get(rid);
  }

  get size(): number {
    return this.groupOf.size;
  }

  save(db: DB): void {
    setMeta(db, 'copies', JSON.stringify([...new Set(this.groupOf.values())]));
  }

  /** A KB built before copies were recorded has none recorded: each entry stands alone, as then. */
  static load(db: DB): Copies {
    const raw = getMeta(db, 'copies');
    return new Copies(typeof raw === 'string' ? (JSON.parse(raw) as number[][]) : []);
  }

  static compute(db: DB): Copies {
    return new Copies(findCopies(db));
  }
}

/**
 * One place per item in a list ordered best first: the first copy met keeps the group's place
 * (it is the best-scored one), shown as the group's first-filed entry not in `exclude`; later
 * copies are dropped. Returns, in order, each kept index with the row id to show and the other
 * copies' row ids.
 */
export function foldCopies(rids: readonly number[], copies: Copies, exclude?: ReadonlySet<number>): Array<{ index: number; rid: number; others: number[] }> {
  const seen = new Set<readonly number[]>();
  const out: Array<{ index: number; rid: number; others: number[] }> = [];
  rids.forEach((rid, index) => {
    const group = copies.of(rid);
    if (!group) return void out.push({ index, rid, others: [] });
    if (seen.has(group)) return;
    seen.add(group);
    const shown = group.find((r) => !exclude?.has(r)) ?? rid;
    out.push({ index, rid: shown, others: group.filter((r) => r !== shown && !exclude?.has(r)) });
  });
  return out;
}
