import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refutationCue } from './refutation.ts';

const cue = (text: string) => {
  const c = refutationCue(text);
  return c ? text.slice(c.start, c.end) : null;
};

test('the words that refute a claim are found, wherever the sentence puts them', () => {
  assert.equal(cue('There is no evidence that the US runs secret biolabs in Ukraine.'), 'There is no evidence that');
  assert.equal(cue('Officials found no proof of any such laboratories.'), 'no proof of');
  assert.equal(cue('It is false that Ukraine is controlled by neo-Nazis.'), 'It is false that');
  assert.equal(cue("It's a myth that the West wants to dismember Russia."), "It's a myth that");
  assert.equal(cue('Experts have debunked the myth that the US runs secret biolabs in Ukraine.'), 'debunked the myth that');
  assert.equal(cue('The ministry denied reports that troops had crossed the border.'), 'denied reports that');
  assert.equal(cue('The baseless claim that NATO provoked the war keeps spreading.'), 'baseless claim that');
  assert.equal(cue('Fact check: no evidence of secret US biolabs in Ukraine'), 'Fact check:');
});

test('a claim stated, reported or merely negated is no refutation', () => {
  for (const text of [
    'The US runs secret biolabs in Ukraine.',
    'The minister said that the US runs secret biolabs in Ukraine.',
    'Ukraine is not controlled by neo-Nazis.',
    'NATO never stopped expanding towards Russian borders.',
    'The evidence shows that the labs exist, the channel claimed.',
  ]) assert.equal(cue(text), null, text);
});
