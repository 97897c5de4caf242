import type { Command } from 'commander';
import pc from 'picocolors';
import { UserError, validateText } from '../../io/input.ts';
import { inert } from '../render.ts';
import { MATCH_TOP_MAX, SEARCH_TOP_MAX, kbsOption, openSearcher, topOption } from './kb.ts';
import { lookupOptions } from '../../kb/search-options.ts';
import { lookUpAnswer } from '../../pipeline/narratives/component.ts';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
/** Two decimals, cut rather than rounded: 0.6096 under a threshold of 0.61 read "0.61 (below threshold)". */
const scoreText = (score: number) => (Math.floor(score * 100) / 100).toFixed(2);

export function registerMatch(program: Command): void {
  program
    .command('match')
    .description('Look up one claim: the known narratives and fact-checks it repeats, best first')
    .argument('<text>', 'the claim, in quotes')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('--top <n>', `how many matches, 1 to ${MATCH_TOP_MAX} (each is printed in full; \`kb search\` ranks up to ${SEARCH_TOP_MAX} for evaluation)`, '5')
    .option('--kb <names>', 'only these catalogues, comma-separated (e.g. euvsdisinfo,snopes)')
    .option('--db <file>', 'knowledge base file (default: $UNSPIN_KB or .cache/kb.sqlite)')
    .action((text: string, opts) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`unknown format "${opts.format}" (use text or json)`);
      const top = topOption(opts.top, MATCH_TOP_MAX);
      validateText(text, 'claim');
      const { searcher, calibration } = openSearcher(opts.db);
      const kbs = kbsOption(opts.kb, searcher!);
      const matches = searcher!.search(text, lookupOptions(top, kbs, calibration.namedKbs, calibration.synonymCover));
      // The same answer as POST /v1/match; the text output says the same in words.
      const answer = lookUpAnswer(text, searcher!.contentWordsOf(text).length, matches, calibration);
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
        return;
      }
      const color = !!process.stdout.isTTY || !!process.env.FORCE_COLOR;
      const b = (s: string) => (color ? pc.bold(s) : s);
      const dim = (s: string) => (color ? pc.dim(s) : s);
      const lines: string[] = [];
      const { threshold, minCover = 0 } = calibration;
      const { contentWords, minContentWords } = answer;
      const short = contentWords < minContentWords;
      const strong = answer.matches.filter((m) => m.reported).length;
      if (!matches.length) {
        process.stdout.write('No candidates at all: the claim shares no words with the knowledge base.\n');
        return;
      }
      // A claim too short for a report is still worth a look-up, but nothing it finds is what a report shows.
      lines.push(short
        ? b(`A report looks up only sentences with at least ${minContentWords} content words, and this claim has ${contentWords}, so a report would show none of these; nearest candidates:`)
        : strong
          ? b(`${strong} known item${strong > 1 ? 's' : ''} match${strong > 1 ? '' : 'es'} this claim (score ≥ ${threshold}, as a report shows it):`)
          : b(`No known item matches this claim well enough for a report to show it; nearest candidates:`));
      if (answer.refutes) lines.push(`(The claim names this to refute it: "${inert(answer.refutes.text)}".)`);
      matches.forEach(({ entry: e, score, copies, cover }, i) => {
        // Why a report would not show it: the score, or an entry that has too few of the claim's words
        // (a claim too short for a report is said once, above).
        const mark = score < threshold ? dim(' (below threshold)') : short ? '' : cover < minCover ? dim(` (not shown by a report: it has ${Math.round(cover * 100)}% of the claim's words${calibration.synonymCover ? `, a synonym counting as ${calibration.synonymCover} of a word` : ''}, under ${Math.round(minCover * 100)}%)`) : '';
        lines.push('', `${i + 1}. ${b(inert(e.title))}${mark}`);
        lines.push(`   ${e.kb}:${inert(e.id)}  score ${scoreText(score)}${e.date ? `  ${e.date}` : ''}${e.verdict ? `  verdict: ${inert(e.verdict)}` : ''}`);
        if (e.narrative) lines.push(`   narrative: ${inert(e.narrative)}`);
        if (e.speaker) lines.push(`   said by: ${inert(e.speaker)}`);
        if (e.outlets) lines.push(`   outlets: ${inert(clip(e.outlets, 200))}`);
        const why = e.disproof ?? e.summary;
        if (why) lines.push(`   ${dim(inert(clip(why.replace(/\s+/g, ' '), 300)))}`);
        if (e.url) lines.push(`   ${inert(e.url)}`);
        if (copies.length) lines.push(`   ${dim(`also filed as ${copies.map((id) => `${e.kb}:${inert(id)}`).join(', ')}`)}`);
      });
      process.stdout.write(lines.join('\n') + '\n');
    });
}
