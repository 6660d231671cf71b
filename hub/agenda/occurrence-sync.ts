import type { AgendaEvent, Lang, Localised } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { AgendaEventSchema } from '#shared/sync/protocol-records';
import type { Cancellation, Occurrence, OccurrenceRow, Translation } from '../store/agenda-rows';
import type { HubStore } from '../store/store';
import { hubBulkWrite } from '../sync/hub-bulk-write';
import type { HubChange } from '../sync/hub-writes';
import { HUB_SOURCE, digestOf, occurrenceId } from './occurrence-ids';

/**
 * Brings the `events` records of one source (a feed, or the events made at the hub) in line with
 * the occurrences it gives now (decision 0023): new and changed ones are put, unchanged ones are
 * not written at all (so kiosks pull nothing), and ones the source no longer gives are deleted —
 * unless they ended before the window, which means they aged out rather than left the feed.
 * The editor's translations and cancellations are laid over every occurrence, so no import
 * overwrites them.
 */

/** An occurrence and the space that holds it. */
export interface SourceOccurrence {
  readonly spaceId: string;
  readonly occurrence: Occurrence;
}

/** Which source, and where its past begins. */
export interface SyncScope {
  /** The feed whose occurrences these are; null for the events made at the hub. */
  readonly feedId: string | null;
  /** Occurrences no longer given that ended before this instant are forgotten, not deleted. */
  readonly keepBefore: number;
  /** Only the occurrences given are written; the source's others are left as they are. */
  readonly isPartial?: boolean;
}

/** What a sync did, occurrence by occurrence. */
export interface SyncSummary {
  /** Written for the first time. */
  readonly imported: number;
  /** Written again because something in them changed. */
  readonly changed: number;
  /** Deleted: the source no longer gives them. */
  readonly removed: number;
  /** Given as before: nothing written. */
  readonly unchanged: number;
  /** Refused by the record schema (a title over 300 characters…), one sentence each. */
  readonly skipped: readonly string[];
}

/** Optional fields of an event: a put sends `null` for one that was there and is no more. */
const OPTIONAL_FIELDS = Object.entries(AgendaEventSchema.shape).flatMap(([key, field]) =>
  field.safeParse(undefined).success ? [key as keyof AgendaEvent] : [],
);

/** The occurrence a record stands for: the record without its id, space and updatedAt. */
export function occurrenceOf(event: AgendaEvent): Occurrence {
  const copy: Partial<AgendaEvent> = { ...event };
  delete copy.id;
  delete copy.spaceId;
  delete copy.updatedAt;
  return copy as Occurrence;
}

const keyOf = (uid: string, recurrenceId: string | undefined) => `${uid}\n${recurrenceId ?? ''}`;

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

/** Groups `list` by its `uid`. */
function byUid<T extends { uid: string }>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) out.set(item.uid, [...(out.get(item.uid) ?? []), item]);
  return out;
}

/** A free record id for a new occurrence: past any deleted generation of it (rule 6). */
async function freshIds(
  store: HubStore,
  source: string,
  keys: readonly { uid: string; recurrenceId: string }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let pending = keys.map((k) => ({ ...k, generation: 0 }));
  while (pending.length > 0) {
    const named = pending.map((k) => ({
      ...k,
      id: occurrenceId(source, k.uid, k.recurrenceId, k.generation),
    }));
    const deleted = await store.agenda.deletedEventIds(named.map((n) => n.id));
    for (const n of named) if (!deleted.has(n.id)) ids.set(keyOf(n.uid, n.recurrenceId), n.id);
    pending = named
      .filter((n) => deleted.has(n.id))
      .map((n) => ({ ...n, generation: n.generation + 1 }));
  }
  return ids;
}

/** The record as a put: with `null` for each optional field a previous write may have set. */
function putOf(record: AgendaEvent, hadRow: boolean): HubChange {
  if (!hadRow) return { op: 'put', record };
  const clears: Record<string, null> = {};
  for (const f of OPTIONAL_FIELDS) if (record[f] === undefined) clears[f] = null;
  return { op: 'put', record: { ...record, ...clears } };
}

const idOfChange = (c: HubChange) => (c.op === 'put' ? c.record.id : c.recordId);

/**
 * Orders `changes` by record id. Why: records and occurrence rows live in B-trees keyed by these
 * ids (WITHOUT ROWID on SQLite), and ids are hashes; written in id order, a first import of
 * 40 000 occurrences fills pages one after the other instead of splitting pages all over the
 * tree, which cut its writes and its commits' cost on SQLite (bench:agenda, decision 0023).
 */
