import { hash } from 'node:crypto';

/**
 * The series key of an iCalendar UID: 16 hex digits of SHA-256 over it (decision 0060). The
 * store indexes `agenda_occurrences` by it (migration 19), and a new occurrence's record id leads
 * with it (hub/agenda/occurrence-ids.ts), so an import that writes series in key order appends
 * to that index as it does to the B-trees keyed by record id, instead of rewriting pages all
 * over an index of UIDs at every commit.
 */
export function seriesKey(uid: string): string {
  return hash('sha256', uid, 'hex').slice(0, 16);
}

/**
 * seriesKey for rows that come series by series (an import's batches, the rows it saves): the
 * last UID's key is kept, so a series' key is hashed once.
 */
export function seriesKeys(): (uid: string) => string {
  let last: { uid: string; key: string } | undefined;
  return (uid) => {
    if (last?.uid !== uid) last = { uid, key: seriesKey(uid) };
    return last.key;
  };
}
