import { intlWall } from '#shared/time/test-support';
import type { AttendanceRow } from '../store/attendance';
import type { IndicatorPeriod } from '../store/indicators-rows';
import { withRawDb, type RawDb } from './raw-db';

/**
 * The indicators computed independently of hub/store/indicators.ts, for tests: plain SQL over the
 * records' JSON (not the columns of migration 11, not the store's statements), with each visit's
 * local wall time given by Intl (not Temporal, not offset arithmetic) in a scratch table
 * `witness_local`, and ISO weeks by the databases' own date functions. Returns the same shapes as
 * the store, so a test compares them with `toEqual`.
 */

type Row = Record<string, unknown>;

/** JSON text at `path` of `column`, in each database's plain spelling. */
function j(kind: RawDb['kind'], column: string, path: string): string {
  return kind === 'sqlite'
    ? `json_extract(${column}, '$.${path}')`
    : `(${column}::jsonb #>> '{${path.split('.').join(',')}}')`;
}

const n = (v: unknown) => Number(v ?? 0);
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function writeWitness(db: RawDb): Promise<void> {
  const spaces = await db.query(
    `SELECT record_id, ${j(db.kind, 'state', 'fields.timezone.value')} AS zone FROM records WHERE tbl = 'spaces'`,
  );
  const zones = new Map(spaces.map((s) => [String(s['record_id']), String(s['zone'])]));
  const visits = await db.query(
    `SELECT record_id, ${j(db.kind, 'state', 'spaceId')} AS space,
      ${j(db.kind, 'state', 'checkIn.checkInAt')} AS cin FROM records
      WHERE tbl = 'visits' AND ${j(db.kind, 'state', 'checkIn.checkInAt')} IS NOT NULL`,
  );
  await db.exec(`DROP TABLE IF EXISTS witness_local;
    CREATE TABLE witness_local (record_id TEXT PRIMARY KEY, local_date TEXT, weekday INTEGER, hour INTEGER)`);
  const values = visits.map((v) => {
    const { date, time } = intlWall(Number(v['cin']), zones.get(String(v['space'])) ?? 'UTC');
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    return `(${quote(String(v['record_id']))}, '${date}', ${weekday}, ${Number(time.slice(0, 2))})`;
  });
  for (let i = 0; i < values.length; i += 500) {
    await db.exec(`INSERT INTO witness_local VALUES ${values.slice(i, i + 500).join(', ')}`);
  }
}

