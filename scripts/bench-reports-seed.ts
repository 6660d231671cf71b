import Database from 'better-sqlite3';
import pg from 'pg';
import { visitTallyRebuild } from '#hub/store/migration-13-visit-tallies';
import { rebuildPresence } from '#hub/store/migration-16-presence';

/**
 * Bulk seed for bench:reports: spaces, members, visitors, weekly events and visits written by
 * one INSERT … SELECT each, generated inside the database (SQLite: a recursive CTE; PostgreSQL:
 * generate_series), so 5 000 000 visits take the database's own time, not a round trip per row.
 * The records' JSON has the hub's shapes (kind, fields with value and stamp, visit check-in /
 * check-out), the extracted columns are filled as the hub fills them, and the secondary indexes
 * of `records` are dropped before the visits and built again after (as a bulk load should), and
 * the indicators' tallies are counted from the rows by migration 13's and migration 16's own
 * rebuilds.
 * Deterministic: values are arithmetic on the row number.
 */

export interface SeedShape {
  readonly visits: number;
  readonly members: number;
  readonly visitors: number;
  /** First day of the two years, epoch ms (UTC midnight). */
  readonly startMs: number;
  readonly days: number;
}

const SPACES = 7;
const HLC = '000001735689600000-000000-bench';

type Kind = 'sqlite' | 'postgres';

/** Dialect words: a JSON object, nulls removed, and a row series from 0. */
function dialect(kind: Kind) {
  return kind === 'sqlite'
    ? {
        obj: (...kv: string[]) => `json_object(${kv.join(', ')})`,
        strip: (json: string) => `json_patch('{}', ${json})`,
        series: (n: number) =>
          `(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${n - 1}) SELECT i FROM s)`,
      }
    : {
        obj: (...kv: string[]) => `jsonb_build_object(${kv.join(', ')})`,
        strip: (json: string) => `(jsonb_strip_nulls(${json}))::text`,
        series: (n: number) => `(SELECT generate_series(0::bigint, ${n - 1}) AS i)`,
      };
}

