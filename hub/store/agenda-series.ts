import { createHash } from 'node:crypto';

/**
 * The series key of an iCalendar UID: 16 hex digits of SHA-256 over it (decision 0060). The
 * store indexes `agenda_occurrences` by it (migration 19), and a new occurrence's record id leads
 * with it (hub/agenda/occurrence-ids.ts), so an import that writes series in key order appends
 * to that index as it does to the B-trees keyed by record id, instead of rewriting pages all
 * over an index of UIDs at every commit.
 */
export function seriesKey(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 16);
}
