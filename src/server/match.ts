import { kbHandle } from '../kb/handle.ts';
import { DEFAULT_MODEL_DIR } from '../pipeline/registry.ts';
import { lookUpAnswer } from '../pipeline/narratives/component.ts';
import { lookupOptions } from '../kb/search.ts';
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
      // A misspelt catalogue searched nothing and answered "no match"; say so instead.
      if (kbs && !kbs.length) throw new ApiError(400, 'invalid_request', '"kbs" needs at least one catalogue name (or leave it out)');
      const unknown = kbs ? searcher.unknownKbs(kbs) : [];
      if (unknown.length) throw new ApiError(400, 'unknown_catalogue', `no catalogue named ${unknown.map((k) => `"${k}"`).join(', ')} in the knowledge base (it holds ${searcher.kbNames().join(', ')})`);
      return lookUpAnswer(text, searcher.search(text, lookupOptions(top ?? 5, kbs, calibration.namedKbs)), calibration.threshold);
    },
  };
}
