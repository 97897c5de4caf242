import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detached } from '../../doc/detach.ts';

/**
 * Word lists (report verbs, hedges, subjectivity clues, ...) compiled from ../shared/data at
 * training time and saved beside the model, so the runtime never needs the shared data.
 */
export type LexiconSource = Record<string, string[]>;

export class Lexicon {
  private readonly byWord = new Map<string, string[]>();

  constructor(readonly lists: LexiconSource) {
    for (const [name, words] of Object.entries(lists)) {
      for (const w of words) {
        const hit = this.byWord.get(w);
        if (hit) hit.push(name);
        else this.byWord.set(w, [name]);
      }
    }
  }

  private readonly memo = new Map<string, readonly string[]>();

  /** Lists that contain the lower-cased word, trying simple inflections when it is not listed as is. */
  lookup(lower: string): readonly string[] {
    let hit = this.memo.get(lower);
    if (hit === undefined) {
      // Bounded: news vocabularies are large but repetitive.
      if (this.memo.size >= 50_000) this.memo.clear();
      hit = this.lookupUncached(lower);
      this.memo.set(detached(lower), hit);
    }
    return hit;
  }

  /** Empties the memo of words looked up (`Component.forget`). */
  forget(): void {
    this.memo.clear();
  }

  private lookupUncached(lower: string): readonly string[] {
    const hit = this.byWord.get(lower);
    if (hit) return hit;
    for (const stem of stems(lower)) {
      const h = this.byWord.get(stem);
      if (h) return h;
    }
    return NONE;
  }

  has(list: string, lower: string): boolean {
    return this.lookup(lower).includes(list);
  }

  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.lists));
  }

  static load(path: string): Lexicon {
    return new Lexicon(JSON.parse(readFileSync(path, 'utf8')) as LexiconSource);
  }
}

const NONE: readonly string[] = Object.freeze([]);

function stems(w: string): string[] {
  const out: string[] = [];
  if (w.length > 4 && w.endsWith('ing')) out.push(w.slice(0, -3), w.slice(0, -3) + 'e');
  if (w.length > 3 && w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1));
  if (w.length > 3 && w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.length > 2 && w.endsWith('s')) out.push(w.slice(0, -1));
  if (w.length > 3 && w.endsWith('ly')) out.push(w.slice(0, -2));
  return out;
}

/** Single-word entries of a one-word-per-line list, without '#' comments. */
export function readWordList(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#') && !/\s/.test(l));
}

/** MPQA subjectivity clues (`type=strongsubj ... word1=... priorpolarity=...`), split by strength. */
export function readMpqa(path: string): { strong: string[]; weak: string[] } {
  const strong = new Set<string>();
  const weak = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const type = /type=(\w+)/.exec(line)?.[1];
    const word = /word1=(\S+)/.exec(line)?.[1]?.toLowerCase();
    if (!word || !type) continue;
    (type === 'strongsubj' ? strong : weak).add(word);
  }
  for (const w of strong) weak.delete(w);
  return { strong: [...strong], weak: [...weak] };
}

/** The Recasens et al. 2013 lists and MPQA clues under ../shared/data/lexicons. */
export function readSharedLexicons(dataDir: string): LexiconSource {
  const rec = (f: string) => readWordList(join(dataDir, 'lexicons/recasens2013-bias', f));
  const mpqa = readMpqa(join(dataDir, 'lexicons/mpqa-subjectivity-clues/subjclueslen1-HLTEMNLP05.tff'));
  return {
    report: rec('report_verbs.txt'),
    hedge: rec('hedges_hyland2005.txt'),
    factive: rec('factives_hooper1975.txt'),
    assertive: rec('assertives_hooper1975.txt'),
    implicative: rec('implicatives_karttunen1971.txt'),
    bias: rec('bias-lexicon.txt'),
    strongsubj: mpqa.strong,
    weaksubj: mpqa.weak,
  };
}
