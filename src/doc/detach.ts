/**
 * A copy of `s` that does not keep the text it was sliced from alive. V8 makes a slice of 13 or
 * more characters a view into its parent, so a cache keyed by words sliced from articles holds
 * on to every article one of its long words came from: in a heap snapshot, about 3 MB of article text per batch
 * thread after the 400 news articles, and more the more varied a corpus. Only cache insertions
 * call this, so the copy costs little.
 */
export const detached = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));
