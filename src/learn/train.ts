import { runTasks } from './run.ts';
await runTasks('train', process.argv.slice(2));