/** The independent figures of `period` on the database at `url` (it must be quiet meanwhile). */
export async function witnessIndicators(url: string, period: IndicatorPeriod) {
  return withRawDb(
    url,
    async (db) => {
      await writeWitness(db);
      const J = (column: string, path: string) => j(db.kind, column, path);
      const spaceList =
        period.spaces === undefined
          ? `SELECT record_id FROM records WHERE tbl = 'spaces'`
          : period.spaces.map(quote).join(', ') || `''`;
      const isoWeek =
        db.kind === 'sqlite'
          ? `strftime('%G-W%V', w.local_date)`
          : `to_char(w.local_date::date, 'IYYY-"W"IW')`;
      const vis = `WITH vis AS (SELECT r.record_id, ${J('r.state', 'spaceId')} AS space,
          ${J('r.state', 'checkIn.personKind')} AS kind, ${J('r.state', 'checkIn.personId')} AS pid,
          CAST(${J('r.state', 'checkIn.checkInAt')} AS BIGINT) AS cin,
          CAST(${J('r.state', 'checkOut.checkOutAt')} AS BIGINT) AS cout,
          ${J('r.state', 'checkIn.eventId')} AS event, ${isoWeek} AS week,
          w.local_date, w.weekday, w.hour
        FROM records r JOIN witness_local w ON w.record_id = r.record_id
        WHERE r.tbl = 'visits' AND r.state NOT LIKE '{"kind":"erased"%'
          AND w.local_date >= '${period.from}' AND w.local_date < '${period.to}'
          AND ${J('r.state', 'spaceId')} IN (${spaceList}))`;
      const members = `count(DISTINCT CASE WHEN kind = 'member' AND pid <> 'anonymous' THEN pid END)`;
      const visitors = `count(DISTINCT CASE WHEN kind = 'visitor' AND pid <> 'anonymous' THEN pid END)`;
      const weeks = await db.query(
        `${vis} SELECT space, week, count(*) AS visits FROM vis GROUP BY space, week ORDER BY week, space`,
      );
      const bySpace = await db.query(
        `${vis} SELECT space, ${members} AS members, ${visitors} AS visitors, count(*) AS visits
         FROM vis GROUP BY space ORDER BY space`,
      );
      const [total] = await db.query(
        `${vis} SELECT ${members} AS members, ${visitors} AS visitors, count(*) AS visits FROM vis`,
      );
      const [fresh] = await db.query(
        `${vis} SELECT count(*) AS visitors, sum(CASE WHEN EXISTS (SELECT 1 FROM records r2
          WHERE r2.tbl = 'visits' AND ${J('r2.state', 'checkIn.personKind')} = 'visitor'
            AND ${J('r2.state', 'checkIn.personId')} = f.pid
            AND CAST(${J('r2.state', 'checkIn.checkInAt')} AS BIGINT) < f.first) THEN 1 ELSE 0 END) AS back
         FROM (SELECT pid, min(cin) AS first FROM vis WHERE kind = 'visitor' AND pid <> 'anonymous'
           GROUP BY pid) f`,
      );
      // Each person's origin: a member's home space (and its country), a visitor's country.
      const origins = `origins AS (
           SELECT 'member' AS kind, m.record_id AS pid, ${J('m.state', 'fields.homeSpaceId.value')} AS origin,
             ${J('hs.state', 'fields.country.value')} AS country, 1 AS is_member
           FROM records m LEFT JOIN records hs ON hs.tbl = 'spaces'
             AND hs.record_id = ${J('m.state', 'fields.homeSpaceId.value')}
           WHERE m.tbl = 'members' AND m.state LIKE '{"kind":"fields"%'
           UNION ALL
           SELECT 'visitor', p.record_id, 'country:' || upper(${J('p.state', 'fields.country.value')}),
             upper(${J('p.state', 'fields.country.value')}), 0
           FROM records p WHERE p.tbl = 'visitors' AND p.state LIKE '{"kind":"fields"%'
             AND ${J('p.state', 'fields.country.value')} IS NOT NULL)`;
      const cross = await db.query(
        `${vis}, ${origins}
         SELECT o.origin, v.space, substr(v.local_date, 1, 7) AS month, o.is_member, count(*) AS visits
         FROM vis v JOIN origins o ON o.kind = v.kind AND o.pid = v.pid
           JOIN records vs ON vs.tbl = 'spaces' AND vs.record_id = v.space
         WHERE o.country <> ${J('vs.state', 'fields.country.value')}
         GROUP BY o.origin, v.space, substr(v.local_date, 1, 7), o.is_member`,
      );
      const hours = await db.query(
        `${vis} SELECT weekday, hour, count(*) AS visits FROM vis GROUP BY weekday, hour ORDER BY weekday, hour`,
      );
      const stays = await db.query(
        `${vis} SELECT space, count(*) AS closed, sum(cout - cin) AS ms FROM vis
         WHERE cout >= cin GROUP BY space ORDER BY space`,
      );
      // Per event: distinct people (and each anonymous visit); first-time, a visitor with no
      // visit before this one anywhere (check-in time, then id); cross-border, a person whose
      // origin's country is not the event's space's.
      const events = await db.query(
        `${vis}, ${origins}
         SELECT v.event,
           count(DISTINCT CASE WHEN v.pid <> 'anonymous' THEN v.kind || ':' || v.pid END)
             + sum(CASE WHEN v.pid = 'anonymous' THEN 1 ELSE 0 END) AS attendees,
           count(DISTINCT CASE WHEN v.kind = 'visitor' AND v.pid <> 'anonymous' AND NOT EXISTS (
               SELECT 1 FROM records r2 WHERE r2.tbl = 'visits'
                 AND r2.state NOT LIKE '{"kind":"erased"%'
                 AND ${J('r2.state', 'checkIn.personKind')} = 'visitor'
                 AND ${J('r2.state', 'checkIn.personId')} = v.pid
                 AND (CAST(${J('r2.state', 'checkIn.checkInAt')} AS BIGINT) < v.cin
                   OR (CAST(${J('r2.state', 'checkIn.checkInAt')} AS BIGINT) = v.cin
                     AND r2.record_id < v.record_id)))
             THEN v.pid END) AS first_time,
           count(DISTINCT CASE WHEN o.country <> ${J('vs.state', 'fields.country.value')}
             THEN v.kind || ':' || v.pid END) AS cross_border
         FROM vis v LEFT JOIN origins o ON o.kind = v.kind AND o.pid = v.pid
           LEFT JOIN records vs ON vs.tbl = 'spaces' AND vs.record_id = v.space
         WHERE v.event IS NOT NULL GROUP BY v.event ORDER BY v.event`,
      );
      await db.exec('DROP TABLE witness_local');
      return { weeks, bySpace, total, fresh, cross, hours, stays, events };
    },
    { write: true },
  ).then(shape);
}

