import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from '../../kb/build.ts';
import { openKb } from '../../kb/db.ts';
import { normalizeDomain } from '../../kb/loaders/outlets.ts';
import { domainChain, lookupSource } from './lookup.ts';
import { sourceComponent } from './component.ts';
import { apply } from '../component.ts';
import { Doc } from '../../doc/doc.ts';
import { NO_KB_NOTE } from '../../kb/handle.ts';

const DATA = fileURLToPath(new URL('../../kb/fixtures/data/', import.meta.url));
const kbPath = join(mkdtempSync(join(tmpdir(), 'unspin-src-')), 'kb.sqlite');
buildKb(DATA, kbPath);
const db = openKb(kbPath, { readonly: true });

test('domains are normalised from URLs, with www. dropped', () => {
  assert.equal(normalizeDomain('https://WWW.Example-News.com/politics/a?b=1'), 'example-news.com');
  assert.equal(normalizeDomain('example-news.com:8080/x'), 'example-news.com');
  assert.equal(normalizeDomain('not a url'), null);
  // A user and password, a scheme-relative URL, a name in another script.
  assert.equal(normalizeDomain('https://user:pw@www.example-news.com:8443/x?q=1'), 'example-news.com');
  assert.equal(normalizeDomain('//example-news.com/x'), 'example-news.com');
  assert.equal(normalizeDomain('https://пример.рф/новости'), 'xn--e1afmkfd.xn--p1ai');
});

test('parent domains stop at the registrable name', () => {
  assert.deepEqual(domainChain('live.news.example-news.com'), ['live.news.example-news.com', 'news.example-news.com', 'example-news.com']);
  assert.deepEqual(domainChain('news.example.co.uk'), ['news.example.co.uk', 'example.co.uk']);
});

test('a known outlet gets every provider label, subdomains and www. included', () => {
  for (const url of ['https://example-news.com/a', 'http://www.example-news.com', 'https://politics.example-news.com/story/1']) {
    const s = lookupSource(db, url)!;
    assert.equal(s.domain, 'example-news.com');
    assert.equal(s.known, true);
    assert.deepEqual(s.labels.map((l) => l.provider).sort(), [
      'Media Bias/Fact Check (Baly et al. 2018 corpus)', 'Media Bias/Fact Check (Idiap table)', 'Wikipedia perennial sources',
    ]);
    assert.equal(s.labels.find((l) => l.provider.startsWith('Wikipedia'))!.reliability, 'generally reliable');
  }
  const listed = lookupSource(db, 'https://listed-example.de/x')!;
  assert.match(listed.labels[0]!.provider, /contested/);
});

test('unknown domains say so; a sibling under co.uk does not inherit labels', () => {
  assert.deepEqual(lookupSource(db, 'https://unknown-example.org/'), { domain: 'unknown-example.org', known: false, labels: [] });
  assert.equal(lookupSource(db, 'https://other.co.uk/')!.known, false);
  assert.equal(lookupSource(db, 'https://example.co.uk/news')!.known, true);
  assert.equal(lookupSource(db, undefined), null);
});

test('the component writes the layer and a note for unknown outlets, or the no-KB note once', () => {
  const withKb = sourceComponent({ db, searcher: null, calibration: { a: 1, b: 0, threshold: 0.5 } });
  const doc = Doc.fromText('A title\n\nSome body text here.', { url: 'https://nobody-knows.example/' });
  apply(withKb, doc);
  assert.equal(doc.layers.source?.known, false);
  assert.match(doc.notes[0]!, /No provider .* labels nobody-knows\.example/);
  const noKb = sourceComponent({ db: null, searcher: null, calibration: { a: 1, b: 0, threshold: 1 } });
  const d2 = Doc.fromText('Body.', { url: 'https://example-news.com' });
  apply(noKb, d2);
  apply(noKb, d2);
  assert.deepEqual(d2.notes, [NO_KB_NOTE]);
});
