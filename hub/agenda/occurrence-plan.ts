import type { AgendaEvent, Lang, Localised } from '#shared/domain/types';
import { checkPutRecord } from '#shared/sync/protocol-validate';
import { AgendaEventSchema } from '#shared/sync/protocol-records';
import type { Occurrence, OccurrenceRow, Translation } from '../store/agenda-rows';
import type { BulkChange, CheckedPut } from '../sync/hub-bulk-write';
import { encodePut, recordOf, type EncodedPut } from '../sync/encoded-put';
import { seriesKeys } from '../store/agenda-series';
import { digestOf, occurrenceId } from './occurrence-ids';

/**
 * What a source's occurrences become, without the store (decision 0023, 0059): each occurrence
 * composed into its `events` record (the editor's translations and cancellations laid over the
 * source's words), fingerprinted, compared with the digest stored for it, and — when new or
 * changed — checked as a push's record would be (rule 9). Pure and synchronous, and its inputs
 * and outputs survive a structured clone: a feed import runs it in its worker thread
 * (feed-worker.ts) while main writes the previous batch; the editor's syncs run it in place.
 */

/** An occurrence and the space that holds it. */
export interface SourceOccurrence {
  readonly spaceId: string;
  readonly occurrence: Occurrence;
}

/** What the store holds of one occurrence, as planning compares it. */
export interface StoredOccurrence {
  readonly eventId: string;
  readonly digest: string;
}

/** The editor's work laid over a source's series: kept apart, so no import overwrites it. */
export interface Overlays {
  /** uid → the editor's translations of that series. */
  readonly words: ReadonlyMap<string, readonly Translation[]>;
  /** keyOf(uid, recurrenceId) of each cancellation; recurrenceId '' cancels the whole series. */
  readonly cancelled: ReadonlySet<string>;
}

/** What planning needs from the store, loaded once per sync. */
export interface PlanContext extends Overlays {
  /** The feed id, or HUB_SOURCE: what new record ids are named after. */
  readonly source: string;
  readonly now: number;
  /** keyOf(uid, recurrenceId) → the source's occurrence as stored. */
  readonly stored: ReadonlyMap<string, StoredOccurrence>;
}

/** A record to write: checked, with its digest; `isNew` when the store has no row for it. */
export interface PlannedPut {
  readonly put: CheckedPut;
  readonly digest: string;
  readonly isNew: boolean;
}

/**
 * A new occurrence whose record is whole, as the texts its rows hold (decision 0061: main writes
 * them as they are), with what its bookkeeping row needs.
 */
