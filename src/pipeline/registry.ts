import { join } from 'node:path';
import type { Component } from './component.ts';
import { Pipeline } from './pipeline.ts';
import { UserError } from '../io/input.ts';
import { loadTechniques } from './techniques/component.ts';
import { loadEntities } from './entities/component.ts';
import { loadAttributions } from './attributions/component.ts';
import { loadClaims } from './claims/component.ts';
import { loadHeadline } from './headline/component.ts';
import { loadNarratives } from './narratives/component.ts';
import { loadSource } from './source/component.ts';
import { REPO_ROOT } from '../learn/data.ts';

export interface LoadOptions {
  /** Folder with the trained models; defaults to the repo's `models/`. */
  modelDir: string;
  /** The knowledge base (narratives, source); defaults to `$UNSPIN_KB` or `.cache/kb.sqlite`. */
  kbPath?: string;
  /** Where to build the KB from when it is missing; defaults to `$UNSPIN_DATA` or `../shared/data`. */
  dataRoot?: string;
}

export const DEFAULT_MODEL_DIR = join(REPO_ROOT, 'models');

type Factory = (opts: LoadOptions) => Promise<Component<any, any>>;

/** Every component, in the order the pipeline runs them (later ones may read earlier layers). */
export const COMPONENTS: Record<string, Factory> = {
  techniques: loadTechniques,
  entities: loadEntities,
  claims: loadClaims,
  attributions: loadAttributions,
  headline: loadHeadline,
  narratives: loadNarratives,
  source: loadSource,
};

export const componentNames = (): string[] => Object.keys(COMPONENTS);

export async function createPipeline(
  opts: { components?: string[]; modelDir?: string; kbPath?: string; dataRoot?: string } = {},
): Promise<Pipeline> {
  const wanted = opts.components ?? componentNames();
  const unknown = wanted.filter((n) => !(n in COMPONENTS));
  if (unknown.length) throw new UserError(`unknown component(s): ${unknown.join(', ')} (known: ${componentNames().join(', ')})`);
  const load: LoadOptions = { modelDir: opts.modelDir ?? DEFAULT_MODEL_DIR, kbPath: opts.kbPath, dataRoot: opts.dataRoot };
  // Keep registry order whatever order the caller listed them in.
  const names = componentNames().filter((n) => wanted.includes(n));
  return new Pipeline(await Promise.all(names.map((n) => COMPONENTS[n]!(load))));
}
