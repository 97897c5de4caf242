import type { CasingLexicon } from './casing.ts';

/**
 * CRF features of a token sequence. They use only the words (no POS tags), so the same
 * features serve CoNLL training files and wink-nlp tokens of analysed articles.
 */

// Typography that news sites use and Reuters' CoNLL text does not.
const TYPO: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2013': '-', '\u2014': '--', '\u2212': '-', '\u00a0': ' ',
};
const TYPO_RE = /[\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2212\u00a0]/g;

/** Maps curly quotes and dashes to the ASCII forms the training data uses. */
export const normalizeWord = (w: string): string => (/[^\x00-\x7f]/.test(w) ? w.replace(TYPO_RE, (c) => TYPO[c]!) : w);

// Words that announce a person's name ("Gen. Ivan Sidorov", "President Obama"). Lower-cased, no dot.
const TITLES = new Set(
  ('mr mrs ms miss dr prof sir lord lady gen general col colonel maj major capt captain lt lieutenant sgt ' +
    'adm admiral president vice premier minister chancellor secretary senator sen rep gov governor mayor ' +
    'judge justice king queen prince princess pope cardinal bishop archbishop rev father sheikh ayatollah ' +
    'ambassador commander chairman chairwoman spokesman spokeswoman coach striker midfielder defender ' +
    'goalkeeper st saint')
    .split(' '),
);

// Last words of organisation names ("Gazprom Bank", "Acme Corp").
const ORG_WORDS = new Set(
  ('inc corp corporation co ltd plc llc ag sa nv gmbh group bank party ministry council committee commission ' +
    'agency association union university college institute federation club fc court army navy police ' +
    'parliament assembly congress senate organisation organization foundation fund trust board office ' +
    'department service services news times post press airlines holdings industries international')
    .split(' '),
);

// Words inside place names ("Gulf of Aden", "Kherson Oblast").
const LOC_WORDS = new Set(
  'street avenue road square river lake mountains mount sea ocean gulf bay island islands city province oblast region state county district valley strait peninsula'
    .split(' '),
);

/** Word shape with runs collapsed: "Sidorov" -> "Xx", "NATO" -> "X", "1996-08-22" -> "d-d-d". */
export function shape(w: string): string {
  let out = '';
  let last = '';
  for (const ch of w) {
    const c = ch >= 'A' && ch <= 'Z' ? 'X' : ch >= 'a' && ch <= 'z' ? 'x' : ch >= '0' && ch <= '9' ? 'd'
      : ch.toLowerCase() !== ch.toUpperCase() ? (ch === ch.toUpperCase() ? 'X' : 'x') : ch;
    if (c !== last) out += c;
    last = c;
  }
  return out.length > 6 ? out.slice(0, 6) : out;
}

const lowerKey = (w: string) => w.toLowerCase().replace(/[0-9]/g, '0');

/** Feature templates; a CRF attribute is written `template=value` (flags have an empty value). */
export const TEMPLATES = [
  'b', 'w', 'sh', 's3', 's2', 'p3', 'w-1', 'w+1', 'w-2', 'w+2', 'sh-1', 'sh+1', 'w-1w', 'ww+1', 's4',
  'first', 'capsline', 'title-1', 'title', 'org+1', 'org', 'loc+1', 'loc', 'cp', 'cp-1', 'cp+1',
] as const;
const T = Object.fromEntries(TEMPLATES.map((name, i) => [name, i])) as Record<(typeof TEMPLATES)[number], number>;

/** A feature as [template index, value]. */
export type Feature = readonly [number, string];

/**
 * Everything one word contributes, by the token it lands on: itself, or a neighbour one or two
 * places before or after it. Context features depend only on the neighbouring word, so a
 * tagger can cache these per distinct word.
 */
export interface WordRoles {
  own: Feature[];
  /** Lands on the next token (this word is its left neighbour). */
  toNext: Feature[];
  toNext2: Feature[];
  /** Lands on the previous token (this word is its right neighbour). */
  toPrev: Feature[];
  toPrev2: Feature[];
}

const bareOf = (l: string) => (l.endsWith('.') && l.length > 1 ? l.slice(0, -1) : l);

const STARTS_WITH_LETTER = /^\p{L}/u;
const STARTS_UPPER = /^\p{Lu}/u;