/** The seeding statements, in order (indexes are handled by the caller). */
function statements(kind: Kind, shape: SeedShape): string[] {
  const { obj, strip, series } = dialect(kind);
  const field = (value: string) => obj(`'value'`, value, `'hlc'`, `'${HLC}'`);
  const fields = (kv: Record<string, string>) =>
    strip(
      obj(
        `'kind'`,
        `'fields'`,
        `'fields'`,
        obj(...Object.entries(kv).flatMap(([k, v]) => [`'${k}'`, field(v)])),
      ),
    );
  const DAY = 86_400_000;
  const spaces = `INSERT INTO records (tbl, record_id, owner_space, person_key, state, erased)
    SELECT 'spaces', 'sp-' || i, NULL, NULL, ${fields({
      id: `'sp-' || i`,
      name: `'Space ' || i`,
      city: `'City ' || i`,
      country: `CASE WHEN i < 4 THEN 'BE' ELSE 'FR' END`,
      timezone: `CASE WHEN i < 4 THEN 'Europe/Brussels' ELSE 'Europe/Paris' END`,
    })}, 0 FROM ${series(SPACES)} s`;
  const members = `INSERT INTO records (tbl, record_id, owner_space, person_key, state, erased)
    SELECT 'members', 'm-' || i, 'sp-' || (i % ${SPACES}), NULL, ${fields({
      id: `'m-' || i`,
      displayName: `'Member ' || i`,
      homeSpaceId: `'sp-' || (i % ${SPACES})`,
    })}, 0 FROM ${series(shape.members)} s`;
  const visitors = `INSERT INTO records (tbl, record_id, owner_space, person_key, state, erased)
    SELECT 'visitors', 'v-' || i, 'sp-' || (i % ${SPACES}), NULL, ${fields({
      id: `'v-' || i`,
      firstName: `'Visitor'`,
      lastName: `'' || i`,
      country: `CASE i % 3 WHEN 0 THEN 'BE' WHEN 1 THEN 'FR' ELSE NULL END`,
    })}, 0 FROM ${series(shape.visitors)} s`;
  const weeks = Math.ceil(shape.days / 7);
  const events = `INSERT INTO records (tbl, record_id, owner_space, person_key, state, erased)
    SELECT 'events', 'ev-sp-' || (i % ${SPACES}) || '-' || (i / ${SPACES}), NULL, NULL, ${fields({
      spaceId: `'sp-' || (i % ${SPACES})`,
      startsAt: `${shape.startMs} + (i / ${SPACES}) * ${7 * DAY} + ${17 * 3_600_000}`,
      title: obj(`'fr'`, `'Atelier ' || i`),
      status: `'confirmed'`,
    })}, 0 FROM ${series(SPACES * weeks)} s`;
  const n = shape.visits;
  const visit = strip(
    obj(
      `'kind'`,
      `'visit'`,
      `'id'`,
      'id',
      `'spaceId'`,
      'sp',
      `'checkIn'`,
      obj(
        `'personKind'`,
        'pkind',
        `'personId'`,
        'pid',
        `'method'`,
        `'wedge'`,
        `'checkInAt'`,
        'cin',
        `'kioskId'`,
        `sp || '-k'`,
        `'eventId'`,
        'ev',
      ),
      `'checkInHlc'`,
      `'${HLC}'`,
      `'checkOut'`,
      `CASE WHEN cout IS NULL THEN NULL ELSE ${obj(`'checkOutAt'`, 'cout', `'checkOutMethod'`, `'wedge'`)} END`,
    ),
  );
  const visits = `INSERT INTO records (tbl, record_id, owner_space, person_key, state, erased, event_id, check_in_at, check_out_at)
    SELECT 'visits', id, sp, pkind || ':' || pid, ${visit}, 0, ev, cin, cout FROM (
      SELECT id, sp, pkind, pid, cin, ev,
        CASE WHEN i % 10 = 3 THEN NULL ELSE cin + (30 + (i * 17) % 450) * 60000 END AS cout
      FROM (
        SELECT i, 'x-' || i AS id, 'sp-' || (i % ${SPACES}) AS sp,
          CASE WHEN i % 10 = 0 THEN 'visitor' ELSE 'member' END AS pkind,
          CASE WHEN i % 10 = 0 THEN 'v-' || ((i * 7919) % ${shape.visitors})
            ELSE 'm-' || ((i * 104729) % ${shape.members}) END AS pid,
          ${shape.startMs} + ((i * ${shape.days}) / ${n}) * ${DAY}
            + (7 + (i * 37) % 12) * 3600000 + ((i * 13) % 60) * 60000 AS cin,
          CASE WHEN i % 50 = 1 THEN 'ev-sp-' || (i % ${SPACES}) || '-' || (((i * ${shape.days}) / ${n}) / 7) END AS ev
        FROM ${series(n)} s) a) b`;
  return [spaces, members, visitors, events, visits];
}

/** Seeds the SQLite database at `path` (already migrated by the store; closed meanwhile). */
export async function seedSqlite(path: string, shape: SeedShape): Promise<void> {
  const db = new Database(path);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL`,
      )
      .all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
      for (const s of statements('sqlite', shape)) db.exec(s);
      for (const i of indexes) db.exec(i.sql);
      for (const s of visitTallyRebuild('sqlite')) db.exec(s);
    })();
    db.exec('BEGIN');
    await rebuildPresence('sqlite', (statement) => {
      const prepared = db.prepare(statement);
      if (prepared.reader) return Promise.resolve(prepared.all() as Record<string, unknown>[]);
      prepared.run();
      return Promise.resolve([]);
    });
    db.exec('COMMIT');
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Seeds the PostgreSQL database at `url` (already migrated by the store), then VACUUM ANALYZE. */
export async function seedPostgres(url: string, shape: SeedShape): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    const { rows } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'records' AND indexname <> 'records_pkey'`,
    );
    await client.query('BEGIN');
    for (const r of rows) await client.query(`DROP INDEX ${r.indexname}`);
    for (const s of statements('postgres', shape)) await client.query(s);
    for (const r of rows) await client.query(r.indexdef);
    for (const s of visitTallyRebuild('postgres')) await client.query(s);
    await rebuildPresence(
      'postgres',
      async (statement) => (await client.query<Record<string, unknown>>(statement)).rows,
    );
    await client.query('COMMIT');
    // The visibility map lets the indicators read the covering index alone (index-only scans).
    for (const table of [
      'records',
      'visit_hours',
      'visit_origins',
      'person_ordinals',
      'presence_days',
      'presence_months',
      'person_first',
    ]) {
      await client.query(`VACUUM ANALYZE ${table}`);
    }
  } finally {
    await client.end();
  }
}
