import { kbHandle } from '../kb/handle.ts';
import { DEFAULT_MODEL_DIR } from '../pipeline/registry.ts';
import { lookUpAnswer } from '../pipeline/narratives/component.ts';
import { lookupOptions } from '../kb/search-options.ts';
import type { MatchRequest, MatchResponse } from './schemas.ts';
import { ApiError } from './errors.ts';

/** Knowledge-base search behind POST /v1/match; runs inside a worker like analysis. */
export interface Matcher {
  match(req: MatchRequest): MatchResponse;
}

/**
 * The KB that the narratives component uses (same handle, so a worker opens it once). Null when
 * there is no KB and no data to build one from: /v1/match then answers 503 no_knowledge_base.
 */
export function loadMatcher(modelDir = DEFAULT_MODEL_DIR, kbPath?: string): Matcher | null {
  const { searcher, calibration } = kbHandle({ modelDir, kbPath });
  if (!searcher) return null;
  return {
    match({ text, top, kbs }) {
      const problem = kbs && searcher.kbsProblem(kbs);
      if (problem) throw new ApiError(400, kbs!.length ? 'unknown_catalogue' : 'invalid_request', `"kbs": ${problem}`);
      return lookUpAnswer(text, searcher.contentWordsOf(text).length, searcher.search(text, lookupOptions(top ?? 5, kbs, calibration.namedKbs, calibration.synonymCover)), calibration);
    },
  };
}
