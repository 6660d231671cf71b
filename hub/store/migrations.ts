import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { operatorTables } from './migration-9-operators';
import { fleetTables } from './migration-10-fleet';
import { visitTimeColumns } from './migration-11-visit-times';
import { changesScopeIndex } from './migration-12-changes-scope';
import { visitTallyTables } from './migration-13-visit-tallies';
import { releaseTables } from './migration-14-releases';
import { kioskLogTables } from './migration-15-kiosk-logs';
import { presenceTables } from './migration-16-presence';
import { attendanceIndexes } from './migration-17-attendance-indexes';
import { personIndex } from './migration-18-person-index';
import { occurrenceSeries } from './migration-19-occurrence-series';
import { int64, type Migration, type SqlKind } from './migration-sql';
import { FIRST_MIGRATIONS } from './migrations-1-8';
import type { HubDatabase } from './schema';

export type { Migration, SqlKind } from './migration-sql';
export { ERASED_STATE_JSON } from './migrations-1-8';

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
 * 18. `records_person_time` over every row with a person, in place of `records_person` as well
 *    (migration-18-person-index.ts, decision 0055): one index to update per push instead of two.
 * 19. `agenda_occurrences.series` (a hash of the UID) and its index in place of the index of UIDs
 *    (migration-19-occurrence-series.ts, decision 0060): a feed import appends to it.
 */

/** In version order; `migrate` checks it. */
export const MIGRATIONS: readonly Migration[] = [
  ...FIRST_MIGRATIONS,
  { version: 9, up: operatorTables },
  { version: 10, up: fleetTables },
  { version: 11, up: visitTimeColumns },
  { version: 12, up: changesScopeIndex },
  { version: 13, up: visitTallyTables },
  { version: 14, up: releaseTables },
  { version: 15, up: kioskLogTables },
  { version: 16, up: presenceTables },
  { version: 17, up: attendanceIndexes },
  { version: 18, up: personIndex },
  { version: 19, up: occurrenceSeries },
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
