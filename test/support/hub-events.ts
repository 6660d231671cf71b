import { randomUUID } from 'node:crypto';
import type { AgendaEvent } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { Mutation } from '#shared/sync/protocol';
import { openStore } from '#hub/store/open-store';
import { applyPush } from '#hub/sync/push';

/**
 * Writes agenda occurrences at the hub through its own write path — `applyPush` as the admin
 * principal, as the hub's admin commands do (hub/admin/admin.ts) — on the database `dbUrl`, which
 * a running hub process may hold (SQLite's WAL lets a second connection write). Stamped at
 * `now`, so a later call wins over an earlier one (an edit, a cancellation). Rejects when the hub
 * refuses any of them, naming why, or when the database cannot be opened.
 */
export async function putHubEvents(
  dbUrl: string,
  events: readonly AgendaEvent[],
  now = Date.now(),
): Promise<void> {
  const store = await openStore(dbUrl);
  try {
    const clock = new HybridLogicalClock('hub', () => now);
    const batch: Mutation[] = events.map((record) => ({
      mutationId: randomUUID(),
      table: 'events',
      op: 'put',
      recordId: record.id,
      record,
      hlc: clock.tick(),
    }));
    const outcome = await applyPush(store, { kind: 'admin' }, batch, now);
    if (outcome.rejected.length > 0) {
      throw new Error(`the hub refused: ${outcome.rejected.map((r) => r.reason).join('; ')}`);
    }
  } finally {
    await store.close();
  }
}
