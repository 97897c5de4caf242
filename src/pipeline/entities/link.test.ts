import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkMentions, type Unlinked } from './link.ts';

/** Builds unlinked mentions laid out one after another, as if in one text. */
function mentions(...items: Array<[string, Unlinked['type']]>): Unlinked[] {
  let pos = 0;
  return items.map(([text, type]) => {
    const m = { start: pos, end: pos + text.length, text, type };
    pos += text.length + 10;
    return m;
  });
}

const ids = (ms: ReturnType<typeof linkMentions>) => ms.map((m) => m.entity);

test('a surname or a repeated name joins the earlier full name', () => {
  const out = linkMentions(mentions(['Ivan Sidorov', 'PER'], ['Anna Petrova', 'PER'], ['Petrova', 'PER'], ['Sidorov', 'PER'], ['Anna Petrova', 'PER']));
  assert.deepEqual(ids(out), [0, 1, 1, 0, 1]);
});

test('different people sharing no words stay apart; same words of another type do not merge', () => {
  const out = linkMentions(mentions(['Ivan Sidorov', 'PER'], ['Oleg Marchenko', 'PER'], ['Kherson', 'LOC'], ['Kherson Oblast Council', 'ORG'], ['Kherson', 'LOC']));
  assert.deepEqual(ids(out), [0, 1, 2, 3, 2]);
});

test('acronyms and subsets of organisation names link; possessives are ignored', () => {
  const out = linkMentions(mentions(['European Union', 'ORG'], ['EU', 'ORG'], ['Bank of Northland', 'ORG'], ['Northland Bank', 'ORG'], ["Bank of Northland's", 'ORG']));
  assert.deepEqual(ids(out), [0, 0, 1, 1, 1]);
});

test('a surname mistyped by the tagger takes the earlier person\'s type', () => {
  const out = linkMentions(mentions(['Anna Petrova', 'PER'], ['Petrova', 'ORG']));
  assert.deepEqual(ids(out), [0, 0]);
  assert.equal(out[1]!.type, 'PER');
});

test('mentions come out in text order with ids numbered by first mention', () => {
  const [a, b] = mentions(['Moscow', 'LOC'], ['Kyiv', 'LOC']);
  const out = linkMentions([b!, a!]);
  assert.deepEqual(out.map((m) => [m.text, m.entity]), [['Moscow', 0], ['Kyiv', 1]]);
});

test('an entity takes the type most of its mentions were tagged with', () => {
  const out = linkMentions(mentions(['Marlow', 'PER'], ['Marlow', 'LOC'], ['Marlow', 'LOC'], ['Tessa Grant', 'PER'], ['Grant', 'ORG']));
  assert.deepEqual(ids(out), [0, 0, 0, 1, 1]);
  assert.deepEqual(out.map((m) => m.type), ['LOC', 'LOC', 'LOC', 'PER', 'PER']);
});

test('when several earlier entities fit, by any of the rules, the most recent one is joined', () => {
  // "Petrova" fits the company by its words and Anna Petrova as her surname: she came later.
  const out = linkMentions(mentions(['Petrova Holdings', 'ORG'], ['Anna Petrova', 'PER'], ['Petrova', 'ORG'], ['Petrova Holdings', 'ORG']));
  assert.deepEqual(ids(out), [0, 1, 1, 0]);
});

test('20,000 people, each named again by surname: every mention joins its own person', () => {
  // A long text's worth of mentions (linking used to try every earlier entity for each).
  const items: Array<[string, Unlinked['type']]> = [];
  for (let i = 0; i < 20_000; i++) items.push([`Anna Surname${i}`, 'PER'], [`Surname${i}`, 'PER']);
  const out = linkMentions(mentions(...items));
  assert.equal(new Set(out.map((m) => m.entity)).size, 20_000);
  out.forEach((m, i) => assert.equal(m.entity, i >> 1));
});
