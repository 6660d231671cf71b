import type { Expression, Kysely, RawBuilder } from 'kysely';
import type { EventStatus, Localised } from '#shared/domain/types';
import { sql } from './kysely';
import type { SqlKind } from './migrations';
import type { HubDatabase } from './schema';

/**
 * Attendance per agenda event, counted in SQL on either database (decision 0025).
 *
 * An event's attendees are the live visits whose check-in names it (`records.event_id`, written
 * once: rule 3), counted as distinct people: a member who checks out and in again during the
 * event counts once. A visit kept anonymously (retention purge, or an erasure while the person
 * was in: `person_key` null) counts as one attendee and never as first-time or cross-border (who
 * it was is gone). A visit erased with its person is a tombstone and no longer counts
 * (docs/gdpr.md: visits over at the erasure are removed).
 *
 * - first-time: a visitor whose earliest visit anywhere in the network (by check-in time, then
 *   id) is a visit to this event;
 * - cross-border: a member whose home space's country is not the event space's; a visitor whose
 *   `country` (given at the walk-in) is not the event space's. A visitor without a country, or a
 *   member whose home space the hub does not hold, is not counted as cross-border.
 */

/** The events to report: those starting in [fromMs, toMs). */
export interface AttendanceRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** One event's counts, with what a report names it by. */
export interface AttendanceRow {
  readonly eventId: string;
  readonly spaceId: string;
  readonly startsAt: number;
  readonly title: Localised;
  readonly status: EventStatus;
  readonly attendees: number;
  readonly firstTime: number;
  readonly crossBorder: number;
}

/**
 * The value at `path` inside a JSON column, as SQL text, or as a 64-bit integer with `asInt`. The
 * two databases spell JSON access differently: SQLite's json_extract takes a `$.a.b` path and
 * gives numbers as integers; PostgreSQL stores the column as text (schema.ts), so it is cast to
 * jsonb and read with `#>>`, which yields text (cast again for a number).
 */
function jsonAt<T extends string | number>(
  kind: SqlKind,
  column: string,
  path: readonly string[],
  asInt = false,
): RawBuilder<T | null> {
  if (kind === 'sqlite') {
    return sql<T | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${path.join('.')}`)})`;
  }
  const text = sql`(${sql.ref(column)}::jsonb #>> ${sql.lit(`{${path.join(',')}}`)})`;
  return asInt ? sql<T | null>`${text}::bigint` : sql<T | null>`${text}`;
}

/** A JSON column's value at `path`, as SQL text (see jsonAt). */
export const jsonText = (kind: SqlKind, column: string, path: readonly string[]) =>
  jsonAt<string>(kind, column, path);
const jsonInt = (kind: SqlKind, column: string, path: readonly string[]) =>
  jsonAt<number>(kind, column, path, true);

/** A profile field's value (`fields.<name>.value`, protocol-merge.ts). */
const field = (kind: SqlKind, column: string, ...name: string[]) =>
  jsonText(kind, column, ['fields', ...name]);

/** `count(distinct …)` of a person key when `condition` holds. */
function distinctWhen(condition: Expression<unknown>): RawBuilder<number> {
  return sql<number>`count(distinct case when ${condition} then v.person_key end)`;
}

interface RawRow {
  event_id: string;
  space_id: string | null;
  starts_at: number | null;
  status: string | null;
  title_fr: string | null;
  title_nl: string | null;
  title_en: string | null;
  people: number | string;
  anonymous: number | string | null;
  first_time: number | string;
  cross_border: number | string;
}

/**
 * The attendance of every live event (not deleted, cancelled ones included) starting in `range`,
 * ordered by start then id, from one read snapshot `db`. Rejects on database errors.
 */
