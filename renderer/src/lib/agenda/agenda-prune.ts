import type { KioskDb } from '../db/kiosk-db';
import type { Clock } from '../clock';

/** How long an occurrence stays on the kiosk after it ended. */
export const KEEP_ENDED_MS = 86_400_000;

/**
 * Deletes, in one transaction, every stored occurrence that ended more than KEEP_ENDED_MS before
 * `now`; resolves with how many went. Local only: events are hub-owned and pull-only, so nothing is
 * queued, and the hub never sends a pruned occurrence again unless it changes it. Idempotent.
 * Rejects with the Dexie error, having deleted nothing.
 */
export async function pruneEndedEvents(db: KioskDb, now: number): Promise<number> {
  return db.events
    .where('endsAt')
    .below(now - KEEP_ENDED_MS)
    .delete();
}

/** The sync engine as the pruning follows it: its last success, and a listener on changes. */
export interface SyncSuccesses {
  readonly status: { readonly lastSuccessAt: number | null };
  onStatus(listener: (status: { readonly lastSuccessAt: number | null }) => void): () => void;
}

/**
 * Prunes at once, then after each successful sync (a new `lastSuccessAt`): the pull may have
 * brought occurrences that already ended. A failed prune is logged and retried at the next
 * sync. Returns the stop function.
 */
export function startAgendaPruning(deps: {
  db: KioskDb;
  clock: Clock;
  sync: SyncSuccesses;
  onPruned?: (count: number) => void;
}): () => void {
  let lastSeen = deps.sync.status.lastSuccessAt;
  let running: Promise<void> = Promise.resolve();
  const prune = (): void => {
    running = running.then(async () => {
      try {
        deps.onPruned?.(await pruneEndedEvents(deps.db, deps.clock()));
      } catch (e) {
        console.error('agenda pruning failed', e);
      }
    });
  };
  prune();
  return deps.sync.onStatus((status) => {
    if (status.lastSuccessAt === null || status.lastSuccessAt === lastSeen) return;
    lastSeen = status.lastSuccessAt;
    prune();
  });
}
