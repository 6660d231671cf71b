import { createHash } from 'node:crypto';
import { seriesKey } from '../store/agenda-series';

/**
 * Names and fingerprints of the `events` records the hub writes (decision 0023).
 */

/** The source of events made at the hub, in place of a feed id. */
export const HUB_SOURCE = 'hub';

/**
 * The record id of one occurrence: `evt_`, its series key (the UID's, hub/store/agenda-series.ts)
 * and 16 hex digits of SHA-256 over its source, series UID and recurrence id, so every import
 * names it alike; generation n > 0 appends `.n`, for an occurrence that comes back after its
 * record was deleted (a delete is forever, protocol rule 6). Always matches RecordIdSchema. A
 * series' occurrences sit side by side in the B-trees keyed by record id, in the order of the
 * bookkeeping's index by series key (decision 0060). Occurrences stored before keep the ids they
 * had (32 hex digits of one hash): the bookkeeping names them, and no id is ever compared with a
 * recomputed one.
 */
export function occurrenceId(
  source: string,
  uid: string,
  recurrenceId: string,
  generation = 0,
  key = seriesKey(uid),
): string {
  const hash = createHash('sha256').update(`${source}\n${uid}\n${recurrenceId}`).digest('hex');
  return `evt_${key}${hash.slice(0, 16)}${generation > 0 ? `.${generation}` : ''}`;
}

/**
 * JSON with object keys sorted at every level: equal values give equal text. Written as loops
 * over sorted keys (no entries arrays, no joins): a feed import digests every occurrence, 40 000
 * for a large feed, and the array-building form took a fifth of an unchanged re-import.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const field = object[key];
    if (field === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonical(field)}`;
  }
  return `${out}}`;
}

/** A fingerprint of `record` whatever its key order: equal records, equal digests. */
export function digestOf(record: object): string {
  return createHash('sha256').update(canonical(record)).digest('base64url');
}
