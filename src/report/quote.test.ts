import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentParts, cueWords } from './quote.ts';
import type { Attribution } from './schema.ts';

/** An attribution over `text` from the first occurrence of each part. */
function attribution(text: string, parts: { source?: string; cue: string; content: string }): Attribution {
  const span = (s: string) => {
    const start = text.indexOf(s);
    assert.ok(start >= 0, s);
    return { start, end: start + s.length, text: s };
  };
  return { source: parts.source ? span(parts.source) : null, cue: span(parts.cue), content: span(parts.content), kind: 'direct' };
}

test('a quotation its own cue and source interrupt comes as its two quoted parts, with their offsets', () => {
  const text = 'Intro. "This is a crime," said Maria Lebedeva, a spokesperson. "The world must wake up." Next.';
  const a = attribution(text, { source: 'Maria Lebedeva, a spokesperson', cue: 'said', content: '"This is a crime," said Maria Lebedeva, a spokesperson. "The world must wake up."' });
  const parts = contentParts(a);
  assert.deepEqual(parts.map((p) => p.text), ['"This is a crime,"', '"The world must wake up."']);
  for (const p of parts) assert.equal(text.slice(p.start, p.end), p.text);
});

test('"…," she said, "…" drops the comma that joins the second part', () => {
  const text = '"We will not pay," she said, "not now and not later."';
  const parts = contentParts(attribution(text, { source: 'she', cue: 'said', content: text }));
  assert.deepEqual(parts.map((p) => p.text), ['"We will not pay,"', '"not now and not later."']);
});

test('content that its cue and source do not interrupt is given whole', () => {
  const text = 'The mayor said the bridge would reopen in May.';
  const a = attribution(text, { source: 'The mayor', cue: 'said', content: 'the bridge would reopen in May' });
  assert.deepEqual(contentParts(a), [a.content]);
});

test('an interruption at the very end leaves the one part before it', () => {
  const text = '"It is over," he said';
  const parts = contentParts(attribution(text, { source: 'he', cue: 'said', content: text }));
  assert.deepEqual(parts.map((p) => p.text), ['"It is over,"']);
});

test('the cue as a list shows it: without the colon PolNeAR counts in "said: “…”"', () => {
  const text = 'Brandt said: "Nothing to hide."';
  assert.equal(cueWords(attribution(text, { source: 'Brandt', cue: 'said:', content: '"Nothing to hide."' })), 'said');
});

test('whom the speaker told, or when, between the two quoted parts is no part of what was said', () => {
  const text = '"We have been abandoned," Horak told reporters. "They will keep coming."';
  const parts = contentParts(attribution(text, { source: 'Horak', cue: 'told', content: text }));
  assert.deepEqual(parts.map((p) => p.text), ['"We have been abandoned,"', '"They will keep coming."']);
  for (const p of parts) assert.equal(text.slice(p.start, p.end), p.text);
  const later = '“We will win,” he said on Monday. “Nothing has changed.”';
  assert.deepEqual(contentParts(attribution(later, { source: 'he', cue: 'said', content: later })).map((p) => p.text), ['“We will win,”', '“Nothing has changed.”']);
});
