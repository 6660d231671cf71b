import type { Selectable } from 'kysely';
import { HeartbeatBodySchema } from '#shared/sync/heartbeat';
import type { SqlEngine } from './engine';
import type { FleetStore, HeartbeatRow } from './fleet-rows';
import type { HeartbeatsTable } from './schema-fleet';

function toHeartbeat(r: Selectable<HeartbeatsTable>): HeartbeatRow {
  return {
    kioskId: r.kiosk_id,
    receivedAt: r.received_at,
    clockOffsetMs: r.clock_offset_ms,
    // Written only from a validated body; parsed again so a row edited by hand cannot pass as one.
    heartbeat: HeartbeatBodySchema.parse(JSON.parse(r.heartbeat)),
  };
}

/** The fleet tables over `engine`, for both databases (see fleet-rows.ts for the contract). */
export function fleetStore(engine: SqlEngine): FleetStore {
  const { reader } = engine;
  return {
    recordHeartbeat: (row, keepSince) =>
      engine.update(async (db) => {
        const values = {
          kiosk_id: row.kioskId,
          received_at: row.receivedAt,
          clock_offset_ms: row.clockOffsetMs,
          heartbeat: JSON.stringify(row.heartbeat),
        };
        const replace = {
          received_at: values.received_at,
          clock_offset_ms: values.clock_offset_ms,
          heartbeat: values.heartbeat,
        };
        await db
          .insertInto('fleet_latest')
          .values(values)
          .onConflict((oc) => oc.column('kiosk_id').doUpdateSet(replace))
          .execute();
        await db
          .insertInto('kiosk_heartbeats')
          .values(values)
          .onConflict((oc) => oc.columns(['kiosk_id', 'received_at']).doUpdateSet(replace))
          .execute();
        await db
          .deleteFrom('kiosk_heartbeats')
          .where('kiosk_id', '=', row.kioskId)
          .where('received_at', '<', keepSince)
          .execute();
      }),
    async latest() {
      const rows = await reader
        .selectFrom('fleet_latest')
        .selectAll()
        .orderBy('kiosk_id')
        .execute();
      return rows.map(toHeartbeat);
    },
    async history(kioskId, since, limit) {
      const rows = await reader
        .selectFrom('kiosk_heartbeats')
        .selectAll()
        .where('kiosk_id', '=', kioskId)
        .where('received_at', '>=', since)
        .orderBy('received_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toHeartbeat);
    },
  };
}
