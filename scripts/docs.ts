/** `npm run docs`: regenerates docs/report.schema.json from the zod report schema. */
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../src/report/json-schema.ts';

writeFileSync(new URL('../docs/report.schema.json', import.meta.url), JSON.stringify(reportJsonSchema(), null, 2) + '\n');
console.error('wrote docs/report.schema.json');
