import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, names, otherForms, withoutReportingFrame, words } from './text.ts';

test('words: the ASCII fast path gives the tokens the Unicode path gives', () => {
  const unicode = (s: string) => fold(s).replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const s of [
    'The mayor said “taxes will triple” — twice… in 2019.',
    'Don’t say it’s over: ‘NATO’s plan’ (leaked)',
    'Zelensky met Müller in Kraków; Łódź said no.',
    'COVID-19 vaccines: 5G, 3.5% and www.example.com',
    '',
  ]) assert.deepEqual(words(s), unicode(s), s);
  assert.deepEqual(words('Don’t PANIC'), ['dont', 'panic']);
});

test('words and names: one form for clipped words, compounds and transliterations, whichever a text writes', () => {
  const long = ['secret', 'biological', 'laboratories', 'make', 'biological', 'weapons'];
  for (const s of ['Secret biolabs make bioweapons', 'Secret bio-labs make bio-weapons', 'Secret biolaboratories make biological weapons', 'Secret biological labs make bioweapons']) assert.deepEqual(words(s), long, s);
  assert.deepEqual(words('A lab'), ['a', 'laboratory']);
  // Ukrainian places by their Ukrainian spelling, as words and as names.
  assert.deepEqual(words("Kiev's junta shelled Lugansk and Donbass"), ['kyivs', 'junta', 'shelled', 'luhansk', 'and', 'donbas']);
  assert.deepEqual([...names("Residents say Kiev's junta shelled Lugansk")], ['residents', 'kyiv', 'luhansk']);
  // The index is given the long forms a text lacks, and nothing for a text in them already.
  assert.equal(otherForms('Secret bio-labs in Ukraine'), 'biological laboratories');
  assert.equal(otherForms('Secret biological laboratories in Ukraine'), '');
});

test('words and names: "US", "U.S.", "USA", "United States", "America" and "American" are one word, and not the pronoun', () => {
  for (const s of ['The US armed the rebels', 'The U.S. armed the rebels', 'The USA armed the rebels', 'The United States armed the rebels', 'The United States of America armed the rebels', 'The U.S.A. armed the rebels']) {
    assert.deepEqual(words(s), ['the', 'usa', 'armed', 'the', 'rebels'], s);
    assert.ok(names(`Officials said ${s.slice(4)}`).has('usa'), s);
  }
  assert.deepEqual(words('US-led strikes on U.S.-backed forces'), ['usa', 'led', 'strikes', 'on', 'usa', 'backed', 'forces']);
  // The pronoun stays a pronoun, in any case; in capitals "US" may be either, so it is left.
  assert.deepEqual(words('Let us go'), ['let', 'us', 'go']);
  assert.deepEqual(words('THEY LIED TO US'), ['they', 'lied', 'to', 'us']);
  assert.deepEqual(words('USB sticks and USSR'), ['usb', 'sticks', 'and', 'ussr']);
  // The index is given "usa" for an entry that writes "US".
  assert.equal(otherForms('The US created ISIS'), 'usa');
  // "America" and "American" too, but not another America.
  assert.deepEqual(words('American troops left Latin America'), ['usa', 'troops', 'left', 'latin', 'america']);
  assert.deepEqual(words('America armed them'), ['usa', 'armed', 'them']);
});

test('words and names: the EU, the UK and ISIS, whichever name a text gives them', () => {
  for (const [a, b] of [['the European Union', 'the EU'], ['Great Britain', 'the UK'], ['Britain', 'the UK'], ['the United Kingdom', 'the UK'], ['Daesh', 'ISIS'], ['the Islamic State', 'ISIS'], ['ISIL', 'ISIS']]) {
    assert.deepEqual(words(`${a} pays`).filter((w) => w !== 'the'), words(`${b} pays`).filter((w) => w !== 'the'), a);
    assert.deepEqual([...names(`Reports say ${a} pays`)], [...names(`Reports say ${b} pays`)], a);
  }
});

test('withoutReportingFrame: drops who reports a claim, at either end, and keeps the claim', () => {
  const claim = 'Western laboratories breed mosquitoes as weapons';
  for (const framed of [
    `${claim}, the channel claimed.`,
    `${claim}, a commentator on state television argued on Sunday.`,
    `${claim}, according to the pro-Kremlin website.`,
    `According to the pro-Kremlin website, ${claim}`,
    `The presenter has insisted that ${claim}`,
    // Who the speaker is, between commas; whom they told.
    `The host, a former army officer, claimed that ${claim}`,
    `One guest, a columnist for a conservative weekly, argued on Sunday that ${claim}`,
    `The party's leader told the crowd that ${claim}`,
    `“${claim},” the host told viewers.`,
    `${claim}, the minister assured reporters in Minsk.`,
  ]) assert.equal(withoutReportingFrame(framed).replace(/[.]$/, '').replace(/^“/, ''), claim, framed);
  // Unframed sentences, and frames that would leave under two content words, stay as they are.
  for (const t of ['Prices rose, the data showed.', 'He said the report was late.', '“We will not retreat,” the minister said.', 'The mayor, who resigned, said that.', 'Farmers told the court that']) assert.equal(withoutReportingFrame(t), t);
  // A comma inside the claim is no appositive frame: only what comes before the verb's "that" is cut.
  assert.equal(withoutReportingFrame('The host, a former officer, claimed that prices of bread, milk and fuel doubled.'), 'prices of bread, milk and fuel doubled.');
  // A clause of its own after the comma is no frame, though it has a reporting verb.
  const clause = 'Ferry fares doubled in spring, while the council still argues about parking meters.';
  assert.equal(withoutReportingFrame(clause), clause);
  // A headline's frame without "that"; not when what is left is too short to be a claim.
  assert.equal(withoutReportingFrame('Kremlin outlet claims NATO plans attack'), 'NATO plans attack');
  assert.equal(withoutReportingFrame(`State broadcaster says ${claim}`), claim);
  for (const t of ['Flood claims two lives', 'Russia says it was forced to act', 'The claims come after police warned citizens about the tool', 'Those customers have claimed $476 million per year in subsidies', 'Rocker Axl Rose was said to have died of an overdose in Las Vegas.']) assert.equal(withoutReportingFrame(t), t);
  assert.equal(withoutReportingFrame('The agency said it plans to release its cancer risk assessment'), 'it plans to release its cancer risk assessment');
});

test('withoutReportingFrame: what follows "according to X" in a clause of its own is no frame', () => {
  const t = 'Ad blocking grew, according to publishing consultancy PageFair and was used by millions.';
  assert.equal(withoutReportingFrame(t), t);
});
