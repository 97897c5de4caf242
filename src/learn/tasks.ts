/**
 * Trainers and evaluators by component. Each component keeps its own `learn.ts` beside it
 * (spaCy-style) and exports `task: LearnTask`; this list is what `npm run train` and
 * `npm run eval` dispatch over. Imports are lazy so one component's data is only read when asked.
 */
export interface LearnTask {
  /** Trains on ../shared/data and writes the artifacts under models/<name>/. */
  train(): Promise<void>;
  /** Measures with the component's official metric, prints the scores and writes them into the model card. */
  evaluate(): Promise<void>;
}

export const TASKS: Record<string, () => Promise<LearnTask>> = {
  techniques: async () => (await import('../pipeline/techniques/learn.ts')).task,
  entities: async () => (await import('../pipeline/entities/learn.ts')).task,
  narratives: async () => (await import('../pipeline/narratives/learn.ts')).task,
  claims: async () => (await import('../pipeline/claims/learn.ts')).task,
  headline: async () => (await import('../pipeline/headline/learn.ts')).task,
  attributions: async () => (await import('../pipeline/attributions/learn.ts')).task,
};