interface Raw {
  weeks: Row[];
  bySpace: Row[];
  total: Row | undefined;
  fresh: Row | undefined;
  cross: Row[];
  hours: Row[];
  stays: Row[];
  events: Row[];
}

function stay(closed: number, ms: number) {
  return {
    closedVisits: closed,
    averageMinutes: closed === 0 ? 0 : Math.round(ms / closed / 6_000) / 10,
  };
}

/** The raw rows in the store's shapes (sums and sorting only: every count came from SQL). */
function shape(r: Raw) {
  const months = new Map<string, { month: string; members: number; visitors: number }>();
  const flows = new Map<string, { from: string; to: string; visits: number }>();
  for (const c of r.cross) {
    const month = String(c['month']);
    const m = months.get(month) ?? { month, members: 0, visitors: 0 };
    if (n(c['is_member']) === 1) m.members += n(c['visits']);
    else m.visitors += n(c['visits']);
    months.set(month, m);
    const key = `${String(c['origin'])}>${String(c['space'])}`;
    const f = flows.get(key) ?? { from: String(c['origin']), to: String(c['space']), visits: 0 };
    f.visits += n(c['visits']);
    flows.set(key, f);
  }
  const closed = r.stays.reduce((a, s) => a + n(s['closed']), 0);
  const ms = r.stays.reduce((a, s) => a + n(s['ms']), 0);
  const visitors = n(r.fresh?.['visitors']);
  const returning = n(r.fresh?.['back']);
  return {
    visitsPerWeek: r.weeks.map((w) => ({
      spaceId: String(w['space']),
      week: String(w['week']),
      visits: n(w['visits']),
    })),
    uniquePeople: {
      bySpace: r.bySpace.map((s) => ({
        spaceId: String(s['space']),
        members: n(s['members']),
        visitors: n(s['visitors']),
      })),
      total: { members: n(r.total?.['members']), visitors: n(r.total?.['visitors']) },
    },
    visits: n(r.total?.['visits']),
    newReturning: { newVisitors: visitors - returning, returningVisitors: returning },
    crossBorder: {
      total: r.cross.reduce((a, c) => a + n(c['visits']), 0),
      byMonth: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
      flows: [...flows.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1)),
    },
    busiestHours: r.hours.map((h) => ({
      weekday: n(h['weekday']),
      hour: n(h['hour']),
      visits: n(h['visits']),
    })),
    averageStay: {
      bySpace: r.stays.map((s) => ({
        spaceId: String(s['space']),
        ...stay(n(s['closed']), n(s['ms'])),
      })),
      total: stay(closed, ms),
    },
    attendees: r.events.map((e) => ({
      eventId: String(e['event']),
      attendees: n(e['attendees']),
      firstTime: n(e['first_time']),
      crossBorder: n(e['cross_border']),
    })),
  };
}

/** The store's attendance rows as the witness gives them: the counts only, by event id. */
export function attendanceCounts(rows: readonly AttendanceRow[]) {
  return rows
    .map(({ eventId, attendees, firstTime, crossBorder }) => ({
      eventId,
      attendees,
      firstTime,
      crossBorder,
    }))
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}
