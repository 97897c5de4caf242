import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinearModel } from '../../learn/linear.ts';
import { loadEmbeddings } from '../../learn/embeddings.ts';
import { UserError } from '../../io/input.ts';
import { Lexicon } from './lexicon.ts';
import { ClaimFeaturizer, type EmbeddingFeatures, type EmbeddingOptions } from './features.ts';

export const CLAIM_MODEL_FILE = 'model.bin';
export const CLAIM_LEXICON_FILE = 'lexicon.json';
/** Which word-embedding features the model was trained with (absent: none). */
export const CLAIM_FEATURES_FILE = 'features.json';

/** Check-worthiness of single sentences: P(check-worthy) from a hashed-feature logistic regression. */
export class ClaimModel {
  readonly featurizer: ClaimFeaturizer;

  constructor(
    readonly linear: LinearModel,
    readonly lexicon: Lexicon,
    readonly emb?: EmbeddingFeatures,
  ) {
    this.featurizer = new ClaimFeaturizer(lexicon, linear.bits, false, emb);
  }

  /** Empties the per-token memo of the featurizer and its lexicon (`Component.forget`). */
  forget(): void {
    this.featurizer.forget();
  }

  score(sentence: string): number {
    return this.linear.prob(this.featurizer.row(sentence), 'yes');
  }

  save(dir: string): void {
    this.linear.save(join(dir, CLAIM_MODEL_FILE));
    this.lexicon.save(join(dir, CLAIM_LEXICON_FILE));
    writeFileSync(join(dir, CLAIM_FEATURES_FILE), JSON.stringify({ embeddings: this.emb?.options ?? null }, null, 2) + '\n');
  }

  /** `modelDir` is the models/ root; the files live in its `claims/` folder (and `embeddings/`). */
  static load(modelDir: string): ClaimModel {
    const dir = join(modelDir, 'claims');
    if (!existsSync(join(dir, CLAIM_MODEL_FILE))) throw new UserError(`claim model not found in ${dir} (train it with: npm run train -- claims)`);
    const featuresFile = join(dir, CLAIM_FEATURES_FILE);
    const options = existsSync(featuresFile) ? (JSON.parse(readFileSync(featuresFile, 'utf8')) as { embeddings: EmbeddingOptions | null }).embeddings : null;
    const emb = options ? { embeddings: loadEmbeddings(modelDir), options } : undefined;
    return new ClaimModel(LinearModel.load(join(dir, CLAIM_MODEL_FILE)), Lexicon.load(join(dir, CLAIM_LEXICON_FILE)), emb);
  }
}
