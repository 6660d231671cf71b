import type { SyncedTable } from '#shared/domain/types';
import { HybridLogicalClock, parseHlc } from '#shared/sync/hlc';
import type { RecordState } from '#shared/sync/protocol-merge';
import { HttpError } from '../http/errors';
import type { HubStore } from '../store/store';
import { hubWrite } from '../sync/hub-writes';

/**
 * A console edit as the hub's own write (decision 0031): through `hubWrite`, so the same merge,
 * card-key index and change log as an import or a kiosk's push, and kiosks receive it at their
 * next sync.
 */

/** Every stamp a record's state holds (its fields'), so an edit can be stamped after them. */
function stampsOf(state: RecordState | undefined): string[] {
  if (state?.kind !== 'fields') return [];
  return Object.values(state.fields).map((f) => f.hlc);
}

/**
 * Puts `record`'s fields into `table` as the hub (fields absent are left as they are; `null`
 * clears an optional one). The stamp is later than every stamp the record holds: the operator
 * edited what they saw, so the edit wins over it even when a kiosk's clock runs ahead of the
 * hub's. Throws HttpError 409 with the merge's code and reason (`card-clash`, naming the member
 * who holds the card) when the store refuses it; rejects on database errors.
 */
export async function putAsHub(
  store: HubStore,
  table: SyncedTable,
  record: { readonly id: string },
  now: number,
): Promise<void> {
  const clock = new HybridLogicalClock('hub', () => now);
  const row = await store.readRecord(table, record.id);
  for (const stamp of stampsOf(row?.state)) {
    if (parseHlc(stamp).ok) clock.receive(stamp);
  }
  const outcome = await hubWrite(store, table, [{ op: 'put', record }], now, clock);
  const refused = outcome.rejected[0];
  if (refused !== undefined) throw new HttpError(409, refused.code, refused.reason);
}
