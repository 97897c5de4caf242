import { UserError } from '../io/input.ts';

/**
 * The components, in the order a pipeline runs them (later ones may read earlier layers). Apart
 * from registry.ts, which imports every component and so its models' code, so that a process can
 * check names without loading any of it: the batch main thread never loads a pipeline (its
 * threads do), and importing the registry there cost it about 39 MB of RSS
 * (`npm run bench:batch -- --components headline`, peak 182 -> 223 MB with one thread).
 */
export const COMPONENT_NAMES = ['techniques', 'entities', 'claims', 'attributions', 'headline', 'narratives', 'source'] as const;

export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** Rejects unknown component names (a --pipeline-module brings its own) before a database is created or a thread started. */
export function checkComponents(opts: { components?: string[]; pipelineModule?: string }): void {
  const known: readonly string[] = COMPONENT_NAMES;
  const unknown = opts.pipelineModule ? [] : (opts.components ?? []).filter((n) => !known.includes(n));
  if (!unknown.length) return;
  // A long list is cut short: the message names a few, not every name a caller sent.
  const shown = unknown.slice(0, 5).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n)).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
  throw new UserError(`unknown component(s): ${shown} (known: ${known.join(', ')})`);
}
