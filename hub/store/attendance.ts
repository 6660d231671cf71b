import type { Kysely, RawBuilder } from 'kysely';
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

interface EventRow {
  event_id: string;
  space_id: string | null;
  starts_at: number | string | null;
  status: string | null;
  title_fr: string | null;
  title_nl: string | null;
  title_en: string | null;
}

/** One event's check-ins of people of one origin (a member's home space, a visitor's country). */
interface OriginRow {
  event_id: string;
  home: string | null;
  country: string | null;
  people: number | string;
  anonymous: number | string;
  first_time: number | string;
}

/** The period's live events (their JSON states, a few hundred a year per space). */
function eventsIn(kind: SqlKind, range: AttendanceRange) {
  const startsAt = jsonInt(kind, 'e.state', ['fields', 'startsAt', 'value']);
  return sql`SELECT e.record_id AS event_id, ${field(kind, 'e.state', 'spaceId', 'value')} AS space_id,
      ${startsAt} AS starts_at, ${field(kind, 'e.state', 'status', 'value')} AS status,
      ${field(kind, 'e.state', 'title', 'value', 'fr')} AS title_fr,
      ${field(kind, 'e.state', 'title', 'value', 'nl')} AS title_nl,
      ${field(kind, 'e.state', 'title', 'value', 'en')} AS title_en
    FROM records e
    WHERE e.tbl = 'events' AND e.erased = 0 AND ${jsonText(kind, 'e.state', ['kind'])} = 'fields'
      AND ${startsAt} >= ${range.fromMs} AND ${startsAt} < ${range.toMs}`;
}

/**
 * The attendance of every live event (not deleted, cancelled ones included) starting in `range`,
 * ordered by start then id, from one read snapshot `db`. Rejects on database errors.
 *
 * Three reads: the spaces' countries, the period's events, and their live check-ins counted per
 * event and origin, from indexes only (migration 17: `records_event` holds what is read of a
 * check-in, `records_member_home` a member's home) — each check-in joined to its person by key,
 * so that no plan can repeat a scan per row whatever the planner estimates of the JSON filters
 * (a one-statement form with derived tables took 100 s on PostgreSQL at 500 000 visits for that
 * reason). A person has one origin, so the distinct counts per origin add up per event;
 * cross-border is the sum over origins whose country is not the event space's. First-time comes from `person_first` (decision 0048): a visitor's visit is their
 * first when it checked in at their first instant and, if other visits share that instant
 * (`tied`), it has the least id of them, as the check-in order (time, then id) defines it.
 */
export async function readAttendance(
  db: Kysely<HubDatabase>,
  kind: SqlKind,
  range: AttendanceRange,
): Promise<AttendanceRow[]> {
  const spaces = await sql<{ space_id: string; country: string | null }>`
    SELECT s.record_id AS space_id, ${field(kind, 's.state', 'country', 'value')} AS country
    FROM records s WHERE s.tbl = 'spaces'`.execute(db);
  const countryOf = new Map(spaces.rows.map((r) => [r.space_id, r.country]));
  const events = await sql<EventRow>`${eventsIn(kind, range)}
    ORDER BY starts_at, event_id`.execute(db);
  const origins = await sql<OriginRow>`
    SELECT a.event_id, pm.owner_space AS home,
      upper(${field(kind, 'pv.state', 'country', 'value')}) AS country,
      count(DISTINCT a.person_key) AS people,
      sum(CASE WHEN a.person_key IS NULL THEN 1 ELSE 0 END) AS anonymous,
      count(DISTINCT CASE WHEN f.first_at = a.check_in_at
          AND (f.tied = 0 OR a.record_id = (SELECT min(w.record_id) FROM records w
            WHERE w.person_key = a.person_key AND w.tbl = 'visits'
              AND w.check_in_at = f.first_at))
        THEN a.person_key END) AS first_time
    FROM records a
    -- The person a visit names: its key is member:<id> or visitor:<id> (store.ts personKeyOf).
    -- Each key is null unless the person is of that kind, so the lookup ends at once. A member's
    -- owner space is their home (push-rules.ts ownerOf): records_member_home holds both.
    LEFT JOIN records pm ON pm.tbl = 'members'
      AND pm.record_id = CASE WHEN a.person_key LIKE 'member:%' THEN substr(a.person_key, 8) END
    LEFT JOIN records pv ON pv.tbl = 'visitors'
      AND pv.record_id = CASE WHEN a.person_key LIKE 'visitor:%' THEN substr(a.person_key, 9) END
    LEFT JOIN person_first f
      ON f.person_key = CASE WHEN a.person_key LIKE 'visitor:%' THEN a.person_key END
    WHERE a.tbl = 'visits' AND a.erased = 0
      AND a.event_id IN (SELECT event_id FROM (${eventsIn(kind, range)}) ev)
    GROUP BY a.event_id, home, country`.execute(db);
  const byEvent = new Map<string, OriginRow[]>();
  for (const r of origins.rows) {
    const list = byEvent.get(r.event_id);
    if (list === undefined) byEvent.set(r.event_id, [r]);
    else list.push(r);
  }
  return events.rows.map((e) => {
    const here = e.space_id === null ? null : (countryOf.get(e.space_id) ?? null);
    const rows = byEvent.get(e.event_id) ?? [];
    const sum = (of: (r: OriginRow) => number) => rows.reduce((n, r) => n + of(r), 0);
    // A member's origin is their home space's country (none when the hub lacks that space); a
    // visitor's, the country they gave (none when they gave none).
    const origin = (r: OriginRow) =>
      r.home !== null ? (countryOf.get(r.home) ?? null) : r.country;
    return toAttendanceRow(e, {
      attendees: sum((r) => Number(r.people) + Number(r.anonymous)),
      firstTime: sum((r) => Number(r.first_time)),
      crossBorder: sum((r) => {
        const from = origin(r);
        return from !== null && here !== null && from !== here ? Number(r.people) : 0;
      }),
    });
  });
}

function toAttendanceRow(
  r: EventRow,
  counts: Pick<AttendanceRow, 'attendees' | 'firstTime' | 'crossBorder'>,
): AttendanceRow {
  const title: Localised = {
    ...(r.title_fr !== null ? { fr: r.title_fr } : {}),
    ...(r.title_nl !== null ? { nl: r.title_nl } : {}),
    ...(r.title_en !== null ? { en: r.title_en } : {}),
  };
  return {
    eventId: r.event_id,
    spaceId: r.space_id ?? '',
    // SQLite's json_extract gives an integer; PostgreSQL's cast a BIGINT (a number here).
    startsAt: Number(r.starts_at ?? 0),
    title,
    status: (r.status ?? 'confirmed') as EventStatus,
    ...counts,
  };
}
