/** Knowledge-base search behind POST /v1/match. */
export interface Matcher {
  match(text: string): Promise<unknown>;
}

/**
 * The knowledge base (src/kb/) is built by another part of the project; until it is available
 * the server runs without one and /v1/match answers 503 "no knowledge base".
 */
export async function loadMatcher(): Promise<Matcher | null> {
  return null;
}
