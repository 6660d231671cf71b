import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RecordState } from '#shared/sync/protocol-merge';
import { cardKeysOfState } from './card-keys';
import { sql } from './kysely';
import { eventIdOf } from './mappers';
import { operatorTables } from './migration-9-operators';
import { fleetTables } from './migration-10-fleet';
import { visitTimeColumns } from './migration-11-visit-times';
import { changesScopeIndex } from './migration-12-changes-scope';
import { visitTallyTables } from './migration-13-visit-tallies';
import { releaseTables } from './migration-14-releases';
import { kioskLogTables } from './migration-15-kiosk-logs';
import { presenceTables } from './migration-16-presence';
import { attendanceIndexes } from './migration-17-attendance-indexes';
import type { HubDatabase } from './schema';

/**
 * The hub's schema, one definition for both databases: numbered migrations, applied in order,
 * each once, forward only, recorded in `hub_migrations (version, at)` (the table every deployed
 * hub already has, holding versions 1–2). Never edit a released migration's effect: append one.
 *
 * 1. records (merge state per record), changes (the log, one entry per record, numbered by the
 *    single hub_sequencer row), mutations (verdict per mutation id), kiosks and enrolments
 *    (hashed codes and credentials) and hub_meta (the epoch).
 * 2. each kiosk's `pulled_through`: the cursor of its latest pull request, what the erasure
 *    compaction waits for.
 * 3. `records.erased`: a flag for the `erased` tombstone, so erasures and compaction match a
 *    column instead of the JSON text of the state; backfilled from that text.
 * 4. `changes.origin`: the kiosk database whose push an entry holds exactly (protocol rule 12),
 *    so that database's pulls skip it; null on every existing entry.
 * 5. `card_keys`: which member holds each card key, one holder per key (decision 0021);
 *    backfilled from the live member records in id order. Where two members already held one
 *    key, the first keeps it in the table and the other's next write is refused until an
 *    operator removes the card from one of them.
 * 6. `records.change_seq`: each record names its change-log entry, and `changes` loses its
 *    unique index on (tbl, record_id) (change-log.ts, decision 0007); backfilled from the log.
 * 7. `records.event_id`: a live visit's event, with an index, so attendance per event
 *    (attendance.ts) reads the visits of an event by key instead of the JSON of every visit;
 *    backfilled from the visits that name one.
 * 8. The agenda (decision 0023): `feeds` (URL or uploaded file, default language, conditional-GET
 *    validators, last success and last error), `agenda_occurrences` (each `events` record the
 *    hub wrote: its feed, UID, recurrence id and the digest of what was written), `hub_events`
 *    (events made at the hub), and the editor's `event_translations` and `event_cancellations`
 *    per series UID, which imports never overwrite.
 * 9. The console's operators (decision 0026): `operators`, `operator_sessions` (hashed ids),
 *    `login_failures` (throttling) and `audit_log` (migration-9-operators.ts).
 * 10. Fleet health (decision 0029, migration-10-fleet.ts): `kiosk_heartbeats` (a week of each
 *    kiosk's heartbeats) and `fleet_latest` (the latest per kiosk).
 * 11. `records.check_in_at` / `check_out_at`: a live visit's instants, with the indexes the
 *    indicators read (migration-11-visit-times.ts, decision 0028); backfilled from the visits.
 * 12. `changes_scope` on (scope, seq): a kiosk's pull reads its space's entries and the network's
 *    by key (migration-12-changes-scope.ts, decision 0030).
 * 13. `visit_hours` and `visit_origins`: the indicators' additive tallies per space and hour of
 *    check-in, kept by the sync transaction's writes (migration-13-visit-tallies.ts,
 *    visit-tallies.ts, decision 0028's revision); rebuilt from the stored visits.
 * 14. `releases` and `release_pins`: kiosk updates per channel, their rollout per space or
 *    percentage, and pinned versions (migration-14-releases.ts, decision 0040).
 * 15. `kiosk_log_requests` and `kiosk_log_uploads`: operators' requests for a kiosk's logs and
 *    the uploads kept (migration-15-kiosk-logs.ts, decision 0041).
 * 16. `person_ordinals`, `person_ordinal_next`, `presence_days`, `presence_months` and
 *    `person_first`: who was present where per local day and month as bits of person ordinals,
 *    and each visitor's first visit, for the distinct counts (migration-16-presence.ts,
 *    presence.ts, decision 0048); rebuilt from the stored visits.
 * 17. `records_event` widened to hold what attendance reads of a check-in, and
 *    `records_member_home` (members' home space by id), so event attendance reads indexes only
 *    (migration-17-attendance-indexes.ts, decision 0049).
 */

