import {
  personKeyOf,
  type HubStore,
  type KioskRow,
  type LogEntry,
  type SyncTx,
} from '../store/store';

/**
 * Erasure compaction (docs/sync-protocol.md, Erasure): removes the last trace of an erased or
 * purged person from the hub once no kiosk can need it.
 *
 * An erasure leaves the person's `erased` tombstone (their random id, nothing else), its `erase`
 * log entry, and `erased` tombstones of their visits (keeping the person's key) with, for visits
 * pushed after the erasure, a `delete` entry. They exist so the erasure reaches offline kiosks
 * and so late pushes about the person have no effect. Each kiosk's pull request carries the
 * cursor it has durably applied (`pulledThrough`). Once every active kiosk in an entry's scope
 * (every active kiosk for a null scope, those of the space otherwise) has pulled through the
 * entry's seq, that kiosk has erased the person and redacted its outbox before it could push
 * again, and a new kiosk starts from 0 and never holds them: the entries and tombstones go, all
 * of one person together or none. No active kiosk in the scope means nobody holds the person.
 *
 * Hazard: a revoked kiosk no longer counts. Enrolling it again with its old IndexedDB (not wiped)
 * after a compaction would let it push about a person it never learnt was erased, so the hub
 * refuses to enrol a revoked kiosk until an operator reinstates it (`kiosk reinstate`, which says
 * to wipe it first).
 */

/** What one compaction did. */
export interface CompactionOutcome {
  /** Persons whose tombstone and log entry were removed. */
  readonly compacted: number;
  /** Erasures kept because an active kiosk in their scope has not pulled past them. */
  readonly waiting: number;
}

/** The lowest `pulledThrough` of the active kiosks of `scope` (all of them for null). */
function lowestMark(kiosks: readonly KioskRow[], scope: string | null): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const k of kiosks) {
    if (k.revokedAt !== null) continue;
    if (scope !== null && k.spaceId !== scope) continue;
    lowest = Math.min(lowest, k.pulledThrough);
  }
  return lowest;
}

async function compactIn(tx: SyncTx): Promise<CompactionOutcome> {
  const kiosks = await tx.loadKiosks();
  const isDelivered = (e: LogEntry) => e.seq <= lowestMark(kiosks, e.scope);
  let compacted = 0;
  let waiting = 0;
  for (const erasure of await tx.loadErasures()) {
    if (erasure.table !== 'members' && erasure.table !== 'visitors') continue;
    const personKey = personKeyOf(erasure.table, erasure.recordId);
    const entries = [erasure, ...(await tx.loadVisitTombstoneEntries(personKey))];
    if (!entries.every(isDelivered)) {
      waiting += 1;
      continue;
    }
    await tx.forgetPerson(erasure.table, erasure.recordId, personKey);
    compacted += 1;
  }
  return { compacted, waiting };
}

/**
 * Compacts every erasure every kiosk in its scope has pulled past, in one sync transaction of
 * `store` (pushes and pulls see all of it or none). Idempotent. Rejects with the store's error,
 * having removed nothing.
 */
export function compactErasures(store: HubStore): Promise<CompactionOutcome> {
  return store.syncTransaction(compactIn);
}
