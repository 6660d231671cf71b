/**
 * Typo-tolerant prefix search over people's names and emails, shared by the returning-visitor and
 * the "meeting a member" searches.
 *
 * Text is normalised (lowercase, accents stripped, punctuation as word breaks) into tokens. A query
 * token matches a record token when it is within one edit (insert, delete, substitute, or swap of
 * neighbours) of some prefix of it; tokens shorter than 3 characters must match a prefix exactly.
 * A query needs at least one token of 3 or more characters: nothing is ever listed for less.
 *
 * Retrieval uses index keys (`searchIndexKeys`) so a database finds candidates without a scan:
 * `p:` + the token's 3-prefix and the 3-character deletions of its 4-prefix, `d:` + the
 * 2-character deletions of its 3-prefix (a 2-character token is its own `d:` key). `queryIndexKeys` gives the keys to probe; every record a
 * query matches holds at least one of them (checked by property tests). Candidates are then
 * confirmed with `matchTokens`.
 */

/** Fewest characters the longest query token must have before anything is searched. */
export const MIN_QUERY_LENGTH = 3;

/**
 * Lowercase, accents removed (NFD without combining marks), `ß` as `ss`, `œ`/`æ` spelled out.
 * Never throws.
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** The distinct search tokens of some texts: normalised, split on anything not a letter or digit. */
export function searchTokens(...texts: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (text === undefined) continue;
    for (const t of normalizeSearchText(text).split(/[^\p{L}\p{N}]+/u)) if (t !== '') out.add(t);
  }
  return Array.from(out);
}

function deletions(s: string): string[] {
  const cps = Array.from(s);
  return cps.map((_, i) => [...cps.slice(0, i), ...cps.slice(i + 1)].join(''));
}

function head(s: string, n: number): string {
  return Array.from(s).slice(0, n).join('');
}

/** The index keys of a record's tokens (see the module comment); no duplicates. */
export function searchIndexKeys(tokens: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const t of tokens) {
    const len = Array.from(t).length;
    if (len < 2) continue;
    const p3 = head(t, 3);
    if (len >= 3) keys.add(`p:${p3}`);
    if (len >= 4) for (const d of deletions(head(t, 4))) keys.add(`p:${d}`);
    for (const d of deletions(p3)) keys.add(`d:${d}`);
    // A 3-letter query one insertion away from a 2-letter token deletes down to that token.
    if (len === 2) keys.add(`d:${t}`);
  }
  return Array.from(keys);
}

/** The query's tokens, or [] when no token has MIN_QUERY_LENGTH characters (nothing to search). */
export function queryTokens(query: string): string[] {
  const tokens = searchTokens(query);
  return tokens.some((t) => Array.from(t).length >= MIN_QUERY_LENGTH) ? tokens : [];
}

/**
 * The index keys to probe for a query: those of its longest token (any match must hold one).
 * [] when the query is too short. The first key is always `p:` + the longest token's 3-prefix:
 * every record that matches with score 0 (all query tokens are prefixes) holds it, so a search can
 * read that key first and stop early. The broad `d:` keys are only needed for a 3-character
 * token: a longer one matches a record token of at least 3 characters within one edit of its
 * prefix, which always shares a `p:` key with it (a property test checks this exhaustively).
 */
export function queryIndexKeys(query: string): string[] {
  const tokens = queryTokens(query);
  const longest = tokens.reduce(
    (a, b) => (Array.from(b).length > Array.from(a).length ? b : a),
    '',
  );
  if (longest === '') return [];
  const keys = new Set<string>([`p:${head(longest, 3)}`]);
  if (Array.from(longest).length >= 4) {
    for (const d of deletions(head(longest, 4))) keys.add(`p:${d}`);
  } else {
    for (const d of deletions(head(longest, 3))) keys.add(`d:${d}`);
  }
  return Array.from(keys);
}

/**
 * For each word of the query (2+ characters), the keys that EVERY exact (score 0) match holds: a
 * match has a token starting with that word, so it holds `d:` + a 2-character word, `p:` + a
 * 3-character one, and every `p:` deletion of the 4-prefix of a longer one (the most selective
 * first). A search may read any of these keys, or intersect several, to find every exact match.
 * [] when the query is too short.
 */
export function exactMatchKeys(query: string): string[][] {
  if (queryIndexKeys(query).length === 0) return [];
  return queryTokens(query).flatMap((t) => {
    const len = Array.from(t).length;
    if (len < 2) return [];
    if (len === 2) return [[`d:${t}`]];
    if (len === 3) return [[`p:${t}`]];
    // Most selective first: dropping an inner letter ("dema" → "dma", "dea") gives keys few
    // tokens share; the 3-prefix ("dem") is shared by every word starting alike.
    const [d0, d1, d2, d3] = deletions(head(t, 4));
    return [[...new Set([d1, d2, d0, d3].map((d) => `p:${d ?? ''}`))]];
  });
}

/** Optimal-string-alignment distance (Damerau with adjacent swaps), capped: returns cap+1 early. */
function osaDistance(a: readonly string[], b: readonly string[], cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > cap) return cap + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? cap + 1;
}

/**
 * How far a query token is from being a prefix of `token`: 0 (a prefix), 1 (one edit away from
 * some prefix), or 2 meaning "no match". Tokens under 3 characters only match exactly (0 or 2).
 */
export function prefixDistance(queryToken: string, token: string): 0 | 1 | 2 {
  if (token.startsWith(queryToken)) return 0;
  const q = Array.from(queryToken);
  if (q.length < MIN_QUERY_LENGTH) return 2;
  const t = Array.from(token);
  for (const n of [q.length - 1, q.length, q.length + 1]) {
    if (n < 1 || n > t.length) continue;
    if (osaDistance(q, t.slice(0, n), 1) <= 1) return 1;
  }
  return 2;
}

/**
 * A match score of a record's tokens for a query's tokens: the sum of each query token's best
 * prefixDistance (lower is better), or null when some query token matches no record token, or the
 * query is too short. Never throws.
 */
export function matchTokens(query: readonly string[], tokens: readonly string[]): number | null {
  if (!query.some((q) => Array.from(q).length >= MIN_QUERY_LENGTH)) return null;
  let score = 0;
  for (const q of query) {
    let best: number = 2;
    for (const t of tokens) best = Math.min(best, prefixDistance(q, t));
    if (best === 2) return null;
    score += best;
  }
  return score;
}
