import { join } from 'node:path';
import type { Doc } from '../../doc/doc.ts';
import { firstEndingAfter, overlap, type Span } from '../../doc/span.ts';
import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Attribution, EntityMention } from '../../report/schema.ts';
import { AttributionModel } from './model.ts';
import { toSpan } from './extract.ts';

const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her']);

const textSpan = (doc: Doc, s: Span) => ({ start: s.start, end: s.end, text: doc.slice(s) });

/** PolNeAR counts the comma closing an appositive ("Anna Petrova, the spokeswoman,") as source; readers need not see it. */
function withoutClosingComma(doc: Doc, src: Span): Span {
  return doc.text[src.end - 1] === ',' ? { start: src.start, end: src.end - 1 } : src;
}

/**
 * Widens a source to whole entity mentions it cuts ("Tomás" of "Tomás do Rosário", where "do"
 * looks like an auxiliary), but never over its cue or content: a mention that holds them is the
 * tagger's mistake (a title "Mayor Lund Slams Reckless Council Plan" tagged as one organisation
 * made the source the whole title, its cue and content inside it).
 */
function widenToMentions(doc: Doc, src: Span, keepOut: readonly Span[]): Span {
  let { start, end } = src;
  for (const m of doc.layers.entities ?? []) {
    if (overlap(m, src) > 0 && keepOut.every((k) => overlap(m, k) === 0)) {
      start = Math.min(start, m.start);
      end = Math.max(end, m.end);
    }
  }
  return { start, end };
}

/**
 * The entity a source names: the first person mentioned inside it, else the first organisation.
 * A bare "he"/"she" takes whichever came later: the last source that resolved to a person, or the
 * last person named first in a sentence (its subject, most often). The last source alone gave
 * '"Trade is down," he said' to the mayor quoted before, past "Shop owner Raj Patel disagreed."
 * (an audit); a person named later in the quoted mayor's own sentence ("…, said Lund, whose
 * rival Patel …") is not that sentence's first.
 */
function resolveEntities(doc: Doc, found: Attribution[]): void {
  const mentions = doc.layers.entities;
  if (!mentions?.length) return;
  // The first person named in each sentence, in text order: one pass over sentences and people
  // (both in text order), as a long text has tens of thousands of each.
  const people = mentions.filter((m) => m.type === 'PER').sort((x, y) => x.start - y.start);
  const subjects: EntityMention[] = [];
  let k = 0;
  for (const s of doc.sentences) {
    while (k < people.length && people[k]!.start < s.start) k++;
    if (k < people.length && people[k]!.end <= s.end) subjects.push(people[k]!);
  }
  /** The last subject that ends before `at` (one per sentence, so start-sorted and apart). */
  const subjectBefore = (at: number): EntityMention | undefined => subjects[firstEndingAfter(subjects, at) - 1];
  let lastPerson: { entity: number; at: number } | null = null;
  for (const a of [...found].sort((x, y) => (x.source?.start ?? x.cue.start) - (y.source?.start ?? y.cue.start))) {
    if (!a.source) continue;
    const src = a.source;
    // People and organisations inside the source; a place only as the whole source ("Moscow
    // warned"), where it stands for its government.
    // A mention that holds the cue or the content is the tagger's mistake, as in `widenToMentions`.
    const inside = mentions.filter((m) => overlap(m, src) > 0 && overlap(m, a.cue) === 0 && overlap(m, a.content) === 0 && (m.type === 'PER' || m.type === 'ORG' || (m.start === src.start && m.end === src.end)));
    if (inside.length) {
      // The person the source names outranks their organisation ("Foreign Ministry spokeswoman Anna Petrova").
      const rank = (m: EntityMention) => (m.type === 'PER' ? 0 : 1);
      const head = inside.reduce((best, m) => (rank(m) < rank(best) || (rank(m) === rank(best) && m.start < best.start) ? m : best));
      a.entity = head.entity;
      if (head.type === 'PER') lastPerson = { entity: head.entity, at: head.start };
    } else if (PERSON_PRONOUNS.has(src.text.toLowerCase())) {
      const subject = subjectBefore(src.start);
      if (lastPerson && (!subject || subject.start <= lastPerson.at)) a.entity = lastPerson.entity;
      else if (subject) a.entity = subject.entity;
      else {
        // Before any quoted person or named subject, the person mentioned last.
        const before = mentions.filter((m) => m.type === 'PER' && m.end <= src.start);
        a.entity = before.length ? before.reduce((x, m) => (m.end > x.end ? m : x)).entity : null;
      }
    }
  }
}

/** Who says what: cue phrases picked by a learned classifier, source and content by quotation patterns. */
export function attributionsComponent(model: AttributionModel): Component<'attributions', Attribution[]> {
  return {
    name: 'attributions',
    assigns: 'attributions',
    predict(doc) {
      const { view, found } = model.extract(doc);
      const out: Attribution[] = found.map((a) => {
        const cue = toSpan(view, [a.cue.i, a.cue.j]);
        const content = toSpan(view, a.content);
        return {
          source: a.source ? textSpan(doc, widenToMentions(doc, withoutClosingComma(doc, toSpan(view, a.source)), [cue, content])) : null,
          cue: textSpan(doc, cue),
          content: textSpan(doc, content),
          kind: a.direct ? 'direct' : 'indirect',
          entity: null,
        };
      });
      resolveEntities(doc, out);
      return out;
    },
  };
}

export async function loadAttributions(opts: LoadOptions) {
  return attributionsComponent(AttributionModel.load(join(opts.modelDir, 'attributions')));
}