/** Features of one normalised word (see normalizeWord) in every role. */
export function wordRoles(word: string, casing: CasingLexicon): WordRoles {
  const l = lowerKey(word);
  const sh = shape(word);
  const bare = bareOf(l);
  // The bias feature rides with the word's own features: every token has exactly one of each.
  const own: Feature[] = [[T.b, ''], [T.w, l], [T.sh, sh], [T.s3, l.slice(-3)], [T.s2, l.slice(-2)], [T.p3, l.slice(0, 3)]];
  if (l.length > 3) own.push([T.s4, l.slice(-4)]);
  if (TITLES.has(bare)) own.push([T.title, '']);
  if (ORG_WORDS.has(bare)) own.push([T.org, '']);
  if (LOC_WORDS.has(bare)) own.push([T.loc, '']);
  const toNext: Feature[] = [[T['w-1'], l], [T['sh-1'], sh]];
  if (TITLES.has(bare)) toNext.push([T['title-1'], '']);
  const toPrev: Feature[] = [[T['w+1'], l], [T['sh+1'], sh]];
  if (ORG_WORDS.has(bare)) toPrev.push([T['org+1'], '']);
  if (LOC_WORDS.has(bare)) toPrev.push([T['loc+1'], '']);
  if (STARTS_WITH_LETTER.test(word)) {
    // Usual casing joined with the casing here: "Anna" first in a sentence reads C/U, "The" L/U.
    const cp = (casing.get(l) ?? '?') + (STARTS_UPPER.test(word) ? 'U' : 'l');
    own.push([T.cp, cp]);
    toNext.push([T['cp-1'], cp]);
    toPrev.push([T['cp+1'], cp]);
  }
  return { own, toNext, toNext2: [[T['w-2'], l]], toPrev, toPrev2: [[T['w+2'], l]] };
}

/** What the sentence edges contribute, as if they were words. */
export const BOS: WordRoles = { own: [], toNext: [[T['w-1'], '<s>'], [T['sh-1'], '<s>']], toNext2: [[T['w-2'], '<s>']], toPrev: [], toPrev2: [] };
export const EOS: WordRoles = { own: [], toNext: [], toNext2: [], toPrev: [[T['w+1'], '</s>'], [T['sh+1'], '</s>']], toPrev2: [[T['w+2'], '</s>']] };

/** The lower-cased key that word-pair features use, '<s>'/'</s>' beyond the edges. */
export const pairKey = (left: string, right: string): string => left + '|' + right;
export const lowerOf = lowerKey;

/** Features that hold for the whole sentence or the token's position in it. */
export function positionFeatures(words: readonly string[]): { capsLine: boolean } {
  // A sentence written in capitals (a headline or dateline) makes casing uninformative.
  let letters = 0;
  for (const w of words) {
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      if (c >= 97 && c <= 122) return { capsLine: false };
      if (c >= 65 && c <= 90) letters++;
    }
  }
  return { capsLine: letters > 8 };
}

export const TEMPLATE = T;

/** CRFsuite attribute strings per word, for training; taggers must sum the same features. */
export function wordFeatures(words: readonly string[], casing: CasingLexicon): string[][] {
  const n = words.length;
  const roles = words.map((w) => wordRoles(w, casing));
  const low = words.map(lowerKey);
  const { capsLine } = positionFeatures(words);
  const out: string[][] = [];
  const put = (f: string[], list: readonly Feature[]) => {
    for (const [t, v] of list) f.push(TEMPLATES[t] + '=' + v);
  };
  for (let i = 0; i < n; i++) {
    const f: string[] = [];
    put(f, roles[i]!.own);
    put(f, (i > 0 ? roles[i - 1]! : BOS).toNext);
    put(f, (i > 1 ? roles[i - 2]! : BOS).toNext2);
    put(f, (i + 1 < n ? roles[i + 1]! : EOS).toPrev);
    put(f, (i + 2 < n ? roles[i + 2]! : EOS).toPrev2);
    f.push('w-1w=' + pairKey(i > 0 ? low[i - 1]! : '<s>', low[i]!));
    f.push('ww+1=' + pairKey(low[i]!, i + 1 < n ? low[i + 1]! : '</s>'));
    if (i === 0) f.push('first=');
    if (capsLine) f.push('capsline=');
    out.push(f);
  }
  return out;
}
