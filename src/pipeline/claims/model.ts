import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LinearModel } from '../../learn/linear.ts';
import { UserError } from '../../io/input.ts';
import { Lexicon } from './lexicon.ts';
import { ClaimFeaturizer } from './features.ts';

export const CLAIM_MODEL_FILE = 'model.bin';
export const CLAIM_LEXICON_FILE = 'lexicon.json';

/** Check-worthiness of single sentences: P(check-worthy) from a hashed-feature logistic regression. */
export class ClaimModel {
  readonly featurizer: ClaimFeaturizer;

  constructor(
    readonly linear: LinearModel,
    readonly lexicon: Lexicon,
  ) {
    this.featurizer = new ClaimFeaturizer(lexicon, linear.bits, false);
  }

  score(sentence: string): number {
    return this.linear.prob(this.featurizer.row(sentence), 'yes');
  }

  save(dir: string): void {
    this.linear.save(join(dir, CLAIM_MODEL_FILE));
    this.lexicon.save(join(dir, CLAIM_LEXICON_FILE));
  }

  /** `modelDir` is the models/ root; the files live in its `claims/` folder. */
  static load(modelDir: string): ClaimModel {
    const dir = join(modelDir, 'claims');
    if (!existsSync(join(dir, CLAIM_MODEL_FILE))) throw new UserError(`claim model not found in ${dir} (train it with: npm run train -- claims)`);
    return new ClaimModel(LinearModel.load(join(dir, CLAIM_MODEL_FILE)), Lexicon.load(join(dir, CLAIM_LEXICON_FILE)));
  }
}
