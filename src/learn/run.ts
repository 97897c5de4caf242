import { TASKS } from './tasks.ts';

/** `npm run train|eval [-- name ...]`: runs the named components' trainers or evaluators (all by default). */
export async function runTasks(kind: 'train' | 'evaluate', argv: string[]): Promise<void> {
  const names = argv.length ? argv : Object.keys(TASKS);
  const unknown = names.filter((n) => !(n in TASKS));
  if (unknown.length) {
    console.error(`unknown component(s): ${unknown.join(', ')} (known: ${Object.keys(TASKS).join(', ')})`);
    process.exit(2);
  }
  for (const name of names) {
    const t0 = Date.now();
    console.error(`== ${kind} ${name}`);
    const task = await TASKS[name]!();
    await task[kind]();
    console.error(`== ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
