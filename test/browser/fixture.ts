import type { Report } from '../../src/report/schema.ts';
import { TAXONOMY, type Technique } from '../../src/pipeline/techniques/taxonomy.ts';

/**
 * An invented article with a full report over it (every layer, overlapping technique spans and
 * hostile markup in the text), built from substrings so every offset is right by construction.
 * The page opens it like an exported report, so the rendering is tested without trained models.
 */
export const FIXTURE_TEXT = [
  'SHOCKING: Dam Traitors Exposed <script>window.__pwned = 1</script>',
  '',
  'The corrupt water board has once again betrayed every honest family in Lakeview. According to the regional auditor, the board spent 4.2 million on a dam that leaks 30% of its water.',
  '',
  '"They lied about the dam. They lied about the floods," said Mayor Tomas Reyes. "Nobody answers for it." Reyes added that the board "will stop at nothing".',
  '',
  'Read the truth here: <a href="javascript:window.__pwned=2">click</a> and look at <img src=x onerror="window.__pwned=3">. Only true patriots will stand with us!',
].join('\n');

const at = (needle: string, from = 0) => {
  const start = FIXTURE_TEXT.indexOf(needle, from);
  if (start < 0) throw new Error(`fixture text lacks ${needle}`);
  return { start, end: start + needle.length, text: needle };
};

const technique = (needle: string, t: Technique, score: number) => ({ ...at(needle), technique: t, score, explanation: TAXONOMY[t].explanation });

const sentenceSpans = () => {
  const out: Array<{ start: number; end: number }> = [];
  const re = /[^\n.!?]+(?:[.!?]+["”]?|$)/gm;
  for (let m = re.exec(FIXTURE_TEXT); m; m = re.exec(FIXTURE_TEXT)) {
    const s = m.index + (m[0].length - m[0].trimStart().length);
    const e = m.index + m[0].trimEnd().length;
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
};

export function fixtureReport(): Report & { text: string; meta: Record<string, string> } {
  const title = at('SHOCKING: Dam Traitors Exposed <script>window.__pwned = 1</script>');
  return {
    version: '1',
    text: FIXTURE_TEXT,
    meta: { url: 'https://lakeview-truth.example/dam', outlet: 'Lakeview Truth' },
    title: { start: title.start, end: title.end },
    sentences: sentenceSpans(),
    techniques: [
      technique('Dam Traitors', 'Name_Calling,Labeling', 0.81),
      // Two overlapping spans: loaded language inside a longer appeal to fear.
      technique('The corrupt water board has once again betrayed every honest family', 'Appeal_to_fear-prejudice', 0.64),
      technique('corrupt', 'Loaded_Language', 0.9),
      technique('They lied about the dam. They lied about the floods,', 'Repetition', 0.72),
      technique('will stop at nothing', 'Exaggeration,Minimisation', 0.55),
      technique('<a href="javascript:window.__pwned=2">click</a>', 'Doubt', 0.4),
      technique('<img src=x onerror="window.__pwned=3">', 'Loaded_Language', 0.35),
      technique('Only true patriots will stand with us!', 'Flag-Waving', 0.77),
    ],
    claims: [
      { ...at('According to the regional auditor, the board spent 4.2 million on a dam that leaks 30% of its water.'), score: 0.91 },
      { ...at('Reyes added that the board "will stop at nothing".'), score: 0.32 },
    ],
    attributions: [
      { source: at('Mayor Tomas Reyes'), cue: at('said'), content: at('"They lied about the dam. They lied about the floods," said Mayor Tomas Reyes. "Nobody answers for it."'), kind: 'direct', entity: 1 },
      { source: at('Reyes', FIXTURE_TEXT.indexOf('Reyes added')), cue: at('added'), content: at('the board "will stop at nothing"'), kind: 'indirect', entity: 1 },
    ],
    entities: [
      { ...at('Lakeview'), type: 'LOC', entity: 0 },
      { ...at('Tomas Reyes'), type: 'PER', entity: 1 },
      { ...at('Reyes', FIXTURE_TEXT.indexOf('Reyes added')), type: 'PER', entity: 1 },
      { ...at('water board'), type: 'ORG', entity: 2 },
    ],
    headline: { text: title.text, clickbait: 0.86, signals: [{ kind: 'shouting_caps', text: 'SHOCKING', start: title.start, end: title.start + 8 }, { kind: 'hyperbole', text: 'Exposed' }] },
    style: { sensational: 0.58, loadedWordShare: 0.07, exclamations: 1 },
    narratives: [{
      claim: at('According to the regional auditor, the board spent 4.2 million on a dam that leaks 30% of its water.'),
      matches: [
        { kb: 'snopes', id: 's-1', title: 'Lakeview dam leaks a third of its water <b>bold</b>', url: 'https://factcheck.example/lakeview-dam', date: '2025-11-02', verdict: 'False', summary: 'Inspections found losses under 2%.', score: 0.83 },
        { kb: 'euvsdisinfo', id: 'e-2', title: 'Hostile link must stay text', url: 'javascript:window.__pwned=4', verdict: 'Disinformation', outlets: 'Example Daily, <img src=x onerror="window.__pwned=5">', speaker: 'A. Blogger', score: 0.41 },
      ],
    }],
    narrativeSummary: [{ kb: 'snopes', id: 's-1', title: 'Lakeview dam leaks a third of its water', claims: 1, score: 0.83 }],
    source: { domain: 'lakeview-truth.example', known: true, labels: [{ provider: 'Invented Ratings', factuality: 'low', bias: 'right', reliability: 'unreliable' }] },
    notes: ['This report was made from invented test data.'],
  };
}
