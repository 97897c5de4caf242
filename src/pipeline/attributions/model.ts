import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../../doc/doc.ts';
import { LinearModel, toRow } from '../../learn/linear.ts';
import { UserError } from '../../io/input.ts';
import { findCandidates, type CueLexicon } from './lexicon.ts';
import { cueFeatures } from './features.ts';
import { colonQuotes, extentsFor, reportsNothing, speakerQuotes, type TokenAttribution } from './extract.ts';
import { buildView, type TokenView } from './view.ts';

export const CUE_BITS = 18;

/** The learned parts: the cue lexicon with priors, the cue classifier and its decision threshold. */
export class AttributionModel {
  constructor(
    readonly lexicon: CueLexicon,
    readonly cue: LinearModel,
    readonly threshold: number,
  ) {}

  /** Accepted cues with their source and content, in text order. */
  extract(doc: Doc): { view: TokenView; found: TokenAttribution[] } {
    const view = buildView(doc);
    const cues = findCandidates(view, this.lexicon).filter((c) => !reportsNothing(view, c) && this.cue.prob(toRow(cueFeatures(view, c), this.cue.bits), 'cue') >= this.threshold);
    const found: TokenAttribution[] = [];
    cues.forEach((c, k) => {
      const a = extentsFor(view, c, cues[k + 1]?.i ?? view.low.length, found.at(-1) ?? null);
      if (a) found.push(a);
    });
    for (const a of [...colonQuotes(view), ...speakerQuotes(view, (w) => this.lexicon.has(w))]) {
      if (!found.some((b) => b.cue.i < a.content[1] && a.cue.i < b.cue.j)) found.push(a);
    }
    found.sort((a, b) => a.cue.i - b.cue.i);
    // PolNeAR marks each token in at most one attribution: a cue inside another one's
    // quotation ("“…what the judge said,” he said") is part of that content.
    return {
      view,
      found: found.filter((a) => !found.some((b) => b !== a && (
        (b.direct && b.content[0] <= a.cue.i && a.cue.j <= b.content[1] && view.inQuote[a.cue.i]! >= b.content[0]) ||
        // "declined" inside the extended cue "declined to comment".
        (b.cue.i <= a.cue.i && a.cue.j <= b.cue.j && b.cue.j - b.cue.i > a.cue.j - a.cue.i)
      ))),
    };
  }

  save(dir: string): void {
    writeFileSync(join(dir, 'cues.json'), JSON.stringify({ threshold: this.threshold, lexicon: Object.fromEntries([...this.lexicon].sort()) }, null, 0) + '\n');
    this.cue.save(join(dir, 'cue.bin'));
  }

  static load(dir: string): AttributionModel {
    const file = join(dir, 'cues.json');
    if (!existsSync(file)) throw new UserError(`attribution model not found in ${dir} (train it with: npm run train -- attributions)`);
    const { threshold, lexicon } = JSON.parse(readFileSync(file, 'utf8')) as { threshold: number; lexicon: Record<string, number> };
    return new AttributionModel(new Map(Object.entries(lexicon)), LinearModel.load(join(dir, 'cue.bin')), threshold);
  }
}
