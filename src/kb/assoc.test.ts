import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Associations } from './assoc.ts';
import { DF_BITS, wordKey } from './keys.ts';
import { countKeys } from './entryfeatures.ts';
import { toVec } from './features.ts';

const keys = (s: string) => s.split(' ').map(wordKey);
// Invented pairs: "sotu" keeps meeting "state union" in the other wording of the same claim.
const pairs = [
  ['sotu viewers record', 'state union address watched record'],
  ['sotu speech lies', 'state union speech false'],
  ['president sotu guests', 'state union guests invited president'],
  ['walkout students protest', 'students protest school walkout'],
  ['dam broke flood', 'dam collapse flood town'],
].flatMap(([a, b]) => [{ source: keys(a!), target: keys(b!) }, { source: keys(b!), target: keys(a!) }]);

function soft(a: Associations, query: string, entry: string): number {
  const idf = new Float64Array(1 << DF_BITS).fill(1);
  const q = toVec(countKeys(keys(query)), idf), d = toVec(countKeys(keys(entry)), idf);
  a.prepare(q);
  return a.soft(q, d, idf);
}

test('associations: a query word the entry lacks counts through the words that came with it in training', () => {
  const a = Associations.train(pairs);
  const withUnion = soft(a, 'sotu ratings', 'state union ratings');
  assert.ok(withUnion > 0.1, `sotu is explained by state/union (${withUnion})`);
  assert.equal(soft(a, 'sotu ratings', 'dam ratings'), 0, 'no association, no credit');
  assert.equal(soft(a, 'sotu ratings', 'sotu ratings'), 0, 'words the entry contains are left to the cosines');
});

test('associations: save and load give the same table', () => {
  const a = Associations.train(pairs);
  const path = join(mkdtempSync(join(tmpdir(), 'unspin-assoc-')), 'a.bin');
  a.save(path);
  const b = Associations.load(path)!;
  assert.deepEqual([...b.sources], [...a.sources]);
  assert.deepEqual([...b.targets], [...a.targets]);
  assert.deepEqual([...b.probs], [...a.probs]);
  assert.equal(soft(b, 'sotu ratings', 'state union ratings'), soft(a, 'sotu ratings', 'state union ratings'));
  assert.equal(Associations.load(join(path, 'missing')), null);
});
