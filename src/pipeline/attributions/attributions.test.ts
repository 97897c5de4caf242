import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Doc } from '../../doc/doc.ts';
import type { Attribution, EntityMention } from '../../report/schema.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { loadAttributions } from './component.ts';
import { AttributionModel } from './model.ts';
import { buildView } from './view.ts';
import { findCandidates } from './lexicon.ts';
import { cueFeatures } from './features.ts';
import { UserError } from '../../io/input.ts';

// Invented sentences and article; the committed model in models/attributions/ decides the cues.
const component = await loadAttributions({ modelDir: DEFAULT_MODEL_DIR });
const attributionsOf = (text: string, entities?: EntityMention[]): Attribution[] => {
  const doc = Doc.fromText(text);
  if (entities) doc.set('entities', entities);
  return component.predict(doc);
};
const only = (text: string): Attribution => {
  const found = attributionsOf(text);
  assert.equal(found.length, 1, `expected one attribution in ${JSON.stringify(text)}, got ${JSON.stringify(found)}`);
  return found[0]!;
};

test('straight quotes before the source: "…," Petrova said.', () => {
  const a = only('"We will not negotiate under threats," Petrova said.');
  assert.equal(a.source?.text, 'Petrova');
  assert.equal(a.cue.text, 'said');
  assert.equal(a.content.text, '"We will not negotiate under threats,"');
  assert.equal(a.kind, 'direct');
});

test('curly quotes with the source after the cue: “…,” said Petrova.', () => {
  const a = only('“We will not negotiate under threats,” said Petrova.');
  assert.equal(a.source?.text, 'Petrova');
  assert.equal(a.content.text, '“We will not negotiate under threats,”');
});

test('source before a colon and the quotation: Petrova said: “…”', () => {
  const a = only('Petrova said: “The convoy has already crossed the border.”');
  assert.equal(a.source?.text, 'Petrova');
  assert.equal(a.content.text, '“The convoy has already crossed the border.”');
  assert.equal(a.kind, 'direct');
});

test('a quotation over several sentences stays one content span', () => {
  const a = only('“We will not negotiate. The talks are over. Nobody can force us back to the table,” Petrova said.');
  assert.equal(a.content.text, '“We will not negotiate. The talks are over. Nobody can force us back to the table,”');
});

test('a quotation followed by its speaker counts even with a verb the lexicon never saw', () => {
  const a = only('“We are ready for anything,” Petrova retorted.');
  assert.deepEqual([a.source?.text, a.cue.text, a.content.text, a.kind], ['Petrova', 'retorted', '“We are ready for anything,”', 'direct']);
  const b = only('“Nothing has changed,” grumbled Volkov.');
  assert.deepEqual([b.source?.text, b.cue.text], ['Volkov', 'grumbled']);
  const c = only('Petrova retorted: “We are ready for anything.”');
  assert.deepEqual([c.source?.text, c.cue.text, c.content.text], ['Petrova', 'retorted', '“We are ready for anything.”']);
});

test('pronoun source after the quote: “…,” she told reporters.', () => {
  const a = only('“The convoy has left the city,” she told reporters.');
  assert.equal(a.source?.text, 'she');
  assert.equal(a.cue.text, 'told');
});

test('according to X, at the start and at the end of a sentence', () => {
  const a = only('According to Petrova, the talks have failed.');
  assert.equal(a.source?.text, 'Petrova');
  assert.equal(a.cue.text.toLowerCase(), 'according to');
  assert.equal(a.content.text, 'the talks have failed');
  assert.equal(a.kind, 'indirect');
  const b = only('The talks have failed, according to the ministry.');
  assert.equal(b.source?.text, 'the ministry');
  assert.equal(b.content.text, 'The talks have failed');
});

test('X said/warned/told … that …: indirect speech to the end of the clause', () => {
  const a = only('Petrova said that the talks had failed.');
  assert.deepEqual([a.source?.text, a.cue.text, a.content.text, a.kind], ['Petrova', 'said', 'that the talks had failed', 'indirect']);
  const b = only('General Sidorov warned that the troops were ready to respond.');
  assert.equal(b.source?.text, 'General Sidorov');
  assert.equal(b.content.text, 'that the troops were ready to respond');
  const c = only('Petrova told reporters that the convoy had left.');
  assert.equal(c.content.text, 'that the convoy had left');
  const d = only('The minister indicated that new sanctions would follow.');
  assert.equal(d.source?.text, 'The minister');
  assert.equal(d.cue.text, 'indicated');
});

