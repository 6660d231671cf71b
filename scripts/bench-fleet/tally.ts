/**
 * The bench's bookkeeping: which expected records a holder (the hub, or one kiosk) ended up with,
 * counted from the copies it actually received, never assumed from the replies it was given.
 */

/** What one holder got against what it should hold. */
export interface Tally {
  /** Expected records it never received, or received with other content. */
  readonly lost: number;
  /** Copies beyond the first of a record, and copies of records it already held before. */
  readonly duplicated: number;
  /** Of `lost`: records that arrived, but not as they were written. */
  readonly altered: number;
  /** Copies of records it should never have received (another space's, or unknown ones). */
  readonly unexpected: number;
}

/** A record's JSON with keys sorted at every level, so two equal records give one string. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Counts `copies` (key and record, one per delivery) against `expected` (key → the record as
 * written). `alreadyHeld`: keys the holder had before any copy arrived (a kiosk's own writes),
 * so a copy of one is a duplicate. Never throws; a key is `table/recordId`.
 */
export function tally(
  expected: ReadonlyMap<string, unknown>,
  copies: Iterable<readonly [key: string, record: unknown]>,
  alreadyHeld: ReadonlySet<string> = new Set(),
): Tally {
  const seen = new Set<string>();
  const alteredKeys = new Set<string>();
  let duplicated = 0;
  let unexpected = 0;
  for (const [key, record] of copies) {
    if (seen.has(key) || alreadyHeld.has(key)) {
      duplicated++;
      continue;
    }
    const written = expected.get(key);
    if (written === undefined) {
      unexpected++;
      continue;
    }
    seen.add(key);
    if (canonicalJson(record) !== canonicalJson(written)) alteredKeys.add(key);
  }
  let lost = 0;
  for (const key of expected.keys()) if (!seen.has(key) || alteredKeys.has(key)) lost++;
  return { lost, duplicated, altered: alteredKeys.size, unexpected };
}

/** Sums tallies (the figures of every holder). */
export function sumTallies(tallies: readonly Tally[]): Tally {
  return tallies.reduce(
    (s, t) => ({
      lost: s.lost + t.lost,
      duplicated: s.duplicated + t.duplicated,
      altered: s.altered + t.altered,
      unexpected: s.unexpected + t.unexpected,
    }),
    { lost: 0, duplicated: 0, altered: 0, unexpected: 0 },
  );
}
