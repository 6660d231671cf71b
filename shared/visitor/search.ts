/**
 * Typo-tolerant prefix search over people's names and emails, shared by the returning-visitor and
 * the "meeting a member" searches.
 *
 * Text is normalised (lowercase, accents stripped, punctuation as word breaks) into tokens. A name
 * also gives its natural joined forms, so Belgian and Irish names are found as people type them:
 * each word without its apostrophes (straight or curly: `D'Hondt`, `D’Hondt` → `dhondt`) and the
 * words run together from each word on (`Van 't Hof` → `vanthof`, `thof`; `De Smet` → `desmet`).
 * A query drops its apostrophes before it is split (`d’ho` → `dho`). A query token matches a record
 * token when it is within one edit (insert, delete, substitute, or swap of neighbours) of some
 * prefix of it; tokens shorter than 3 characters must match a prefix exactly. A query needs at
 * least one token of 3 or more characters: nothing is ever listed for less.
 *
 * Retrieval uses index keys (`searchIndexKeys`) so a database finds candidates without a scan:
 * `t:` + each token of 3+ characters (its prefix range holds every exact match: `exactPrefixes`),
 * `p:` + the token's 3-prefix and the 3-character deletions of its 4-prefix, `d:` + the
 * 2-character deletions of its 3-prefix (a 2-character token is its own `d:` key). `queryIndexKeys`
 * gives the keys to probe for typos; every record a query matches holds at least one of them
 * (checked by property tests). Candidates are then confirmed with `matchTokens`.
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

// Straight, curly and modifier apostrophes, and the accents people type for one.
const APOSTROPHES = /['\u2018\u2019\u02bc`\u00b4]/gu;
// A word of a name: letters, digits and apostrophes only (an email is no name: nothing joined).
const NAME_WORD = /^[\p{L}\p{N}'\u2018\u2019\u02bc`\u00b4]+$/u;
// Names of more words are not run together (no one types those joined).
const MAX_JOINED_WORDS = 5;

function splitWords(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

/** A name's joined forms: each word without apostrophes, and the words run together from each. */
function joinedForms(normalized: string): string[] {
  const words = normalized.split(/[\s\-\u2010\u2011\u2013]+/u).filter((w) => w !== '');
  if (words.length > MAX_JOINED_WORDS || !words.every((w) => NAME_WORD.test(w))) return [];
  const bare = words.map((w) => w.replace(APOSTROPHES, '')).filter((w) => w !== '');
  return [...bare, ...bare.slice(0, -1).map((_, i) => bare.slice(i).join(''))];
}

/**
 * The distinct search tokens of some texts: normalised, split on anything not a letter or digit,
 * plus the joined forms of names (see the module comment). Never throws.
 */
export function searchTokens(...texts: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (text === undefined) continue;
    const normalized = normalizeSearchText(text);
    for (const t of splitWords(normalized)) out.add(t);
    for (const t of joinedForms(normalized)) out.add(t);
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
    if (len >= 3) keys.add(`t:${t}`);
    if (len >= 3) keys.add(`p:${p3}`);
    if (len >= 4) for (const d of deletions(head(t, 4))) keys.add(`p:${d}`);
    for (const d of deletions(p3)) keys.add(`d:${d}`);
    // A 3-letter query one insertion away from a 2-letter token deletes down to that token.
    if (len === 2) keys.add(`d:${t}`);
  }
  return Array.from(keys);
}

/**
 * The query's tokens (apostrophes dropped first: `d'ho` is `dho`), or [] when no token has
 * MIN_QUERY_LENGTH characters (nothing to search).
 */
export function queryTokens(query: string): string[] {
  const tokens = [...new Set(splitWords(normalizeSearchText(query).replace(APOSTROPHES, '')))];
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
 * For each query word of 3+ characters, longest first, the `t:` prefix whose index range holds
 * EVERY exact (score 0) match: such a match has a token starting with that word, indexed as
 * `t:<token>`. A search reads the range (`startsWith`) of one, or intersects two, to find every
 * exact match and nothing that starts otherwise. [] when the query is too short.
 */
export function exactPrefixes(query: string): string[] {
  return queryTokens(query)
    .filter((t) => Array.from(t).length >= MIN_QUERY_LENGTH)
    .sort((a, b) => Array.from(b).length - Array.from(a).length)
    .map((t) => `t:${t}`);
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
