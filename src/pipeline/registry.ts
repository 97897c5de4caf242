import { join } from 'node:path';
import type { Component } from './component.ts';
import { Pipeline } from './pipeline.ts';
import { loadTechniques } from './techniques/component.ts';
import { loadEntities } from './entities/component.ts';
import { loadAttributions } from './attributions/component.ts';
import { loadClaims } from './claims/component.ts';
import { loadHeadline } from './headline/component.ts';
import { loadNarratives } from './narratives/component.ts';
import { loadSource } from './source/component.ts';
import { REPO_ROOT } from '../learn/data.ts';
import { COMPONENT_NAMES, checkComponents, type ComponentName } from './names.ts';

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

/** Every component's loader; the order they run in is COMPONENT_NAMES' (names.ts). */
export const COMPONENTS: Record<ComponentName, Factory> = {
  techniques: loadTechniques,
  entities: loadEntities,
  claims: loadClaims,
  attributions: loadAttributions,
  headline: loadHeadline,
  narratives: loadNarratives,
  source: loadSource,
};

export const componentNames = (): string[] => [...COMPONENT_NAMES];

export async function createPipeline(
  opts: { components?: string[]; modelDir?: string; kbPath?: string; dataRoot?: string } = {},
): Promise<Pipeline> {
  return new ComponentLoader(opts).pipeline(opts.components);
}

/**
 * Loads each component once and builds a pipeline of any set of them from what it loaded. The
 * HTTP API takes a component set per request: a pipeline loaded per set would hold its own copy
 * of every model (127 sets of the 7 components took a 2-worker server from 760 MB to 2.7 GB).
 */
export class ComponentLoader {
  private readonly loaded = new Map<ComponentName, Promise<Component<any, any>>>();
  private readonly load: LoadOptions;

  constructor(opts: { modelDir?: string; kbPath?: string; dataRoot?: string } = {}) {
    this.load = { modelDir: opts.modelDir ?? DEFAULT_MODEL_DIR, kbPath: opts.kbPath, dataRoot: opts.dataRoot };
  }

  async pipeline(components?: string[]): Promise<Pipeline> {
    const wanted = components ?? componentNames();
    checkComponents({ components: wanted });
    // Keep registry order whatever order the caller listed them in.
    const names = COMPONENT_NAMES.filter((n) => wanted.includes(n));
    return new Pipeline(await Promise.all(names.map((n) => this.component(n))));
  }

  private component(name: ComponentName): Promise<Component<any, any>> {
    let p = this.loaded.get(name);
    if (!p) {
      p = COMPONENTS[name](this.load);
      this.loaded.set(name, p);
      // A failed load (a model missing) must not be kept: the next request tries again.
      p.catch(() => this.loaded.delete(name));
    }
    return p;
  }
}
