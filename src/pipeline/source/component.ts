import type { Component } from '../component.ts';
import type { LoadOptions } from '../registry.ts';
import type { Source } from '../../report/schema.ts';
import { addNoteOnce, kbHandle, NO_KB_NOTE, type KbHandle } from '../../kb/handle.ts';
import { lookupSource } from './lookup.ts';

export const unknownSourceNote = (domain: string) =>
  `No provider in the knowledge base labels ${domain}: unknown is not the same as trustworthy or untrustworthy.`;

/** The outlet profile from `doc.meta.url`: every provider's labels, side by side, since they disagree. */
export function sourceComponent(kb: KbHandle): Component<'source', Source | null> {
  return {
    name: 'source',
    assigns: 'source',
    predict: (doc) => lookupSource(kb.db, doc.meta.url),
    set(doc, source) {
      if (doc.meta.url && !kb.db) addNoteOnce(doc.notes, NO_KB_NOTE);
      else if (doc.meta.url && !source) addNoteOnce(doc.notes, `The URL "${doc.meta.url}" has no domain that could be profiled.`);
      else if (source && !source.known) addNoteOnce(doc.notes, unknownSourceNote(source.domain));
      doc.set('source', source);
    },
  };
}

export async function loadSource(opts: LoadOptions) {
  return sourceComponent(kbHandle(opts));
}
