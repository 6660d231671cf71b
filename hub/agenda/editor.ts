import type { AgendaEvent, Lang, Localised, Space } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import { materialize } from '#shared/sync/protocol-merge';
import { AgendaEventSchema } from '#shared/sync/protocol-records';
import type { HubEventDefinition, Occurrence } from '../store/agenda-rows';
import type { HubStore } from '../store/store';
import { occurrenceOfDefinition } from './hub-event-times';
import { composeEvent } from './occurrence-plan';
import { occurrenceOf, syncOccurrences, type SyncSummary } from './occurrence-sync';

/**
 * The editor's operations on the agenda, for the CLI now and the console's HTTP API later
 * (decision 0023): events made at the hub (add, edit), and, on any event including a feed's,
 * cancellations and translations, which are kept apart from the feed's words so no import
 * overwrites them. Every operation resolves with a Result whose error names what is wrong;
 * they reject only on database errors.
 */

/** Fields of an event made at the hub; `null` clears an optional one (edit). */
export interface EventFields {
  /** Merged per language with the words given before. */
  readonly title?: Localised;
  readonly description?: Localised;
  /** `YYYY-MM-DDTHH:MM` in the zone, or `YYYY-MM-DD` for a whole day. */
  readonly start?: string;
  /** Exclusive: for a whole day, the date after the last one. */
  readonly end?: string;
  readonly timeZone?: string | null;
  readonly lang?: Lang | null;
  readonly url?: string | null;
  readonly location?: string | null;
}

/** The live space `spaceId`, or undefined. */
async function spaceOf(store: HubStore, spaceId: string): Promise<Space | undefined> {
  const row = await store.readRecord('spaces', spaceId);
  return row ? (materialize('spaces', row.state) as Space | undefined) : undefined;
}