function byRecordId(a: HubChange, b: HubChange): number {
  const x = idOfChange(a);
  const y = idOfChange(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Syncs the source `scope` names to `list` at time `now` (see the file's comment). Occurrences
 * with the same UID and recurrence id after the first are ignored. Rejects on database errors:
 * what was written before stays, and the next sync completes it (records are written before the
 * bookkeeping that says so, so an interrupted sync at worst writes some records again).
 */
export async function syncOccurrences(
  store: HubStore,
  scope: SyncScope,
  list: readonly SourceOccurrence[],
  now: number,
): Promise<SyncSummary> {
  const source = scope.feedId ?? HUB_SOURCE;
  const rows = await store.agenda.occurrencesOf(scope.feedId);
  const rowByKey = new Map(rows.map((r) => [keyOf(r.uid, r.recurrenceId), r]));
  const given = new Map<string, SourceOccurrence>();
  for (const item of list) {
    const key = keyOf(item.occurrence.uid, item.occurrence.recurrenceId);
    if (!given.has(key)) given.set(key, item);
  }
  const uids = [...new Set([...given.values()].map((g) => g.occurrence.uid))];
  const words = byUid(await store.agenda.translations(uids));
  const cancelled = new Set(
    (await store.agenda.cancellations(uids)).map((c: Cancellation) => keyOf(c.uid, c.recurrenceId)),
  );
  const fresh = await freshIds(
    store,
    source,
    [...given.entries()]
      .filter(([key]) => !rowByKey.has(key))
      .map(([, g]) => ({ uid: g.occurrence.uid, recurrenceId: g.occurrence.recurrenceId ?? '' })),
  );

  const changes: HubChange[] = [];
  const pendingRows = new Map<string, OccurrenceRow>();
  const skipped: string[] = [];
  let imported = 0;
  let changed = 0;
  let unchanged = 0;
  for (const [key, { spaceId, occurrence }] of given) {
    const row = rowByKey.get(key);
    const id = row?.eventId ?? fresh.get(key) ?? '';
    const isCancelled = cancelled.has(keyOf(occurrence.uid, '')) || cancelled.has(key);
    const record = composeEvent(
      id,
      spaceId,
      occurrence,
      words.get(occurrence.uid) ?? [],
      isCancelled,
      now,
    );
    const digest = digestOf({ ...record, updatedAt: undefined });
    if (row?.digest === digest) {
      unchanged += 1;
      continue;
    }
    changes.push(putOf(record, row !== undefined));
    pendingRows.set(id, {
      eventId: id,
      feedId: scope.feedId,
      uid: occurrence.uid,
      recurrenceId: occurrence.recurrenceId ?? '',
      spaceId,
      startsAt: record.startsAt,
      endsAt: record.endsAt,
      digest,
      hlc: '',
    });
  }
  const gone = scope.isPartial ? [] : rows.filter((r) => !given.has(keyOf(r.uid, r.recurrenceId)));
  const deleted = gone.filter((r) => r.endsAt >= scope.keepBefore);
  for (const r of deleted) changes.push({ op: 'delete', recordId: r.eventId });
  changes.sort(byRecordId);

  // Later than every stamp this source wrote before, whatever the wall clock says (rule 5).
  const clock = new HybridLogicalClock('hub', () => now);
  const latest = rows.reduce((max, r) => (r.hlc > max ? r.hlc : max), '');
  if (latest !== '') clock.receive(latest);
  const outcome = await hubBulkWrite(store, 'events', changes, now, clock);
  // The bulk path validates each record as a push would (rule 9): one it refuses is skipped.
  const refusals = new Map(outcome.rejected.map((r) => [r.mutationId, r]));
  const saved: OccurrenceRow[] = [];
  changes.forEach((change, i) => {
    const row = change.op === 'put' ? pendingRows.get(change.record.id) : undefined;
    if (!row) return;
    const refusal = refusals.get(outcome.mutationIds[i] ?? '');
    if (refusal) {
      const where = row.recurrenceId ? ` (${row.recurrenceId})` : '';
      skipped.push(`${row.uid}${where}: ${refusal.reason}`);
      return;
    }
    if (rowByKey.has(keyOf(row.uid, row.recurrenceId))) changed += 1;
    else imported += 1;
    saved.push({ ...row, hlc: outcome.stamps[i] ?? '' });
  });
  await store.agenda.saveOccurrences(
    saved,
    gone.map((r) => r.eventId),
  );
  return { imported, changed, removed: deleted.length, unchanged, skipped };
}
