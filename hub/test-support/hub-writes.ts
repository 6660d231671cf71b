import type { AgendaEvent, SyncedTable } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { HubStore } from '../store/store';
import { hubWrite } from '../sync/hub-writes';

/**
 * Writes `records` into `table` as the hub itself does (hub/sync/hub-writes.ts: the admin
 * principal through the push path, so they are merged, logged and pulled like any hub write), stamped at
 * `now`. Rejects when the store refuses any of them, naming the code and reason.
 */
export async function hubPut(
  store: HubStore,
  table: SyncedTable,
  records: readonly { id: string }[],
  now: number,
): Promise<void> {
  const { rejected } = await hubWrite(
    store,
    table,
    records.map((record) => ({ op: 'put', record })),
    now,
    new HybridLogicalClock('hub', () => now),
  );
  if (rejected.length > 0) {
    throw new Error(`hub put refused: ${rejected.map((r) => `${r.code}: ${r.reason}`).join('; ')}`);
  }
}

/**
 * A person's (or any fields record's) values as the hub holds them, with `over` replacing fields
 * (undefined removes one), ready for `hubPut`. Rejects when the record is not a live one.
 */
export async function personWith(
  store: HubStore,
  table: SyncedTable,
  id: string,
  over: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown> & { id: string }> {
  const row = await store.readRecord(table, id);
  if (row?.state.kind !== 'fields') throw new Error(`no live ${table} ${id}`);
  const values = new Map(Object.entries(row.state.fields).map(([k, f]) => [k, f.value] as const));
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) values.delete(k);
    else values.set(k, v);
  }
  return { ...Object.fromEntries(values), id };
}

/** An agenda occurrence at `spaceId`, confirmed, titled in French; `over` replaces any field. */
export function agendaEvent(
  over: Partial<AgendaEvent> & { id: string; spaceId: string; startsAt: number },
): AgendaEvent {
  return {
    uid: `${over.id}@test`,
    endsAt: over.startsAt + 2 * 3_600_000,
    allDay: false,
    title: { fr: `Atelier ${over.id}` },
    status: 'confirmed',
    updatedAt: over.startsAt - 86_400_000,
    ...over,
  };
}
