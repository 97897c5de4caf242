import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractArticle, MAX_HTML_DEPTH } from './html.ts';
import { UserError } from './input.ts';

const nested = (levels: number) => '<div>'.repeat(levels) + '<p>The harbour board raised the ferry toll by a third in May.</p>' + '</div>'.repeat(levels);

test('a page nested deeper than the limit is refused with a clear error, before Readability reads it', () => {
  assert.throws(() => extractArticle(nested(2000)), (e: unknown) => e instanceof UserError && /more than 256 levels deep/.test(e.message));
  assert.equal(MAX_HTML_DEPTH, 256);
});

test('a page nested as deep as the limit allows is still read', () => {
  // html > body > the divs > p: four levels besides the divs.
  const { text } = extractArticle(nested(MAX_HTML_DEPTH - 4));
  assert.match(text, /ferry toll by a third/);
  assert.throws(() => extractArticle(nested(MAX_HTML_DEPTH - 2)), UserError);
});
