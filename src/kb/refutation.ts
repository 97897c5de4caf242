/**
 * Words by which a sentence names a claim to refute it: "there is no evidence that", "it is false
 * that", "debunked the claim that", "the myth that". A report still shows the catalogued claim
 * such a sentence names, since a fact-checker wants the case, but marks it: a debunk read as a
 * repetition would make a fact-checking outlet look like a spreader (an audit: "There is no
 * evidence that the US runs secret biolabs in Ukraine" showed "Secret American bio-labs in
 * Ukraine" at 0.84). Plain negation ("Ukraine is not controlled by …") is not read as a refutation:
 * the lab notes found restatements in the catalogue's own cases that negate one side only
 * ("never ceased to exist" / "still exists"), so a word list cannot tell the two apart.
 */
const CUES = [
  // "There is no evidence that …", "without any proof of …", "no sign that …"
  /\b(?:there\s+(?:is|was|has\s+been)\s+)?(?:no|not\s+any|without\s+(?:any\s+)?)\s*(?:credible\s+|real\s+|such\s+)?(?:evidence|proof|indication|sign)\s+(?:that|of|for)\b/i,
  // "It is false that …", "it is not true that …", "it is a myth that …"
  /\bit(?:\s+is|['’]s|\s+was)\s+(?:simply\s+)?(?:false|untrue|not\s+true|a\s+myth|a\s+lie|a\s+hoax|nonsense)\s+that\b/i,
  // "the false claim that …", "baseless allegations of …", "a conspiracy theory that …"
  /\b(?:false|baseless|unfounded|debunked|bogus|discredited|fabricated|groundless|unsubstantiated)\s+(?:claims?|allegations?|rumou?rs?|theor(?:y|ies)|reports?|stor(?:y|ies)|narratives?|assertions?)\s+(?:that|of|about)\b/i,
  /\b(?:the\s+|a\s+)?(?:myth|hoax|conspiracy\s+theory|falsehood|fabrication)\s+that\b/i,
  // "… debunked the claim that …", "officials denied reports that …"
  /\b(?:debunk(?:ed|s|ing)?|refut(?:ed|es|ing)|disprov(?:ed|es|ing)|dismiss(?:ed|es|ing)|den(?:ied|ies|ying)|reject(?:ed|s|ing))\s+(?:the\s+|a\s+|any\s+)?(?:claims?|allegations?|rumou?rs?|reports?|idea|notion|myth|suggestions?|assertions?|theor(?:y|ies))\s+(?:that|of|about)\b/i,
  // "Fact check: …"
  /^\s*fact[\s-]?check(?:ed)?\s*[:\-–—]/i,
];

/** The words of `text` that refute what follows them, as [start, end) of `text`, or null. */
export function refutationCue(text: string): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  for (const re of CUES) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
  }
  return best;
}
