import { runTasks } from './run.ts';
await runTasks('evaluate', process.argv.slice(2));
