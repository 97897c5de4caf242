import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinearModel, toRow } from './linear.ts';

test('learns a separable three-class problem and round-trips through a file', () => {
  const words = ['red', 'green', 'blue'];
  const rows = [];
  const y = [];
  for (let i = 0; i < 300; i++) {
    const c = i % 3;
    rows.push(toRow([`w=${words[c]}`, `noise=${i % 7}`], 12));
    y.push(c);
  }
  const m = LinearModel.train(rows, y, { bits: 12, labels: words, epochs: 5 });
  assert.equal(m.predict(toRow(['w=green'], 12)).label, 'green');
  assert.ok(m.prob(toRow(['w=blue'], 12), 'blue') > 0.9);
  const path = join(mkdtempSync(join(tmpdir(), 'unspin-')), 'm.bin');
  m.save(path);
  const back = LinearModel.load(path);
  const row = toRow(['w=red', 'noise=3'], 12);
  assert.deepEqual(Array.from(back.probs(row)).map((p) => p.toFixed(5)), Array.from(m.probs(row)).map((p) => p.toFixed(5)));
});