export async function readAttendance(
  db: Kysely<HubDatabase>,
  kind: SqlKind,
  range: AttendanceRange,
): Promise<AttendanceRow[]> {
  const startsAt = jsonInt(kind, 'e.state', ['fields', 'startsAt', 'value']);
  const eventCountry = field(kind, 'es.state', 'country', 'value');
  const isMember = sql<boolean>`v.person_key like 'member:%'`;
  const isVisitor = sql<boolean>`v.person_key like 'visitor:%'`;
  const checkInAt = (column: string) => jsonInt(kind, column, ['checkIn', 'checkInAt']);
  const earlierVisit = sql<boolean>`exists (select 1 from records w where w.tbl = 'visits'
    and w.person_key = v.person_key and w.erased = 0 and w.record_id <> v.record_id
    and (${checkInAt('w.state')} < ${checkInAt('v.state')}
      or (${checkInAt('w.state')} = ${checkInAt('v.state')} and w.record_id < v.record_id)))`;
  const memberAbroad = sql<boolean>`${isMember} and ${field(kind, 'hs.state', 'country', 'value')} <> ${eventCountry}`;
  const visitorAbroad = sql<boolean>`${isVisitor} and upper(${field(kind, 'p.state', 'country', 'value')}) <> ${eventCountry}`;
  const rows = await db
    .selectFrom('records as e')
    .leftJoin('records as v', (j) =>
      j.onRef('v.event_id', '=', 'e.record_id').on('v.tbl', '=', 'visits').on('v.erased', '=', 0),
    )
    .leftJoin('records as es', (j) =>
      j
        .on('es.tbl', '=', 'spaces')
        .on('es.record_id', '=', field(kind, 'e.state', 'spaceId', 'value')),
    )
    // The person a visit names: its key is `member:<id>` or `visitor:<id>` (store.ts personKeyOf).
    .leftJoin('records as p', (j) =>
      j.on(
        sql<boolean>`(${isMember} and p.tbl = 'members' and p.record_id = substr(v.person_key, 8))
          or (${isVisitor} and p.tbl = 'visitors' and p.record_id = substr(v.person_key, 9))`,
      ),
    )
    .leftJoin('records as hs', (j) =>
      j
        .on('hs.tbl', '=', 'spaces')
        .on('hs.record_id', '=', field(kind, 'p.state', 'homeSpaceId', 'value')),
    )
    .where('e.tbl', '=', 'events')
    .where('e.erased', '=', 0)
    .where(jsonText(kind, 'e.state', ['kind']), '=', 'fields')
    .where(startsAt, '>=', range.fromMs)
    .where(startsAt, '<', range.toMs)
    .groupBy(['e.record_id', 'e.state', 'es.state'])
    .select([
      'e.record_id as event_id',
      field(kind, 'e.state', 'spaceId', 'value').as('space_id'),
      startsAt.as('starts_at'),
      field(kind, 'e.state', 'status', 'value').as('status'),
      field(kind, 'e.state', 'title', 'value', 'fr').as('title_fr'),
      field(kind, 'e.state', 'title', 'value', 'nl').as('title_nl'),
      field(kind, 'e.state', 'title', 'value', 'en').as('title_en'),
      sql<number>`count(distinct v.person_key)`.as('people'),
      sql<number>`sum(case when v.record_id is not null and v.person_key is null then 1 else 0 end)`.as(
        'anonymous',
      ),
      distinctWhen(sql`${isVisitor} and not ${earlierVisit}`).as('first_time'),
      distinctWhen(sql`(${memberAbroad}) or (${visitorAbroad})`).as('cross_border'),
    ])
    .orderBy('starts_at')
    .orderBy('e.record_id')
    .execute();
  return rows.map((r) => toAttendanceRow(r as RawRow));
}

function toAttendanceRow(r: RawRow): AttendanceRow {
  const title: Localised = {
    ...(r.title_fr !== null ? { fr: r.title_fr } : {}),
    ...(r.title_nl !== null ? { nl: r.title_nl } : {}),
    ...(r.title_en !== null ? { en: r.title_en } : {}),
  };
  return {
    eventId: r.event_id,
    spaceId: r.space_id ?? '',
    startsAt: r.starts_at ?? 0,
    title,
    status: (r.status ?? 'confirmed') as EventStatus,
    // PostgreSQL gives count() as BIGINT (a number here: postgres-store.ts) and sum() as NUMERIC.
    attendees: Number(r.people) + Number(r.anonymous ?? 0),
    firstTime: Number(r.first_time),
    crossBorder: Number(r.cross_border),
  };
}
