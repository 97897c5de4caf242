import { Option, type Command } from 'commander';
import { UserError } from '../../io/input.ts';
import { DEFAULT_FIELDS, type FieldMap } from '../../batch/record.ts';

// Options shared by the corpus commands (batch, worker): field mapping and pipeline choice.

export function addFieldOptions(cmd: Command): Command {
  for (const [key, name] of Object.entries(DEFAULT_FIELDS)) {
    cmd.option(`--${key}-field <name>`, `input field holding the article ${key}`, name);
  }
  return cmd;
}

export function fieldsFrom(opts: Record<string, string>): FieldMap {
  const fields = { ...DEFAULT_FIELDS };
  for (const key of Object.keys(DEFAULT_FIELDS) as Array<keyof FieldMap>) fields[key] = opts[`${key}Field`] ?? fields[key];
  return fields;
}

export function addPipelineOptions(cmd: Command): Command {
  return cmd
    .option('-c, --components <list>', 'comma-separated components to run, or "none" (default: all)')
    .option('--model <dir>', 'folder with trained models (default: the bundled models/)')
    .addOption(new Option('--pipeline-module <file>', 'module exporting createPipeline() (tests)').hideHelp());
}

export function componentsFrom(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'none') return [];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length) throw new UserError('--components: give a comma-separated list, or "none"');
  return list;
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} ${value}: use a whole number of 1 or more`);
  return n;
}