/** `def` with `fields` laid over it (`null` removes an optional field). */
function merged(
  def: Partial<HubEventDefinition>,
  fields: EventFields,
): Partial<HubEventDefinition> {
  const kept = <T>(given: T | null | undefined, before: T | undefined) =>
    given === null ? undefined : (given ?? before);
  const out = {
    ...def,
    title: fields.title ? { ...def.title, ...fields.title } : def.title,
    description: fields.description
      ? { ...def.description, ...fields.description }
      : def.description,
    start: fields.start ?? def.start,
    end: fields.end ?? def.end,
    timeZone: kept(fields.timeZone, def.timeZone),
    lang: kept(fields.lang, def.lang),
    url: kept(fields.url, def.url),
    location: kept(fields.location, def.location),
  };
  // Stored as JSON: a field set to undefined must not exist at all.
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Every problem of `record` against the events schema, `field: message` each. */
function problemsOf(record: AgendaEvent): string[] {
  const checked = AgendaEventSchema.safeParse(record);
  return checked.success
    ? []
    : checked.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`);
}

/**
 * Checks `def`, then stores it under `uid` and writes its occurrence. Fails with
 * `event-invalid` (and every problem in `details`) when it lacks a title or times, or any field
 * is out of bounds; nothing is then stored.
 */
async function saveDefinition(
  store: HubStore,
  uid: string,
  space: Space,
  def: Partial<HubEventDefinition>,
  now: number,
): Promise<Result<AgendaEvent>> {
  const { title, start, end } = def;
  if (title === undefined || Object.keys(title).length === 0 || !start || !end) {
    return err({
      code: 'event-invalid',
      message: 'An event needs a title (--title-fr, --title-nl or --title-en), --start and --end.',
    });
  }
  const full: HubEventDefinition = { status: 'confirmed', ...def, title, start, end };
  const occurrence = occurrenceOfDefinition(uid, full, space.timezone);
  if (!occurrence.ok) return occurrence;
  const record = composeEvent('evt_check', space.id, occurrence.value, [], false, now);
  const problems = problemsOf(record);
  if (problems.length > 0) {
    return err({ code: 'event-invalid', message: 'The event is not valid.', details: problems });
  }
  await store.agenda.saveHubEvent(uid, space.id, full, now);
  await syncOccurrences(
    store,
    { feedId: null, keepBefore: Number.NEGATIVE_INFINITY, isPartial: true },
    [{ spaceId: space.id, occurrence: occurrence.value }],
    now,
  );
  const [row] = await store.agenda.occurrencesOfUid(uid);
  return ok({ ...record, id: row?.eventId ?? record.id });
}

/**
 * Makes an event at the hub in `spaceId` (a new series UID `…@coffee-hub`). Fails with
 * `space-unknown` or `event-invalid`, storing nothing.
 */
export async function addHubEvent(
  store: HubStore,
  spaceId: string,
  fields: EventFields,
  now: number,
): Promise<Result<AgendaEvent>> {
  const space = await spaceOf(store, spaceId);
  if (!space) return err({ code: 'space-unknown', message: `No space ${spaceId} on this hub.` });
  return saveDefinition(store, `${crypto.randomUUID()}@coffee-hub`, space, merged({}, fields), now);
}

/** Why `uid` cannot be edited as an event made at the hub, or its row. */
async function hubEventOf(store: HubStore, uid: string) {
  const row = await store.agenda.findHubEvent(uid);
  if (row) return ok(row);
  const [occ] = await store.agenda.occurrencesOfUid(uid);
  if (occ?.feedId) {
    return err({
      code: 'event-from-feed',
      message: `Event ${uid} comes from feed ${occ.feedId}: change it in the feed, or add words with events translate.`,
    });
  }
  return err({ code: 'event-unknown', message: `No event ${uid} on this hub.` });
}

/**
 * Changes an event made at the hub: the fields given, the others kept. Fails with
 * `event-unknown`, `event-from-feed` (a feed's event changes in its feed) or `event-invalid`.
 */
export async function editHubEvent(
  store: HubStore,
  uid: string,
  fields: EventFields,
  now: number,
): Promise<Result<AgendaEvent>> {
  const row = await hubEventOf(store, uid);
  if (!row.ok) return row;
  const space = await spaceOf(store, row.value.spaceId);
  if (!space) {
    return err({ code: 'space-unknown', message: `No space ${row.value.spaceId} on this hub.` });
  }
  return saveDefinition(store, uid, space, merged(row.value.event, fields), now);
}

/**
 * Writes again every occurrence of `uid` with the editor's words and cancellations over it
 * (from the records as they stand, so a feed is not fetched): what an import would write.
 */
async function reapply(store: HubStore, uid: string, now: number): Promise<SyncSummary[]> {
  const rows = await store.agenda.occurrencesOfUid(uid);
  const byFeed = new Map<string | null, { spaceId: string; occurrence: Occurrence }[]>();
  for (const row of rows) {
    const record = await store.readRecord('events', row.eventId);
    const event = record
      ? (materialize('events', record.state) as AgendaEvent | undefined)
      : undefined;
    if (!event) continue;
    const item = { spaceId: event.spaceId, occurrence: occurrenceOf(event) };
    byFeed.set(row.feedId, [...(byFeed.get(row.feedId) ?? []), item]);
  }
  const out: SyncSummary[] = [];
  for (const [feedId, list] of byFeed) {
    const scope = { feedId, keepBefore: Number.NEGATIVE_INFINITY, isPartial: true };
    out.push(await syncOccurrences(store, scope, list, now));
  }
  return out;
}

/** How many records an editor's change rewrote. */
export interface EditorOutcome {
  readonly changed: number;
}

const changedIn = (summaries: readonly SyncSummary[]): EditorOutcome => ({
  changed: summaries.reduce((n, s) => n + s.changed + s.imported, 0),
});

/**
 * Cancels event `uid` — the whole series, or the occurrence `recurrenceId` — for good: imports
 * keep it cancelled. Fails with `event-unknown` when the hub holds no such event or occurrence.
 */
export async function cancelEvent(
  store: HubStore,
  uid: string,
  recurrenceId: string | undefined,
  now: number,
): Promise<Result<EditorOutcome>> {
  const rows = await store.agenda.occurrencesOfUid(uid);
  if (rows.length === 0)
    return err({ code: 'event-unknown', message: `No event ${uid} on this hub.` });
  if (recurrenceId !== undefined && !rows.some((r) => r.recurrenceId === recurrenceId)) {
    const known = rows.map((r) => r.recurrenceId).filter((r) => r !== '');
    return err({
      code: 'event-unknown',
      message: `Event ${uid} has no occurrence ${recurrenceId}.${known.length > 0 ? ` Its occurrences: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}.` : ''}`,
    });
  }
  await store.agenda.saveCancellation({ uid, recurrenceId: recurrenceId ?? '' }, now);
  const hubEvent = await store.agenda.findHubEvent(uid);
  if (hubEvent && recurrenceId === undefined) {
    await store.agenda.saveHubEvent(
      uid,
      hubEvent.spaceId,
      { ...hubEvent.event, status: 'cancelled' },
      now,
    );
  }
  return ok(changedIn(await reapply(store, uid, now)));
}

/**
 * Gives event `uid` (a feed's or the hub's) a title and/or description in `lang`, kept over
 * whatever its feed says at every later import. Fails with `event-unknown`, or `event-invalid`
 * when neither is given or one is too long (nothing is then stored).
 */
export async function translateEvent(
  store: HubStore,
  uid: string,
  lang: Lang,
  words: { readonly title?: string; readonly description?: string },
  now: number,
): Promise<Result<EditorOutcome>> {
  const rows = await store.agenda.occurrencesOfUid(uid);
  if (rows.length === 0)
    return err({ code: 'event-unknown', message: `No event ${uid} on this hub.` });
  const problems = [
    ...(words.title === undefined && words.description === undefined
      ? ['give --title and/or --description']
      : []),
    ...(words.title !== undefined && (words.title.length === 0 || words.title.length > 300)
      ? ['--title: 1 to 300 characters']
      : []),
    ...(words.description !== undefined &&
    (words.description.length === 0 || words.description.length > 5000)
      ? ['--description: 1 to 5000 characters']
      : []),
  ];
  if (problems.length > 0) {
    return err({ code: 'event-invalid', message: 'Nothing translated.', details: problems });
  }
  await store.agenda.saveTranslation({ uid, lang, ...words }, now);
  return ok(changedIn(await reapply(store, uid, now)));
}

/** The live events overlapping [from, to) (either end open when absent), by start. */
export async function listEvents(
  store: HubStore,
  range: { readonly from?: number; readonly to?: number } = {},
): Promise<AgendaEvent[]> {
  const events = await store.agenda.liveEvents();
  return events.filter(
    (e) =>
      (range.from === undefined || e.endsAt > range.from) &&
      (range.to === undefined || e.startsAt < range.to),
  );
}
