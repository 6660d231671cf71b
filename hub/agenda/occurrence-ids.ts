import { createHash } from 'node:crypto';

/**
 * Names and fingerprints of the `events` records the hub writes (decision 0023).
 */

/** The source of events made at the hub, in place of a feed id. */
export const HUB_SOURCE = 'hub';

/**
 * The record id of one occurrence: `evt_` and 32 hex digits of SHA-256 over its source (a feed
 * id, or HUB_SOURCE), series UID and recurrence id, so every import names it alike; generation
 * n > 0 appends `.n`, for an occurrence that comes back after its record was deleted (a delete
 * is forever, protocol rule 6). Always matches RecordIdSchema.
 */
export function occurrenceId(
  source: string,
  uid: string,
  recurrenceId: string,
  generation = 0,
): string {
  const hash = createHash('sha256').update(`${source}\n${uid}\n${recurrenceId}`).digest('hex');
  return `evt_${hash.slice(0, 32)}${generation > 0 ? `.${generation}` : ''}`;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A fingerprint of `record` whatever its key order: equal records, equal digests. */
export function digestOf(record: object): string {
  return createHash('sha256').update(canonical(record)).digest('base64url');
}
