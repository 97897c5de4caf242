import { Doc, type DocMeta } from '../doc/doc.ts';
import { apply, type Component } from './component.ts';
import { toReport } from '../report/build.ts';
import type { Report } from '../report/schema.ts';
import { UserError, validateText } from '../io/input.ts';

export interface AnalyzeInput extends DocMeta {
  text: string;
  /**
   * A separate title: the title whatever its length (unless blank). Without one, the first line
   * that is not blank is the title when a blank line follows it.
   */
  title?: string;
}

/** Runs components in order over a Doc. */
export class Pipeline {
  constructor(readonly components: Component<any, any>[]) {}

  get names(): string[] {
    return this.components.map((c) => c.name);
  }

  /** Every component's `forget`: the next texts cost what new texts cost. */
  forget(): void {
    for (const c of this.components) c.forget?.();
  }

  run(doc: Doc): Doc {
    for (const c of this.components) apply(c, doc);
    return doc;
  }

  makeDoc(input: AnalyzeInput): Doc {
    const { text, title, ...meta } = input;
    return title !== undefined ? Doc.fromParts(title, text, meta) : Doc.fromText(text, meta);
  }

  /**
   * The JSON report of one text. Throws a UserError for text that is not a string, is empty or
   * looks like binary data, as the CLI and the API refuse it: the library is called from
   * JavaScript too, where nothing checked the type.
   */
  analyze(input: AnalyzeInput): Report {
    if (typeof input?.text !== 'string') throw new UserError(`text: expected a string, got ${input?.text === null ? 'null' : typeof input?.text}`);
    validateText(input.text, 'text');
    return toReport(this.run(this.makeDoc(input)));
  }
}
