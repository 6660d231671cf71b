import { hash } from 'node:crypto';
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
  const tail = hash('sha256', `${source}\n${uid}\n${recurrenceId}`, 'hex').slice(0, 16);
  return `evt_${key}${tail}${generation > 0 ? `.${generation}` : ''}`;
}

/** A list of keys as seen (in its own order), and the same keys sorted with their JSON text. */
interface Shape {
  readonly own: readonly string[];
  readonly sorted: readonly (readonly [string, string])[];
}

/** Lists of keys seen, by their keys joined; records have a handful. */
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 1_000;

/** `object`'s keys sorted, each with its JSON text: sorted once per list of keys. */
function keysOf(object: object): Shape['sorted'] {
  const own = Object.keys(object);
  const joined = own.join('\n');
  const known = shapes.get(joined);
  // Joined keys may coincide (a key holding the separator): the lists themselves must match.
  if (known && known.own.length === own.length && known.own.every((key, i) => key === own[i])) {
    return known.sorted;
  }
  const sorted = [...own].sort().map((key) => [key, JSON.stringify(key)] as const);
  if (!known && shapes.size < MAX_SHAPES) shapes.set(joined, { own, sorted });
  return sorted;
}

/**
 * JSON with object keys sorted at every level: equal values give equal text. Written as loops
 * over sorted keys (no entries arrays, no joins), each list of keys sorted once: a feed import
 * digests every occurrence, 40 000 for a large feed, and its records share a few lists of keys.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const [key, quoted] of keysOf(object)) {
    const field = object[key];
    if (field === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${quoted}:${canonical(field)}`;
  }
  return `${out}}`;
}

/**
 * A fingerprint of `record` whatever its key order: equal records, equal digests. Node's one-shot
 * `hash` (the same SHA-256 as a Hash object, a third of its cost on a short text): a feed import
 * digests every occurrence and names every new one.
 */
export function digestOf(record: object): string {
  return hash('sha256', canonical(record), 'base64url');
}
