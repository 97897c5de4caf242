import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinearModel, toRow } from '../../learn/linear.ts';
import { UserError } from '../../io/input.ts';
import { Lexicon, type LexiconSource } from '../claims/lexicon.ts';
import { headlineFeatures } from './features.ts';
import { headlineSignals, teaserPhrases, type Signal } from './signals.ts';
import { LoadedWords, countStyle, styleOf } from './style.ts';
import type { Doc } from '../../doc/doc.ts';
import type { Style } from '../../report/schema.ts';

const FILES = { model: 'model.bin', lexicon: 'lexicon.json', style: 'style-reference.json' };

/** Clickbait probability of a headline, its rule-based signals, and the style reference. */
export class HeadlineModel {
  readonly lexicon: Lexicon;
  readonly loadedWords: LoadedWords;
  private readonly phraseSet: Set<string>;
  private readonly teasers: string[];

  constructor(
    readonly linear: LinearModel,
    readonly lists: LexiconSource,
    /** Sorted raw style scores of the reference articles. */
    readonly styleReference: number[],
  ) {
    const { phrase = [], ...words } = lists;
    this.lexicon = new Lexicon(words);
    this.phraseSet = new Set(phrase);
    this.teasers = teaserPhrases(phrase);
    this.loadedWords = new LoadedWords(this.lexicon);
  }

  clickbait(headline: string): number {
    return this.linear.prob(toRow(headlineFeatures(headline, this.lexicon, this.phraseSet), this.linear.bits), 'yes');
  }

  signals(headline: string, base = 0): Signal[] {
    return headlineSignals(headline, this.lexicon, this.teasers, base);
  }

  /** Empties what the model memoised about the words it met (`Component.forget`). */
  forget(): void {
    this.loadedWords.forget();
  }

  /** Style of the doc's body against the stored reference articles. */
  styleOf(doc: Doc): Style {
    return styleOf(countStyle(doc, this.loadedWords), this.styleReference);
  }

  save(dir: string): void {
    this.linear.save(join(dir, FILES.model));
    writeFileSync(join(dir, FILES.lexicon), JSON.stringify(this.lists));
    writeFileSync(join(dir, FILES.style), JSON.stringify(this.styleReference));
  }

  /** `modelDir` is the models/ root; the files live in its `headline/` folder. */
  static load(modelDir: string): HeadlineModel {
    const dir = join(modelDir, 'headline');
    if (!existsSync(join(dir, FILES.model))) throw new UserError(`headline model not found in ${dir} (train it with: npm run train -- headline)`);
    const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    return new HeadlineModel(LinearModel.load(join(dir, FILES.model)), read(FILES.lexicon), read(FILES.style));
  }
}