test('according to a longer source phrase, up to its comma', () => {
  const a = only('According to a report circulated on Monday, the convoy left the city at night.');
  assert.equal(a.source?.text, 'a report circulated on Monday');
  assert.equal(a.content.text, 'the convoy left the city at night');
});

test('a source named after the cue keeps its appositive; hyphenated names stay whole', () => {
  const a = only('“The border is closed,” said Oleg Kuznetsov-Belov, a former deputy minister who now advises the governor.');
  assert.equal(a.source?.text, 'Oleg Kuznetsov-Belov, a former deputy minister who now advises the governor');
});

test('auxiliaries and adverbs belong to the cue, not to the source', () => {
  const a = only('The minister also warned that the bridge would be closed.');
  assert.equal(a.source?.text, 'The minister');
  assert.equal(a.cue.text, 'also warned');
});

test('a quoted phrase inside indirect speech keeps the clause as content', () => {
  const a = only('Petrova said the exercises were a “clear provocation” by the alliance.');
  assert.equal(a.kind, 'indirect');
  assert.equal(a.content.text, 'the exercises were a “clear provocation” by the alliance');
});

test('a quotation split by its cue is one content span; a partial quotation keeps its sentence', () => {
  const a = only('“The answer is simple,” Volkov said, “we will not leave.”');
  assert.equal(a.content.text, '“The answer is simple,” Volkov said, “we will not leave.”');
  assert.equal(a.kind, 'direct');
  const b = only('The referendum was a “triumph of democracy,” Petrova said.');
  assert.equal(b.content.text, 'The referendum was a “triumph of democracy,”');
});

test('a quotation continued in the next paragraph belongs to the same speaker', () => {
  const text = '“We saw the columns,” said Volkov.\n\n“They came from the west and did not stop.”';
  const a = only(text);
  // PolNeAR scores a quotation interrupted by its cue as one extent, so the content spans both parts.
  assert.equal(a.content.text, text);
  assert.equal(a.source?.text, 'Volkov');
});

test('time phrases stay out of the content; an appositive after "according to" stays in the source', () => {
  const a = only('Petrova said on Tuesday that the convoy had been stopped.');
  assert.equal(a.content.text, 'that the convoy had been stopped');
  const c = only('Peskov on Monday said that the talks would continue.');
  assert.deepEqual([c.source?.text, c.cue.text, c.content.text], ['Peskov', 'said', 'that the talks would continue']);
  const b = only('According to General Ivan Sidorov, the head of the centre, the convoy was stopped.');
  assert.equal(b.source?.text, 'General Ivan Sidorov, the head of the centre');
  assert.equal(b.content.text, 'the convoy was stopped');
});

test('a participle cue takes the subject of its sentence', () => {
  const found = attributionsOf('Volkov returned to Moscow on Friday, insisting that nothing had changed.');
  const insisting = found.find((a) => a.cue.text === 'insisting');
  assert.ok(insisting, JSON.stringify(found));
  assert.equal(insisting.source?.text, 'Volkov');
  assert.equal(insisting.content.text, 'that nothing had changed');
});

test('a missing model folder is one clear user error', async () => {
  await assert.rejects(loadAttributions({ modelDir: '/nonexistent-unspin-models' }), (e: Error) => e instanceof UserError && /attribution model not found/.test(e.message));
});

test('spans index the original text', () => {
  const text = 'Title line\n\n“It is a provocation,” Volkov said on Monday.';
  for (const a of attributionsOf(text)) {
    for (const s of [a.source, a.cue, a.content]) if (s) assert.equal(text.slice(s.start, s.end), s.text);
  }
});

