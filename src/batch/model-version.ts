import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_VERSION } from '../report/schema.ts';
import { DEFAULT_MODEL_DIR, componentNames } from '../pipeline/registry.ts';
import { checkComponents } from '../pipeline/names.ts';

/**
 * Identifies what produced a result: the report version, the components run and the bytes of
 * their model files. A retrained model or another component set gives a new version, so a
 * resumed batch re-analyses exactly what would come out different.
 */
export function modelVersion(opts: { components?: string[]; modelDir?: string; pipelineModule?: string }): string {
  const names = opts.components ?? componentNames();
  // Checked here, before any input is read or any run recorded: a typo should cost nothing.
  checkComponents(opts);
  const dir = opts.modelDir ?? DEFAULT_MODEL_DIR;
  const h = createHash('sha256').update(`report ${REPORT_VERSION}\n`);
  if (opts.pipelineModule) h.update(`module ${opts.pipelineModule}\n`);
  for (const name of [...names].sort()) {
    h.update(`component ${name}\n`);
    const folder = join(dir, name);
    if (existsSync(folder) && statSync(folder).isDirectory()) {
      for (const file of readdirSync(folder, { recursive: true }).map(String).sort()) {
        const path = join(folder, file);
        // Documentation (a model card, the narratives lab notes) changes no result.
        if (file.endsWith('.md') || !statSync(path).isFile()) continue;
        h.update(`file ${file}\n`).update(readFileSync(path));
      }
    }
  }
  return `${[...names].sort().join('+') || 'none'}@${h.digest('hex').slice(0, 12)}`;
}
