/*
 * Text normalisation shared by indexing, querying and the re-ranker features. Queries are often
 * tweets or article sentences, so links, handles and tweet signatures are noise to drop.
 */

const STOP = new Set(
  ('a an the and or but if of at by for with about against between into through during before after above below to from up down in out on off over under ' +
    'again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very ' +
    's t can will just don should now i me my we our you your he him his she her it its they them their what which who whom this that these those am is are ' +
    'was were be been being have has had having do does did doing would could ought im youre hes shes its were theyre ive youve weve theyve id youd hed ' +
    'shed wed theyd ill youll hell shell well theyll isnt arent wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant cannot ' +
    'couldnt mustnt lets thats whos whats heres theres whens wheres whys hows also via rt amp said says say new one get got like').split(' '),
);

/** What `cleanQuery` removes or splits needs one of these: a hashtag, a handle (or signature), a link. */
const NEEDS_CLEANING = /[#@]|https?:\/\/|\bwww\.|pic\.twitter\.com/;
/** Whitespace other than single spaces: what collapsing whitespace would change (besides the ends). */
const ODD_SPACE = /\s\s|[^\S ]/;

/** Removes links, pic.twitter.com references, the "— Name (@handle) Date" tweet signature, and splits hashtags. */
export function cleanQuery(text: string): string {
  // Most article sentences have none of these; every look-up cleans its text several times.
  // And most have single spaces only: `/\s+/g` would rewrite every one of them (a fifth of what
  // reading a sentence's words cost), so the text is tested first.
  if (!NEEDS_CLEANING.test(text)) return ODD_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
  return text
    .replace(/(^|\s)[—–-]+\s([^—–()]{0,60}?)\s*\(@\w+\)\s+[A-Z][a-z]+ \d{1,2}, \d{4}/gu, ' $2. ')
    .replace(/https?:\/\/\S+|pic\.twitter\.com\/\S+|\bwww\.\S+/g, ' ')
    .replace(/#(\w+)/g, (_, tag: string) => tag.replace(/([a-z])([A-Z])/g, '$1 $2'))
    .replace(/@(\w+)/g, (_, handle: string) => handle.replace(/([a-z])([A-Z])/g, '$1 $2'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The year the tweet signature dates the text to, when there is one. */
export function signatureYear(text: string): number | null {
  const m = /\(@\w+\)\s+\w+ \d{1,2}, (\d{4})\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

export const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Text with no letters or digits outside ASCII: its words are found without Unicode tables. */
const ASCII_WORDS = /^[\x00-\x7f‘’“”–—…\u00a0]*$/;

/*
 * Word forms. The catalogues write one thing several ways ("biolabs", "bio-labs", "biological
 * laboratories", "bioweapons" / "biological weapons"; "Kiev" / "Kyiv", "Lugansk" / "Luhansk"),
 * and a claim in one form shared no word with a case in another. Words and names are read in one
 * form: the long one, and a Ukrainian place by its Ukrainian spelling. A closed list, written
 * here: the forms seen in the knowledge base's cases (models/narratives/NOTES.md, Word forms); no maintained
 * English package maps clipped words, compounds and transliterations.
 */

/** Clipped words, compounds and transliterations, by the words they stand for (lower case, after tokenising). */
const FORMS = new Map<string, string[]>(
  Object.entries({
    // Older cases write Russian transliterations (80 say "Kiev", 382 "Kyiv"); "kievs" is "Kiev's" without its apostrophe.
    kiev: 'kyiv',
    kievs: 'kyivs',
    odessa: 'odesa',
    kharkov: 'kharkiv',
    lugansk: 'luhansk',
    donbass: 'donbas',
    nikolaev: 'mykolaiv',
    lvov: 'lviv',
    gorlovka: 'horlivka',
    slavyansk: 'sloviansk',
    vinnitsa: 'vinnytsia',
    zaporozhye: 'zaporizhzhia',
    dnepropetrovsk: 'dnipropetrovsk',
    dniepropetrovsk: 'dnipropetrovsk',
    bio: 'biological',
    lab: 'laboratory',
    labs: 'laboratories',
    biolab: 'biological laboratory',
    biolabs: 'biological laboratories',
    biolaboratory: 'biological laboratory',
    biolaboratories: 'biological laboratories',
    bioweapon: 'biological weapon',
    bioweapons: 'biological weapons',
  }).map(([k, v]) => [k, v.split(' ')]),
);

/*
 * Countries and groups named several ways. Lower-cased, "US" is the pronoun "us", a stop word, so
 * a claim about "the US" lost its subject (1,602 EUvsDisinfo cases say "US"), and "U.S.", "USA",
 * "United States", "America" and "American" never met it; "Britain" never met "UK", "European
 * Union" "EU", nor "Daesh" "ISIS". Each is read in one form, before lower-casing, as words and as
 * names. A bare "US" only when the text is not written in capitals, where it may be the pronoun
 * ("TELL US"); "America" not after "Latin", "South", "North" or "Central". A closed list, like
 * `FORMS`; models/narratives/NOTES.md, "Names in one form".
 */
const ALIASES = new RegExp(
  [
    String.raw`\bU\.S\.(?:A\.?)?|\bU\.S\b|\bUSA\b|\bUS\b|\bUnited States(?: of America)?\b`,
    String.raw`(?<!\b(?:Latin|South|North|Central) )\bAmerica\b|\bAmericans?\b`,
    String.raw`\bEuropean Union\b`,
    String.raw`\b(?:United Kingdom|Great Britain|Britain)\b`,
    String.raw`\b(?:Islamic State(?: of Iraq and (?:Syria|the Levant))?|ISIL|Daesh|DAESH)\b`,
  ].join('|'),
  'g',
);
/** One test before the pattern: most sentences name none of them. */
const MAY_ALIAS = /U\.?S|United|European Union|Britain|Islamic State|ISIL|Daesh|DAESH|America/;

/** The one form of a name `ALIASES` found. */
function aliasForm(m: string): string {
  if (m === 'European Union') return 'EU';
  if (m.endsWith('Britain') || m === 'United Kingdom') return 'UK';
  if (m.startsWith('Islamic') || m === 'ISIL' || m === 'Daesh' || m === 'DAESH') return 'ISIS';
  return 'USA';
}

/** The text with each name `ALIASES` finds written in its one form; one pass. */
function aliasesInOneForm(s: string): string {
  if (!MAY_ALIAS.test(s)) return s;
  // Whether the text is in capitals is read once, and only when a bare "US" asks: a long text
  // full of "US" would otherwise count its capitals once per occurrence.
  let caps: boolean | undefined;
  return s.replace(ALIASES, (m) => (m === 'US' && (caps ??= shouting(s)) ? m : aliasForm(m)));
}

/** More capitals than small letters: a headline in capitals, where "US" may be the pronoun. */
const shouting = (s: string): boolean => (s.match(/[A-Z]/g)?.length ?? 0) > (s.match(/[a-z]/g)?.length ?? 0);

/** Tokens with each word of `FORMS` (a clipped word, a compound, a transliteration) replaced by the form it is read in. */
function inOneForm(tokens: string[]): string[] {
  let out: string[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const form = FORMS.get(tokens[i]!);
    if (form) (out ??= tokens.slice(0, i)).push(...form);
    else out?.push(tokens[i]!);
  }
  return out ?? tokens;
}

/** Lower-cased word tokens without diacritics, in one form (`FORMS`); apostrophes dropped so "don't" is "dont". */
export function words(s: string): string[] {
  return inOneForm(tokens(s));
}

function tokens(s: string): string[] {
  return rawTokens(aliasesInOneForm(s));
}

/** Lower-cased word tokens as the text writes them: as FTS5's tokenizer reads it. */
function rawTokens(s: string): string[] {
  // The same tokens for ASCII text (curly quotes and dashes are neither letters nor digits), in
  // a third of the time: every sentence an article looks up passes through here.
  if (ASCII_WORDS.test(s)) return s.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? [];
  return fold(s).replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * What the search index is given beside an entry's text: the forms `FORMS` reads its words in,
 * where the text has another, so that FTS5 (which tokenises the text itself) finds "biolabs" for
 * a claim that says "biological laboratories", "Kiev" for one that says "Kyiv", and the other
 * way round. Empty for most.
 */
export function otherForms(s: string): string {
  const seen = new Set(rawTokens(s));
  return [...new Set(inOneForm(tokens(s)).filter((w) => !seen.has(w)))].join(' ');
}

/**
 * A crude suffix stripper: enough to let "elections" meet "election" in overlap features.
 * `wordKey` (keys.ts) applies the same rules to a word's last letters: change both
 * (keys.test.ts compares them).
 */
export function stem(w: string): string {
  if (w.length <= 4 || /\d/.test(w)) return w;
  return w.replace(/(ies|ied)$/, 'y').replace(/(ing|ed|es|s|ly)$/, '');
}

export const isContentWord = (w: string): boolean => !STOP.has(w) && (w.length > 1 || /\d/.test(w));
export const contentWords = (s: string): string[] => words(s).filter(isContentWord);

/** Numbers as written, normalised: "1,000" and "1000" meet; "70%" keeps its value. */
export function numbers(s: string): Set<string> {
  return new Set((s.match(/\d[\d,.]*\d|\d/g) ?? []).map((n) => n.replace(/,/g, '').replace(/\.0+$/, '')));
}

/** Capitalised words that do not start a sentence: a cheap stand-in for named entities. */
export function names(s: string): Set<string> {
  const out = new Set<string>();
  s = aliasesInOneForm(s);
  // ASCII text (most of it) is read with ASCII classes, faster than Unicode property escapes.
  const ascii = ASCII_WORDS.test(s);
  const re = ascii ? /(^|[^.!?:"“]\s+)([A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)*)/g : /(^|[^.!?:"“]\s+)([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)*)/gu;
  for (const m of s.matchAll(re)) {
    for (const w of m[2]!.split(/\s+/)) {
      if (STOP.has(w.toLowerCase())) continue;
      const name = (ascii ? w.toLowerCase() : fold(w)).replace(/['’]s?$/, '');
      // In the form `words` reads it ("Kiev" -> "kyiv"), so that the name rule compares like with like.
      for (const n of FORMS.get(name) ?? [name]) out.add(n);
    }
  }
  return out;
}

/**
 * Whether a text mentions one of an entry's names: as a word, as a word that shares its first
 * five letters, or all of a 4-letter one ("Ukraine" / "Ukrainian", "West" / "Western"), or one
 * letter off for longer names ("Aidar" / "Aydar"; 5+ letters).
 */
export function mentionsAnyName(textWords: readonly string[], entryNames: readonly string[]): boolean {
  return entryNames.some((n) => textWords.some((w) => isNameOf(w, n)));
}

/**
 * Whether word `w` names what name `n` does, as `mentionsAnyName` reads them ("ukrainian" /
 * "ukraine"), or stands for it (`STANDS_FOR`: "Sofia" / "Bulgaria", "Polish" / "Poland").
 */
export const isNameOf = (w: string, n: string): boolean => {
  if (sameName(w, n)) return true;
  const ws = STANDS_FOR.get(w), ns = STANDS_FOR.get(n);
  return (!!ws && ws.some((x) => sameName(x, n))) || (!!ns && ns.some((x) => sameName(w, x)));
};

const sameName = (w: string, n: string): boolean =>
  w === n ||
  (Math.min(w.length, n.length) >= 4 && sharedStart(w, n) >= Math.min(5, w.length, n.length)) ||
  (n.length >= 5 && oneEditApart(w, n));

/*
 * Names that stand for a country in news: its capital or seat of power ("Sofia urged Kyiv" for
 * "Bulgaria called on Ukraine", "the Kremlin" for Russia), and the adjectives and peoples that
 * do not share their first five letters with it ("Polish", "French", "Turks"). A closed list of
 * the countries and blocs the catalogues write about, in the one form `words` and `names` read
 * them (US "usa", Britain "uk", European Union "eu"). Read by the name rule and the cover only
 * (a name in another form counts as shared); not by the search index nor the re-ranker.
 * models/narratives/NOTES.md, "Capitals for countries".
 */
const STANDS_FOR = new Map<string, string[]>(
  Object.entries({
    moscow: 'russia', kremlin: 'russia', kyiv: 'ukraine', washington: 'usa', london: 'uk', brussels: 'eu belgium',
    berlin: 'germany', paris: 'france', warsaw: 'poland', vilnius: 'lithuania', riga: 'latvia', tallinn: 'estonia',
    minsk: 'belarus', tbilisi: 'georgia', chisinau: 'moldova', sofia: 'bulgaria', bucharest: 'romania', budapest: 'hungary',
    prague: 'czech', bratislava: 'slovakia', helsinki: 'finland', stockholm: 'sweden', oslo: 'norway', copenhagen: 'denmark',
    beijing: 'china', ankara: 'turkey', tehran: 'iran', damascus: 'syria', belgrade: 'serbia', rome: 'italy', madrid: 'spain',
    vienna: 'austria', athens: 'greece', ottawa: 'canada', tokyo: 'japan', yerevan: 'armenia', baku: 'azerbaijan',
    pristina: 'kosovo', skopje: 'macedonia', podgorica: 'montenegro', sarajevo: 'bosnia', zagreb: 'croatia', ljubljana: 'slovenia',
    kabul: 'afghanistan', baghdad: 'iraq', tripoli: 'libya', caracas: 'venezuela', havana: 'cuba', pyongyang: 'korea',
    polish: 'poland', poles: 'poland', french: 'france', british: 'uk', brits: 'uk', dutch: 'netherlands',
    swedish: 'sweden', swedes: 'sweden', danish: 'denmark', danes: 'denmark', finnish: 'finland', finns: 'finland',
    norwegian: 'norway', norwegians: 'norway', turkish: 'turkey', turks: 'turkey', spanish: 'spain', greek: 'greece',
    greeks: 'greece', chinese: 'china', swiss: 'switzerland', italian: 'italy', italians: 'italy', irish: 'ireland',
  }).map(([k, v]) => [k, v.split(' ')]),
);

function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Levenshtein distance at most 1. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0, j = 0, edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

const NEG = /\b(not|no|never|none|nobody|nothing|neither|nor|without|deny|denies|denied|false|fake|hoax|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|won'?t|can'?t|cannot)\b/i;
export const hasNegation = (s: string): boolean => NEG.test(s);

/** Character n-grams (3 to 5) of the word-normalised text, padded at word edges. */
export function charNgrams(s: string, lo = 3, hi = 5): Map<string, number> {
  const out = new Map<string, number>();
  const t = ` ${contentWords(s).join(' ')} `;
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= t.length; i++) {
      const g = t.slice(i, i + n);
      if (g.trim().length < 2) continue;
      out.set(g, (out.get(g) ?? 0) + 1);
    }
  }
  return out;
}

/** The FTS5 query for a text: its distinct content words, quoted, OR-ed. */
export function ftsQuery(text: string, max = 64): string | null {
  const ws = [...new Set(contentWords(text))].slice(0, max);
  return ws.length ? ws.map((w) => `"${w}"`).join(' OR ') : null;
}

/**
 * Reporting verbs that frame a claim as someone's words. A closed class of English verbs, listed
 * here rather than read from the attributions model, which the knowledge base does not load.
 */
const REPORTING = 'said|says|claimed|claims|argued|argues|wrote|writes|suggested|suggests|warned|warns|alleged|alleges|insisted|insists|asserted|asserts|reported|reports|stated|states|added|adds|noted|notes|told|tells|explained|explains|complained|complains|declared|declares|maintained|maintains|announced|announces|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|believes|believed|thinks|thought|concluded|concludes|revealed|reveals|admitted|admits|charged|charges|contended|contends|observed|observes|remarked|remarks|tweeted|tweets|posted|posts|commented|comments|predicted|predicts|accused|accuses';
const W = String.raw`[\p{L}\p{N}'’.-]+`;
/** A word of who reports: not one that opens a clause of its own ("..., while the council argues about parking"). */
const SPEAKER_WORD = String.raw`(?:(?!(?:while|and|but|as|because|although|though|which|who|whom|whose|that|when|where|if|since|so|yet|or|whereas|then)\b)${W})`;
/** What may follow the verb: when or where it was said ("on Sunday", "in an interview"). */
const WHEN = String.raw`(?:\s+(?:on|in|at|during|last|this|earlier|later|yesterday|today|recently)(?:\s+${W}){0,3})?`;
/** Verbs of telling, whose listeners may follow ("told viewers", "assured reporters"). */
const TELLING = 'told|tells|assured|assures|reminded|reminds|informed|informs|promised|promises';
/** The verb, or a verb of telling and up to three words of whom it told. */
const VERB = String.raw`(?:(?:${TELLING})(?:\s+${SPEAKER_WORD}){1,3}|${REPORTING})`;
/** ", the channel's presenter claimed on Sunday." or ", the host told viewers." at the end; the closing quote of a quotation may come first. */
const TRAILING_FRAME = new RegExp(String.raw`^[,;]["”’']?\s+(?:${SPEAKER_WORD}\s+){0,6}?(?:has\s+|have\s+|had\s+)?${VERB}${WHEN}\s*[.!?"”’']*\s*$`, 'iu');
/** ", according to the website." at the end, or "According to the broadcast, " at the start. */
const ACCORDING_END = new RegExp(String.raw`^[,;]["”’']?\s+according\s+to\s+${SPEAKER_WORD}(?:\s+${SPEAKER_WORD}){0,7}[.!?"”’']*\s*$`, 'iu');
const ACCORDING_START = new RegExp(String.raw`^according\s+to\s+(?:${W}\s+){0,7}${W},\s+`, 'iu');
/**
 * "The commentator insisted that ", "The host, a former army officer, claimed that " (who the
 * speaker is, between commas) or "The party's leader told the crowd that " at the start.
 */
const LEADING_FRAME = new RegExp(String.raw`^(?:${SPEAKER_WORD}\s+){0,6}?${SPEAKER_WORD}(?:,\s+[^,]{1,80},)?\s+(?:has\s+|have\s+|had\s+)?${VERB}${WHEN}\s+that\s+`, 'iu');
/**
 * A word of a short speaker before a frame without "that": not an auxiliary ("customers have
 * claimed $476 million", "Axl Rose was said to have died": the passive names no speaker).
 */
const BARE_SPEAKER_WORD = String.raw`(?:(?!(?:have|has|had|is|are|was|were|be|been|being)\b)${SPEAKER_WORD})`;
/**
 * A frame without "that", as headlines and news write it: "Kremlin outlet claims NATO plans
 * attack", "The agency said it plans to …". A short speaker and a verb of saying only, the speaker
 * no bare article ("The claims come after …" names no one); what is left must read as a claim of
 * its own (3+ content words), so "Flood claims two lives" keeps its words.
 */
const BARE_VERB = 'says|said|claims|claimed|insists|insisted|alleges|alleged|argues|argued';
const BARE_LEADING_FRAME = new RegExp(String.raw`^(?!(?:the|a|an|these|those|this)\s+(?:${BARE_VERB})\b)(?:${BARE_SPEAKER_WORD}\s+){0,3}?${BARE_SPEAKER_WORD}\s+(?:${BARE_VERB})\s+(?!(?:that|to)\b)`, 'iu');
/** Whether a text has any word a frame needs: one pass before the patterns above. */
const MAY_FRAME = new RegExp(String.raw`\b(?:according|${REPORTING}|${TELLING})\b`, 'i');

/**
 * The claim a sentence reports, without the frame that says who reports it: "Foreign troops have
 * encircled Belarus, the minister warned." -> "Foreign troops have encircled Belarus". The frame's
 * words (minister) are not part of what a catalogued claim could share. The text itself when no
 * frame is found, or when nothing would be left.
 */
export function withoutReportingFrame(text: string): string {
  // Most sentences have no reporting verb: one pass tells, before the four patterns.
  if (!MAY_FRAME.test(text)) return text;
  let t = text.trim();
  const keep = (stripped: string) => {
    if (contentWords(stripped).length >= 2) t = stripped;
  };
  // A frame at the end holds no comma, so it starts at the last comma or semicolon: only that tail is tried.
  const cut = Math.max(t.lastIndexOf(','), t.lastIndexOf(';'));
  if (cut >= 0) {
    const tail = t.slice(cut);
    if (TRAILING_FRAME.test(tail) || ACCORDING_END.test(tail)) keep(t.slice(0, cut).trim());
  }
  for (const re of [ACCORDING_START, LEADING_FRAME]) keep(t.replace(re, '').trim());
  const bare = t.replace(BARE_LEADING_FRAME, '').trim();
  if (bare !== t && contentWords(bare).length >= 3) t = bare;
  return t;
}