test('odd input never breaks the spans: stray, unbalanced and nested quotes, empty text', () => {
  const pieces = ['“', '”', '"', "''", '‘', '’', ',', '.', ':', ' said ', ' Petrova ', ' according to ', ' that ', '\n\n', ' he ', '(', ')', ' - '];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const texts = ['', '   ', '"', '“unclosed quotation said Petrova', 'said', 'According to', '“”', '"" said'];
  for (let n = 0; n < 200; n++) texts.push(Array.from({ length: 1 + Math.floor(next() * 25) }, () => pieces[Math.floor(next() * pieces.length)]).join('') + 'x.');
  for (const text of texts) {
    if (!text.trim()) continue;
    for (const a of attributionsOf(text)) {
      for (const s of [a.source, a.cue, a.content]) {
        if (!s) continue;
        assert.ok(s.start >= 0 && s.start < s.end && s.end <= text.length, `bad span ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
        assert.equal(text.slice(s.start, s.end), s.text);
      }
    }
  }
});

test('text without any reporting has no attributions', () => {
  assert.deepEqual(attributionsOf('The river froze early this year. Boats stayed in the harbour until March.'), []);
});

test('sources resolve to their entity; "she" to the closest preceding person', () => {
  const text = 'Anna Petrova, the ministry spokeswoman, said the talks had failed. "There is nothing to discuss," Petrova told reporters. Later she said that the convoy had left.';
  const mention = (s: string, entity: number, from = 0): EntityMention => {
    const start = text.indexOf(s, from);
    return { start, end: start + s.length, text: s, type: 'PER', entity };
  };
  const entities = [mention('Anna Petrova', 7), mention('Petrova', 7, text.indexOf('"'))];
  const found = attributionsOf(text, entities);
  assert.deepEqual(found.map((a) => [a.source?.text, a.entity]), [
    ['Anna Petrova, the ministry spokeswoman', 7],
    ['Petrova', 7],
    ['she', 7],
  ]);
  // Without an entities layer nothing is resolved, but the sources stay.
  assert.deepEqual(attributionsOf(text).map((a) => a.entity), [null, null, null]);
});

test('a pronoun before any quoted person takes the person mentioned last', () => {
  const text = 'Oleg Volkov arrived in Minsk on Monday. He said that the talks would resume.';
  const start = text.indexOf('Oleg Volkov');
  const found = attributionsOf(text, [{ start, end: start + 11, text: 'Oleg Volkov', type: 'PER', entity: 3 }]);
  assert.deepEqual(found.map((a) => [a.source?.text, a.entity]), [['He', 3]]);
});

test('"he" takes the person named since the last quote, not the one quoted before; a person named later in a sentence does not count', () => {
  const resolve = (text: string, people: Array<[string, number]>) => {
    const entities = people.map(([name, entity]): EntityMention => {
      const start = text.indexOf(name);
      return { start, end: start + name.length, text: name, type: 'PER', entity };
    });
    return attributionsOf(text, entities).map((a) => [a.source?.text, a.entity]);
  };
  // Invented text of the audit's kind.
  assert.deepEqual(resolve('"The lanes are here to stay," Mayor Sarah Lund said. Shop owner Raj Patel disagreed. "Trade is down by a fifth," he said.', [['Sarah Lund', 1], ['Raj Patel', 2]]), [
    ['Mayor Sarah Lund', 1],
    ['he', 2],
  ]);
  const second = resolve('"The lanes stay," said Sarah Lund, whose rival Raj Patel runs the bakery. "We will not move," she added.', [['Sarah Lund', 1], ['Raj Patel', 2]]);
  assert.deepEqual(second.map(([, entity]) => entity), [1, 1]);
});

test('nested reporting: the outer content holds the inner report, whose source does not reach back over the outer cue', () => {
  const found = attributionsOf('The minister said the report showed that crime had fallen.');
  assert.deepEqual(found.map((a) => [a.source?.text, a.cue.text, a.content.text]), [
    ['The minister', 'said', 'the report showed that crime had fallen'],
    ['the report', 'showed', 'that crime had fallen'],
  ]);
});

test('a place resolves only as the whole source; a name cut at a stop word widens to its mention', () => {
  const text = 'Moscow warned that the talks were over. “Nothing will change,” said Tomás do Rosário.';
  const at = (s: string, type: EntityMention['type'], entity: number): EntityMention => {
    const start = text.indexOf(s);
    return { start, end: start + s.length, text: s, type, entity };
  };
  // Invented tagger output; without it the source rules stop at "do" and give "Tomás".
  const found = attributionsOf(text, [at('Moscow', 'LOC', 1), at('Tomás do Rosário', 'PER', 2)]);
  assert.deepEqual(found.map((a) => [a.source?.text, a.entity]), [['Moscow', 1], ['Tomás do Rosário', 2]]);
});

test('a source is never widened over its cue or content, nor named by a mention that holds them', () => {
  const text = 'Mayor Lund Slams Reckless Council Plan';
  const start = text.indexOf('Lund');
  // Invented tagger output of the kind an audit met: the headline's last five words as one organisation.
  const found = attributionsOf(text, [{ start, end: text.length, text: text.slice(start), type: 'ORG', entity: 0 }]);
  assert.deepEqual(found.map((a) => [a.source?.text, a.cue.text, a.content.text, a.entity]), [['Mayor Lund', 'Slams', 'Reckless Council Plan', null]]);
});

test('the person a source names outranks the organisation before it', () => {
  const text = '“We have the evidence,” said Foreign Ministry spokeswoman Anna Petrova.';
  const at = (s: string, type: EntityMention['type'], entity: number): EntityMention => {
    const start = text.indexOf(s);
    return { start, end: start + s.length, text: s, type, entity };
  };
  const [a] = attributionsOf(text, [at('Foreign Ministry', 'ORG', 4), at('Anna Petrova', 'PER', 9)]);
  assert.equal(a?.source?.text, 'Foreign Ministry spokeswoman Anna Petrova');
  assert.equal(a?.entity, 9);
});

test('headline quotation with a colon, and a dash after the closing quote', () => {
  const a = only('Volkov: “The sanctions have failed”');
  assert.deepEqual([a.source?.text, a.cue.text, a.content.text, a.kind], ['Volkov', ':', '“The sanctions have failed”', 'direct']);
  const t = attributionsOf('Volkov: Sanctions Have Failed\n\nThe river froze early this year.');
  assert.deepEqual(t.map((a) => [a.source?.text, a.cue.text, a.content.text]), [['Volkov', ':', 'Sanctions Have Failed']]);
  // Only a title reads as a statement without quotation marks.
  assert.deepEqual(attributionsOf('The river froze.\n\nOfficials: the harbour closed for the winter.').map((a) => a.cue.text), []);
  // A headline's label before the colon names no speaker.
  for (const kicker of ['BREAKING', 'Exclusive', 'WATCH']) assert.deepEqual(attributionsOf(`${kicker}: Sanctions Have Failed\n\nThe river froze early this year.`), [], kicker);
  const b = only('“Washington is financing the militants”, – Petrova said at a briefing.');
  assert.equal(b.source?.text, 'Petrova');
  assert.equal(b.content.text, '“Washington is financing the militants”');
});

const OFFICIALS: Array<[string, string[]]> = [
  ['kremlin-style.txt', ['Petrova', 'Sidorov', 'Volkov', 'Orlov']],
  ['kremlin-briefing.txt', ['Lavrov', 'Peskov', 'Zakharova', 'Konashenkov', 'Pushilin', 'Antonov', 'Fomin']],
  ['kremlin-denials.txt', ['Zakharova', 'Nebenzya', 'Shoigu', 'Putin', 'Medvedev', 'Ryabkov', 'Kadyrov']],
];
for (const [file, names] of OFFICIALS) {
  test(`pro-Kremlin style article ${file}: every official quoted by name is an attribution source`, () => {
    const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
    const sources = attributionsOf(text).map((a) => a.source?.text ?? '');
    for (const name of names) {
      assert.ok(sources.some((s) => s.includes(name)), `${name} missing from sources ${JSON.stringify(sources)}`);
    }
  });
}

test('cue features read each quote mark once per text, not once per cue: one sentence of many cues stays linear', () => {
  const doc = Doc.fromText(`“Yes,” ${'she said '.repeat(2_000)}“no.”`);
  const view = buildView(doc);
  // Count the reads of the quote-mark array while every candidate's features are computed.
  let reads = 0;
  const counted = new Proxy(view.quote, { get: (q, k) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(q, k)) });
  const countedView = { ...view, quote: counted };
  const cues = findCandidates(countedView, AttributionModel.load(`${DEFAULT_MODEL_DIR}/attributions`).lexicon);
  assert.ok(cues.length >= 2_000);
  reads = 0;
  const features = cues.map((c) => cueFeatures(countedView, c));
  assert.ok(reads <= 2 * view.quote.length, `${reads} reads for ${view.quote.length} tokens`);
  // The quote marks are still seen: in the sentence, and near the first and the last cue only.
  assert.ok(features.every((f) => f.includes('quoteIn')));
  assert.ok(features[0]!.includes('quoteNear') && features.at(-1)!.includes('quoteNear'));
  assert.ok(!features[1_000]!.includes('quoteNear'));
});

test('a source before a relative clause is found, and an inverted "said X" does not take the content\'s subject', () => {
  const a = only('The harbour master, who took office in May, said the deal was signed in secret.');
  assert.equal(a.source?.text, 'The harbour master');
  assert.equal(a.content.text, 'the deal was signed in secret');
  // No source before the cue: "the deal" is followed by its verb, so it opens the content.
  const b = only('In a long statement, said the deal was signed in secret.');
  assert.notEqual(b.source?.text, 'the deal');
  assert.match(b.content.text, /^the deal was signed in secret/);
  // An inversion still finds its source after the cue.
  assert.equal(only('The deal was signed in secret, said Ana Roe.').source?.text, 'Ana Roe');
  // An appositive after an inverted source, whatever word opens it.
  assert.equal(only('"The pier is closed," said Ana Roe, chairman of the harbour board.').source?.text, 'Ana Roe, chairman of the harbour board');
});

test('a report inside reported content without a source of its own does not cut that content mid-clause', () => {
  const found = attributionsOf('Tomas Berg told reporters that the council had ignored three studies showing the pier could be repaired for half the cost.');
  assert.equal(found[0]?.content.text, 'that the council had ignored three studies showing the pier could be repaired for half the cost');
});

test('reported content runs on over ", and" (PolNeAR mostly marks both clauses as said), and stops before a new report', () => {
  const found = attributionsOf('Ana Roe noted that the case was weak, and that the court was tired of it.');
  assert.equal(found[0]?.content.text, 'that the case was weak, and that the court was tired of it');
  const two = attributionsOf('The mayor said the bridge would reopen in May, and the ferry company said it would cut prices.');
  assert.deepEqual(two.map((a) => a.content.text), ['the bridge would reopen in May', 'it would cut prices']);
});

test('a report inside a subordinate clause of reported content stays inside it', () => {
  const found = attributionsOf('The paper reported the email came hours after Ana Roe proposed a new toll.');
  assert.equal(found[0]?.content.text, 'the email came hours after Ana Roe proposed a new toll');
});

test('"…, according to X on Y." takes all of "X on Y" as the source, and the sentence before it as the content', () => {
  const a = attributionsOf('Bill Gates has long wanted to put chips into every vaccine, according to posts on several forums.')[0]!;
  assert.deepEqual([a.source?.text, a.content.text], ['posts on several forums', 'Bill Gates has long wanted to put chips into every vaccine']);
});

test('a report a subordinate clause opens without a source ("fired after warning that …") stays inside the content', () => {
  assert.equal(attributionsOf('A nurse in Ohio says she was fired after warning that the vaccine makes people magnetic.')[0]?.content.text, 'she was fired after warning that the vaccine makes people magnetic');
});

test('a frame after its content may go on with a time phrase or a participle clause; a semicolon ends reported content', () => {
  const a = attributionsOf('The last mill in Branford will close in March, the owners announced on Friday, putting 340 jobs at risk.')[0]!;
  assert.deepEqual([a.source?.text, a.content.text], ['the owners', 'The last mill in Branford will close in March']);
  const b = attributionsOf('Some economists argue the closure reflects decline; others say the mill could have survived.')[0]!;
  assert.equal(b.content.text, 'the closure reflects decline');
});

test('"have long argued": "long" joins the cue as the other adverbs do, and the source before it is found', () => {
  const a = only('Critics have long argued that the port is too small.');
  assert.deepEqual([a.source?.text, a.cue.text], ['Critics', 'have long argued']);
});

test('single quotation marks, as British news quotes: ‘…’ and \'…\', apostrophes and plural possessives left alone', () => {
  const curly = only('‘We have no other option,’ a council source said.');
  assert.deepEqual([curly.source?.text, curly.content.text, curly.kind], ['a council source', '‘We have no other option,’', 'direct']);
  const straight = only("'It's a disgrace,' she added.");
  assert.deepEqual([straight.source?.text, straight.content.text, straight.kind], ['she', "'It's a disgrace,'", 'direct']);
  // "workers’" is a possessive, not the end of the quotation.
  assert.equal(only('‘The workers’ union is strong,’ she said.').content.text, '‘The workers’ union is strong,’');
  // Inside a double quotation, single marks quote within the quote, and the reverse.
  assert.equal(only('"He told me ‘never again’ and left," she said.').content.text, '"He told me ‘never again’ and left,"');
  assert.equal(only('‘He told me “never again” and left,’ she said.').content.text, '‘He told me “never again” and left,’');
  // A single mark never closed (a typo) leaves the double quotation after it alone.
  assert.equal(attributionsOf('Fans still call it \'the mill. "We had work then," she said.').at(-1)?.content.text, '"We had work then,"');
});

test('a bare plural is a source ("…, campaigners claimed last night."), and an age between name and relative clause is no source', () => {
  const a = only('Pensioners face the steepest tax rise in a decade, campaigners claimed last night.');
  assert.deepEqual([a.source?.text, a.content.text], ['campaigners', 'Pensioners face the steepest tax rise in a decade']);
  const b = only('Margaret Ellis, 78, who has lived in the town for fifty years, said she would have to choose between heating and eating.');
  assert.equal(b.source?.text, 'Margaret Ellis, 78');
  assert.equal(only('Marin, now 41, says she has emails that prove otherwise.').source?.text, 'Marin, now 41');
});

test('"…, people familiar with the matter said." and other plural sources with what follows them', () => {
  const a = only('The talks collapsed on Sunday, people familiar with the matter said.');
  assert.deepEqual([a.source?.text, a.content.text], ['people familiar with the matter', 'The talks collapsed on Sunday']);
});

test('a participle that shortens a relative clause ("The report, published on Tuesday, found") is passed over to the source', () => {
  const a = only('The report, published on Tuesday, found that emissions rose by 4 percent.');
  assert.deepEqual([a.source?.text, a.content.text], ['The report', 'that emissions rose by 4 percent']);
});

test('a quotation that goes on into the next paragraph, reopened there as newspapers do, stays one quotation', () => {
  const text = '"I told him the wall would not hold," she recalled. "He laughed.\n\n"Two months later the water came through."\n\nThe authority disputes this.';
  const a = attributionsOf(text)[0]!;
  assert.equal(a.content.text, '"I told him the wall would not hold," she recalled. "He laughed.\n\n"Two months later the water came through."');
});

test('a second verb joined by "and" shares the source the first one found ("Council leader Peter Arnott dismissed … and said …")', () => {
  const [first, second] = attributionsOf('Council leader Peter Arnott dismissed the claims as "complete nonsense" and said the masts had been approved in 2019 after a public consultation.');
  assert.equal(first?.source?.text, 'Council leader Peter Arnott');
  assert.equal(second?.cue.text, 'said');
  assert.equal(second?.source?.text, 'Council leader Peter Arnott');
});

test('a passive report verb followed by a place or time reports nothing, and does not cut the report around it', () => {
  const a = only('Documents seen by this paper show that the masts went live three weeks before the first cases of the virus were reported in the town.');
  assert.equal(a.cue.text, 'show');
  assert.equal(a.content.text, 'that the masts went live three weeks before the first cases of the virus were reported in the town');
  // With content after it, the passive verb still reports.
  assert.equal(only('It was announced in a statement that the masts would be removed.').content.text, 'that the masts would be removed');
});

test('a source with a participle and its agent keeps its head noun ("A study commissioned by the ministry found")', () => {
  assert.equal(only('A study commissioned by the ministry found that the water was safe.').source?.text, 'A study commissioned by the ministry');
  assert.equal(only('Documents seen by this paper show that the masts went live early.').source?.text, 'Documents seen by this paper');
});

test('a quotation right after its cue is the content, without the words before it; an article alone is no source', () => {
  const a = only('Petrova said “We will not negotiate.”');
  assert.deepEqual([a.source?.text, a.content.text, a.kind], ['Petrova', '“We will not negotiate.”', 'direct']);
  const found = attributionsOf('A campaign group said on Tuesday that 8,000 dead people voted, a claim election officials called "baseless".');
  assert.ok(found.every((x) => x.source?.text !== 'a'), JSON.stringify(found.map((x) => x.source?.text)));
  assert.equal(found.find((x) => x.cue.text === 'called')?.content.text, '"baseless"');
});

test('a frame without its article at the end of a headline-style sentence: "…, study finds"', () => {
  const a = only('Vaccine linked to heart attacks, study finds');
  assert.deepEqual([a.source?.text, a.cue.text, a.content.text], ['study', 'finds', 'Vaccine linked to heart attacks']);
  assert.equal(only('Fuel prices to rise again in spring, industry group warns.').source?.text, 'industry group');
});

test('a quotation that is all of the content, followed by "but", ends what was said', () => {
  assert.equal(attributionsOf('The site cited "military sources" but gave no evidence.').find((x) => x.cue.text === 'cited')?.content.text, '"military sources"');
  // Content that goes on past its quoted words keeps the "but" clause, as PolNeAR marks it.
  assert.equal(only('She said the plan was “a disaster” but could still be saved.').content.text, 'the plan was “a disaster” but could still be saved');
});

test('a source that ends with a bare plural after plain modifiers ("election officials called", "local health experts warned")', () => {
  const found = attributionsOf('A campaign group said 8,000 dead people voted, a claim election officials called "baseless".');
  assert.equal(found.find((x) => x.cue.text === 'called')?.source?.text, 'election officials');
  assert.equal(only('Local health experts warned that the clinics would close.').source?.text, 'Local health experts');
  assert.equal(only('The harbour will close, local health experts warned.').source?.text, 'local health experts');
});

test('a cue inside a quotation is marked as such for the classifier; one outside is not', () => {
  const view = buildView(Doc.fromText('“The minister told us nothing,” the mayor said.'));
  const lexicon = AttributionModel.load(`${DEFAULT_MODEL_DIR}/attributions`).lexicon;
  const byWord = new Map(findCandidates(view, lexicon).map((c) => [view.low[c.i]!, cueFeatures(view, c)]));
  assert.ok(byWord.get('told')?.includes('inQuote'), JSON.stringify([...byWord.keys()]));
  assert.ok(byWord.get('said') && !byWord.get('said')!.includes('inQuote'));
});

test('a nested report with an auxiliary and negation ("outlets have not reported") stays inside the content around it', () => {
  const found = attributionsOf('Observers note that Western outlets have not reported the attacks.');
  assert.equal(found.find((x) => x.cue.text === 'note')?.content.text, 'that Western outlets have not reported the attacks');
});

test('a verb of telling after its content may name whom it told: "…, the head of the administration told journalists on Sunday."', () => {
  const a = attributionsOf('Shelling of the district went on all week, the head of the local administration told journalists on Sunday.').find((x) => x.cue.text === 'told');
  assert.deepEqual([a?.source?.text, a?.content.text], ['the head of the local administration', 'Shelling of the district went on all week']);
  assert.equal(only('The plant will close, the minister told the crowd.').content.text, 'The plant will close');
});

test('a participle and its time phrase between a source and its cue belong to the source ("official figures published on Thursday show")', () => {
  const a = only('Waiting times in England have reached a record 7.8 million, official figures published on Thursday show.');
  assert.deepEqual([a.source?.text, a.content.text], ['official figures published on Thursday', 'Waiting times in England have reached a record 7.8 million']);
});

test('a lower-case title between a quotation and the name is part of the source, and the quotation is its content', () => {
  const a = only('"This is about respect," union leader Kees de Vries told a rally outside the offices.');
  assert.deepEqual([a.source?.text, a.content.text, a.kind], ['union leader Kees de Vries', '"This is about respect,"', 'direct']);
});
