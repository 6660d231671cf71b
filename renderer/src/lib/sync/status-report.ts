import type { KioskApi, SyncStatusReport } from '#shared/ipc/contract';
import type { KioskDb } from '../db/kiosk-db';
import type { SyncEngine, SyncStatus } from './sync-engine';

/** An error code as the heartbeat carries it, or null when it is not one (never its message). */
function codeOf(status: SyncStatus): string | null {
  const code = status.lastError?.code ?? null;
  return code !== null && /^[a-z0-9-]{1,64}$/.test(code) ? code : null;
}

/**
 * The figures main's heartbeat carries (decision 0029), read from the outbox and the engine:
 * how many entries wait, when the oldest was written, the last good sync and the last error's
 * code. Rejects on Dexie errors.
 */
export async function syncStatusReport(db: KioskDb, status: SyncStatus): Promise<SyncStatusReport> {
  const [outboxSize, oldest] = await Promise.all([
    db.outbox.count(),
    db.outbox.toCollection().first(),
  ]);
  return {
    outboxSize,
    outboxOldestAt: oldest?.createdAt ?? null,
    lastSyncOkAt: status.lastSuccessAt,
    lastErrorCode: status.lastError === null ? null : codeOf(status),
  };
}

/**
 * Tells main the figures once now and again at the end of every sync run, through the validated
 * `sync:report-status` channel; main sends a heartbeat for each. A failure to read or to tell is
 * logged and otherwise ignored: the heartbeat must never disturb the sync. Returns the
 * unsubscribe.
 */
export function reportSyncStatus(
  api: Pick<KioskApi, 'sync'>,
  engine: SyncEngine,
  db: KioskDb,
): () => void {
  const tell = (status: SyncStatus): void => {
    syncStatusReport(db, status)
      .then((report) => api.sync.report(report))
      .then((reply) => {
        if (!reply.ok) console.error('sync status report refused', reply.error.code);
      })
      .catch((e: unknown) => {
        console.error('sync status report failed', e);
      });
  };
  let wasSyncing = engine.status.isSyncing;
  tell(engine.status);
  return engine.onStatus((status) => {
    if (wasSyncing && !status.isSyncing) tell(status);
    wasSyncing = status.isSyncing;
  });
}
