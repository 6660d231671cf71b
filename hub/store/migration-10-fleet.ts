import type { Kysely } from 'kysely';
import { int64 as int64Of, type SqlKind } from './migration-sql';
import type { HubDatabase } from './schema';

/**
 * Migration 10, fleet health (decision 0029): `kiosk_heartbeats` keeps each kiosk's heartbeats
 * for a week (the console's history), keyed by kiosk and receipt time so the latest one is an
 * index seek; `fleet_latest` keeps the latest per kiosk, so the fleet list reads one row a kiosk
 * however long the history. No foreign key to `kiosks`: a heartbeat is only stored for a kiosk
 * that authenticated, and history outlives nothing that matters.
 */
export async function fleetTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  // 64-bit on PostgreSQL (its INTEGER is 32-bit); SQLite's INTEGER already is.
  const int64 = int64Of(kind);
  for (const table of ['fleet_latest', 'kiosk_heartbeats'] as const) {
    let create = db.schema
      .createTable(table)
      .addColumn('kiosk_id', 'text', (c) => c.notNull())
      .addColumn('received_at', int64, (c) => c.notNull())
      .addColumn('clock_offset_ms', int64, (c) => c.notNull())
      .addColumn('heartbeat', 'text', (c) => c.notNull());
    create =
      table === 'fleet_latest'
        ? create.addPrimaryKeyConstraint('fleet_latest_pk', ['kiosk_id'])
        : create.addPrimaryKeyConstraint('kiosk_heartbeats_pk', ['kiosk_id', 'received_at']);
    await create.execute();
  }
}
