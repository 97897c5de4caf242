import { Doc, type DocMeta } from '../doc/doc.ts';
import { apply, type Component } from './component.ts';
import { toReport } from '../report/build.ts';
import type { Report } from '../report/schema.ts';

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

  analyze(input: AnalyzeInput): Report {
    return toReport(this.run(this.makeDoc(input)));
  }
}