export interface FreshOccurrence {
  readonly put: EncodedPut;
  readonly digest: string;
  readonly uid: string;
  /** '' for a single event or a series' master. */
  readonly recurrenceId: string;
  readonly spaceId: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/** The plan of a batch of occurrences. */
export interface Plan {
  /** The changed occurrences, and new ones that are not whole records. */
  readonly puts: PlannedPut[];
  /** The new occurrences, as texts. */
  readonly fresh: FreshOccurrence[];
  /** Given as stored: nothing to write. */
  readonly unchanged: number;
  /** Refused by the record checks (a title over 300 characters…), one sentence each. */
  readonly skipped: string[];
}

/** The key of an occurrence: its UID and recurrence id. */
export const keyOf = (uid: string, recurrenceId: string | undefined): string =>
  `${uid}\n${recurrenceId ?? ''}`;

/** Optional fields of an event: a put sends `null` for one that was there and is no more. */
const OPTIONAL_FIELDS = Object.entries(AgendaEventSchema.shape).flatMap(([key, field]) =>
  field.safeParse(undefined).success ? [key as keyof AgendaEvent] : [],
);

/** `base` with the editor's words for `uid` over it (a language the editor gave wins). */
function overlay(
  base: Localised | undefined,
  words: readonly Translation[],
  field: 'title' | 'description',
): Localised | undefined {
  const out: Partial<Record<Lang, string>> = { ...base };
  for (const t of words) {
    const text = t[field];
    if (text !== undefined) out[t.lang] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The record an occurrence becomes: named `id`, held by `spaceId`, with the editor's `words`
 * for its series over the source's, cancelled when the editor cancelled it or its series.
 */
export function composeEvent(
  id: string,
  spaceId: string,
  occurrence: Occurrence,
  words: readonly Translation[],
  isCancelled: boolean,
  now: number,
): AgendaEvent {
  const title = overlay(occurrence.title, words, 'title') ?? occurrence.title;
  const description = overlay(occurrence.description, words, 'description');
  return {
    ...occurrence,
    id,
    spaceId,
    title,
    ...(description ? { description } : {}),
    status: isCancelled ? 'cancelled' : occurrence.status,
    updatedAt: now,
  };
}

/** The digest of a record as stored beside it: without its updatedAt. */
export const recordDigest = (record: AgendaEvent): string =>
  digestOf({ ...record, updatedAt: undefined });

/** `record` as a put: with `null` for each optional field a previous write may have set. */
function putRecord(record: AgendaEvent, hadRow: boolean): Readonly<Record<string, unknown>> {
  if (!hadRow) return record as unknown as Record<string, unknown>;
  const clears: Record<string, null> = {};
  for (const f of OPTIONAL_FIELDS) if (record[f] === undefined) clears[f] = null;
  return { ...record, ...clears };
}

/** `record` checked as a put (rule 9): the planned put, or why it is refused. */
export function checkedPut(
  record: AgendaEvent,
  hadRow: boolean,
): { readonly put: CheckedPut } | { readonly refusal: string } {
  const checked = checkPutRecord('events', record.id, putRecord(record, hadRow));
  if (!checked.ok) {
    const where = record.recurrenceId ? ` (${record.recurrenceId})` : '';
    return { refusal: `${record.uid}${where}: ${checked.error.message}` };
  }
  // checkPutRecord confirmed the id.
  const checkedRecord = checked.value as CheckedPut['record'];
  return { put: { op: 'put', record: checkedRecord, isChecked: true } };
}

/** The fresh occurrence of the checked put `checked`, encoded as `put`. */
function freshOccurrence(put: EncodedPut, digest: string, checked: CheckedPut): FreshOccurrence {
  const r = checked.record as unknown as AgendaEvent;
  const { uid, spaceId, startsAt, endsAt } = r;
  return { put, digest, uid, recurrenceId: r.recurrenceId ?? '', spaceId, startsAt, endsAt };
}

/** A fresh occurrence as a planned put of its record, read back from its text. */
export function plannedOf(fresh: FreshOccurrence): PlannedPut {
  const put: CheckedPut = { op: 'put', record: recordOf(fresh.put), isChecked: true };
  return { put, digest: fresh.digest, isNew: true };
}

/** A record to write, and its bookkeeping row but for the feed and the stamp. */
export interface WriteItem {
  readonly change: BulkChange;
  readonly row: Omit<OccurrenceRow, 'feedId' | 'hlc'>;
  readonly isNew: boolean;
}

/** A planned put as an item to write. */
export function plannedItem({ put, digest, isNew }: PlannedPut): WriteItem {
  const r = put.record as unknown as AgendaEvent;
  const { uid, spaceId, startsAt, endsAt } = r;
  const row = {
    eventId: r.id,
    uid,
    recurrenceId: r.recurrenceId ?? '',
    spaceId,
    startsAt,
    endsAt,
    digest,
  };
  return { change: put, row, isNew };
}

/** A fresh occurrence as an item to write. */
export function freshItem(f: FreshOccurrence): WriteItem {
  const { put, digest, uid, recurrenceId, spaceId, startsAt, endsAt } = f;
  const row = { eventId: put.recordId, uid, recurrenceId, spaceId, startsAt, endsAt, digest };
  return { change: put, row, isNew: true };
}

/**
 * A new planned put named `id` instead (a later generation: its first id was deleted before,
 * protocol rule 6), checked again; or why it is refused.
 */
export function renamed(
  planned: PlannedPut,
  id: string,
): PlannedPut | { readonly refusal: string } {
  const record = { ...planned.put.record, id } as unknown as AgendaEvent;
  const checked = checkedPut(record, false);
  return 'refusal' in checked
    ? checked
    : { put: checked.put, digest: recordDigest(record), isNew: true };
}

/**
 * Plans `items` against `ctx`: records for the new and changed ones, a count of the unchanged.
 * An occurrence whose key is already in `given` (a duplicate UID and recurrence id) is ignored;
 * every key planned is added to `given`. A new occurrence is named generation 0 of its id: the
 * writer renames it when that id was deleted before (occurrence-sync.ts).
 */
export function planOccurrences(
  ctx: PlanContext,
  items: readonly SourceOccurrence[],
  given: Set<string>,
): Plan {
  const puts: PlannedPut[] = [];
  const fresh: FreshOccurrence[] = [];
  const skipped: string[] = [];
  let unchanged = 0;
  const series = seriesKeys();
  for (const { spaceId, occurrence } of items) {
    const key = keyOf(occurrence.uid, occurrence.recurrenceId);
    if (given.has(key)) continue;
    given.add(key);
    const stored = ctx.stored.get(key);
    const id =
      stored?.eventId ??
      occurrenceId(
        ctx.source,
        occurrence.uid,
        occurrence.recurrenceId ?? '',
        0,
        series(occurrence.uid),
      );
    const isCancelled = ctx.cancelled.has(keyOf(occurrence.uid, '')) || ctx.cancelled.has(key);
    const words = ctx.words.get(occurrence.uid) ?? [];
    const record = composeEvent(id, spaceId, occurrence, words, isCancelled, ctx.now);
    const digest = recordDigest(record);
    if (stored?.digest === digest) {
      unchanged += 1;
      continue;
    }
    const checked = checkedPut(record, stored !== undefined);
    if ('refusal' in checked) {
      skipped.push(checked.refusal);
      continue;
    }
    const encoded = stored === undefined ? encodePut('events', checked.put.record) : undefined;
    if (encoded) fresh.push(freshOccurrence(encoded, digest, checked.put));
    else puts.push({ put: checked.put, digest, isNew: stored === undefined });
  }
  return { puts, fresh, unchanged, skipped };
}