/** Which database a migration runs on: their DDL differs in a few named places. */
export type SqlKind = 'sqlite' | 'postgres';

/** One schema step. `up` runs inside the migration transaction; it may throw (nothing applies). */
export interface Migration {
  readonly version: number;
  readonly up: (db: Kysely<HubDatabase>, kind: SqlKind) => Promise<void>;
}

/**
 * 64-bit integers: BIGINT on PostgreSQL (its INTEGER is 32-bit). SQLite's INTEGER is already 64-bit
 * and must stay spelled INTEGER: only `INTEGER PRIMARY KEY` makes `changes.seq` the rowid, the
 * table's own B-tree key, instead of a second index.
 */
const int64 = (kind: SqlKind) => (kind === 'sqlite' ? 'integer' : 'bigint');

/**
 * SQLite keeps these tables in their primary-key B-tree (WITHOUT ROWID): one lookup per key and
 * no rowid index. PostgreSQL tables are heaps with separate indexes; it has no such option.
 */
const withoutRowid = (kind: SqlKind) => (kind === 'sqlite' ? sql`without rowid` : sql``);

async function initialSchema(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const s = db.schema;
  await s
    .createTable('hub_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('hub_sequencer')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('value', int64(kind), (c) => c.notNull())
    .execute();
  await db.insertInto('hub_sequencer').values({ id: 1, value: 0 }).execute();
  await s
    .createTable('records')
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('owner_space', 'text')
    .addColumn('person_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('records_pkey', ['tbl', 'record_id'])
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createIndex('records_person')
    .on('records')
    .column('person_key')
    .where(sql.ref('person_key'), 'is not', null)
    .execute();
  await s
    .createTable('changes')
    .addColumn('seq', int64(kind), (c) => c.primaryKey())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('record', 'text')
    .addColumn('scope', 'text')
    .addUniqueConstraint('changes_tbl_record_id_key', ['tbl', 'record_id'])
    .execute();
  await s
    .createTable('mutations')
    .addColumn('mutation_id', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('reason', 'text')
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createTable('kiosks')
    .addColumn('kiosk_id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', int64(kind), (c) => c.notNull())
    .addColumn('revoked_at', int64(kind))
    .execute();
  await s
    .createTable('enrolments')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', int64(kind), (c) => c.notNull())
    .addColumn('used_at', int64(kind))
    .addColumn('kiosk_id', 'text')
    .execute();
}

/** Rows per INSERT in the card-key backfill: 2 parameters each, far below either limit. */
const BACKFILL_ROWS = 500;

async function cardKeysTable(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema
    .createTable('card_keys')
    .addColumn('card_key', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_keys_member').on('card_keys').column('member_id').execute();
  const members = await db
    .selectFrom('records')
    .select(['record_id', 'state'])
    .where('tbl', '=', 'members')
    .where('erased', '=', 0)
    .orderBy('record_id')
    .execute();
  const rows = members.flatMap((m) =>
    cardKeysOfState(JSON.parse(m.state) as RecordState).map((key) => ({
      card_key: key,
      member_id: m.record_id,
    })),
  );
  for (let i = 0; i < rows.length; i += BACKFILL_ROWS) {
    await db
      .insertInto('card_keys')
      .values(rows.slice(i, i + BACKFILL_ROWS))
      .onConflict((oc) => oc.column('card_key').doNothing())
      .execute();
  }
}

/**
 * Each record row names its change-log entry (`change_seq`), and `changes` loses its unique
 * index on (tbl, record_id): entries are replaced by seq (change-log.ts). SQLite cannot drop a
 * table constraint, so it copies the log into a table without it.
 */
async function changeSeqPerRecord(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  await db.schema.alterTable('records').addColumn('change_seq', int64(kind)).execute();
  await sql`UPDATE records SET change_seq = (SELECT c.seq FROM changes c
    WHERE c.tbl = records.tbl AND c.record_id = records.record_id)`.execute(db);
  if (kind === 'postgres') {
    await db.schema.alterTable('changes').dropConstraint('changes_tbl_record_id_key').execute();
    return;
  }
  await db.schema
    .createTable('changes_v6')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('record', 'text')
    .addColumn('scope', 'text')
    .addColumn('origin', 'text')
    .execute();
  await sql`INSERT INTO changes_v6 (seq, tbl, record_id, op, record, scope, origin)
    SELECT seq, tbl, record_id, op, record, scope, origin FROM changes`.execute(db);
  await db.schema.dropTable('changes').execute();
  await db.schema.alterTable('changes_v6').renameTo('changes').execute();
}

/** Migration 7: the visit's event as a column and its index (see the header). */
async function visitEventColumn(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema.alterTable('records').addColumn('event_id', 'text').execute();
  await db.schema
    .createIndex('records_event')
    .on('records')
    .column('event_id')
    .where(sql.ref('event_id'), 'is not', null)
    .execute();
  // Only visits whose JSON mentions an event can name one; the rest keep null.
  const visits = await db
    .selectFrom('records')
    .select(['record_id', 'state'])
    .where('tbl', '=', 'visits')
    .where('erased', '=', 0)
    .where('state', 'like', '%"eventId"%')
    .execute();
  for (const v of visits) {
    const eventId = eventIdOf(JSON.parse(v.state) as RecordState);
    if (eventId === null) continue;
    await db
      .updateTable('records')
      .set({ event_id: eventId })
      .where('tbl', '=', 'visits')
      .where('record_id', '=', v.record_id)
      .execute();
  }
}

/** Migration 8: the agenda's tables (see the header). */
async function agendaTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const s = db.schema;
  await s
    .createTable('feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('lang', 'text')
    .addColumn('body', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_ok_at', int64(kind))
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', int64(kind))
    .addColumn('created_at', int64(kind), (c) => c.notNull())
    .execute();
  await s
    .createTable('agenda_occurrences')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('feed_id', 'text')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('recurrence_id', 'text', (c) => c.notNull())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', int64(kind), (c) => c.notNull())
    .addColumn('ends_at', int64(kind), (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createIndex('agenda_occurrences_feed')
    .on('agenda_occurrences')
    .column('feed_id')
    .execute();
  await s.createIndex('agenda_occurrences_uid').on('agenda_occurrences').column('uid').execute();
  await s
    .createTable('hub_events')
    .addColumn('uid', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', int64(kind), (c) => c.notNull())
    .addColumn('updated_at', int64(kind), (c) => c.notNull())
    .execute();
  await s
    .createTable('event_translations')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('updated_at', int64(kind), (c) => c.notNull())
    .addPrimaryKeyConstraint('event_translations_pkey', ['uid', 'lang'])
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createTable('event_cancellations')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('recurrence_id', 'text', (c) => c.notNull())
    .addColumn('at', int64(kind), (c) => c.notNull())
    .addPrimaryKeyConstraint('event_cancellations_pkey', ['uid', 'recurrence_id'])
    .modifyEnd(withoutRowid(kind))
    .execute();
}

/** The state text every `erased` tombstone was written with before migration 3. */
export const ERASED_STATE_JSON = JSON.stringify({ kind: 'erased' });

/** In version order; `migrate` checks it. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, up: initialSchema },
  {
    version: 2,
    up: async (db, kind) => {
      await db.schema
        .alterTable('kiosks')
        .addColumn('pulled_through', int64(kind), (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    version: 3,
    up: async (db) => {
      await db.schema
        .alterTable('records')
        .addColumn('erased', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db
        .updateTable('records')
        .set({ erased: 1 })
        .where('state', '=', ERASED_STATE_JSON)
        .execute();
    },
  },
  {
    version: 4,
    up: async (db) => {
      await db.schema.alterTable('changes').addColumn('origin', 'text').execute();
    },
  },
  { version: 5, up: cardKeysTable },
  { version: 6, up: changeSeqPerRecord },
  { version: 7, up: visitEventColumn },
  { version: 8, up: agendaTables },
  { version: 9, up: operatorTables },
  { version: 10, up: fleetTables },
  { version: 11, up: visitTimeColumns },
  { version: 12, up: changesScopeIndex },
  { version: 13, up: visitTallyTables },
  { version: 14, up: releaseTables },
  { version: 15, up: kioskLogTables },
  { version: 16, up: presenceTables },
  { version: 17, up: attendanceIndexes },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to SCHEMA_VERSION and gives it an epoch if it has none. Must run inside the
 * store's migration transaction (sql-store.ts), which holds the migration lock, so two hubs
 * starting at once apply each migration once. Rejects, applying nothing, when a migration fails
 * or when the database was written by a newer hub (its version is above SCHEMA_VERSION).
 */
export async function migrate(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  await db.schema
    .createTable('hub_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('at', int64(kind))
    .execute();
  const row = await db
    .selectFrom('hub_migrations')
    .select((eb) => eb.fn.max('version').as('done'))
    .executeTakeFirst();
  const done = row?.done ?? 0;
  if (done > SCHEMA_VERSION) {
    throw new Error(
      `The hub database is at schema version ${done}, newer than this hub's ${SCHEMA_VERSION}: run a newer hub.`,
    );
  }
  for (const m of MIGRATIONS.slice(done)) {
    await m.up(db, kind);
    await db.insertInto('hub_migrations').values({ version: m.version, at: Date.now() }).execute();
  }
  await db
    .insertInto('hub_meta')
    .values({ key: 'epoch', value: randomUUID() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
