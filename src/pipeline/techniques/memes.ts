/**
 * SemEval-2021 Task 6 (subtask 2) meme texts with technique spans, read as extra PTC-style
 * training data for `settings-cv.ts --memes`. Its 20 classes map onto PTC's 14 where the PTC
 * guidelines merge them; Smears, Glittering generalities and Obfuscation have no PTC class.
 * Measured and not used for the shipped models (the model card's "Tried").
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../../learn/data.ts';
import { rowsInUnits, type Article, type LabelRow } from '../../io/semeval.ts';
import type { Technique } from './taxonomy.ts';

const WHATABOUT: Technique = 'Whataboutism,Straw_Men,Red_Herring';
const BANDWAGON: Technique = 'Bandwagon,Reductio_ad_hitlerum';

/** Meme class -> PTC class; null: no PTC class. */
export const MEME_CLASSES: Readonly<Record<string, Technique | null>> = {
  'Appeal to authority': 'Appeal_to_Authority',
  'Appeal to fear/prejudice': 'Appeal_to_fear-prejudice',
  'Black-and-white Fallacy/Dictatorship': 'Black-and-White_Fallacy',
  'Causal Oversimplification': 'Causal_Oversimplification',
  Doubt: 'Doubt',
  'Exaggeration/Minimisation': 'Exaggeration,Minimisation',
  'Flag-waving': 'Flag-Waving',
  'Loaded Language': 'Loaded_Language',
  'Name calling/Labeling': 'Name_Calling,Labeling',
  Repetition: 'Repetition',
  Slogans: 'Slogans',
  'Thought-terminating cliché': 'Thought-terminating_Cliches',
  Whataboutism: WHATABOUT,
  "Misrepresentation of Someone's Position (Straw Man)": WHATABOUT,
  'Presenting Irrelevant Data (Red Herring)': WHATABOUT,
  'Reductio ad hitlerum': BANDWAGON,
  Bandwagon: BANDWAGON,
  Smears: null,
  'Glittering generalities (Virtue)': null,
  'Obfuscation, Intentional vagueness, Confusion': null,
};

/** A span of a class PTC lacks: still a technique's span, so SI may learn it; TC skips it. */
export const UNMAPPED = 'Unmapped';

interface Meme {
  id: string;
  text: string;
  labels: Array<{ start: number; end: number; technique: string }>;
}

/**
 * The train and dev memes as articles with label rows in UTF-16 units (the files count code
 * points). `all`: every meme, spans of unmapped classes labelled `UNMAPPED`; `mapped`: only memes
 * whose every span maps to a PTC class.
 */
export function readMemes(which: 'all' | 'mapped'): { articles: Article[]; labels: LabelRow[] } {
  const dir = join(DATA_DIR, 'memes-semeval2021');
  if (!existsSync(dir)) throw new Error(`meme data not found at ${dir} (set UNSPIN_DATA)`);
  const memes = ['training_set_task2.txt', 'dev_set_task2.txt'].flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Meme[]);
  const kept = memes.filter((m) => which === 'all' || m.labels.every((l) => MEME_CLASSES[l.technique]));
  const articles = kept.map((m) => ({ id: `meme-${m.id}`, text: m.text }));
  const rows = kept.flatMap((m) =>
    m.labels.map((l) => {
      if (!(l.technique in MEME_CLASSES)) throw new Error(`meme ${m.id}: unknown technique ${l.technique}`);
      return { article: `meme-${m.id}`, technique: MEME_CLASSES[l.technique] ?? UNMAPPED, start: l.start, end: l.end };
    }),
  );
  return { articles, labels: rowsInUnits(rows, new Map(articles.map((a) => [a.id, a.text]))) };
}
