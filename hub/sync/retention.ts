import { anonymisedVisitState, materialize } from '#shared/sync/protocol-merge';
import { isExpired, lastActivityAt, retentionDaysOf } from '#shared/visitor/retention';
import type { HubLog } from '../log';
import { startPeriodic } from '../periodic';
import type { ChangeWrite, HubStore, RecordRow, SyncTx } from '../store/store';
import { compactErasures } from './compaction';

/**
 * The hub's retention purge (shared/visitor/retention.ts, docs/decisions/0005): the kiosk's rule,
 * per space. A visitor whose last activity is more than their space's `retentionDays` (30 when
 * unset) before `nowMs` loses their personal data: their record becomes the same `erased`
 * tombstone an erasure leaves (so later pushes about them are without effect, rule 7), and their
 * visits are anonymised (ANONYMOUS_PERSON_ID, no card) but kept, so the network's counts stay.
 *
 * The change log follows: the visitor's entry is replaced by an `erase` change and each visit's by
 * a put of the anonymised visit, all scoped to the visitor's space and written visits first, so
 * a kiosk that pulled the visitor drops them and keeps the anonymous visits (apply-pull applies
 * puts before erasures). Kiosks run the same rule locally; this reaches the ones that have not.
 */

/** What one purge did. */
export interface HubPurgeOutcome {
  readonly purged: number;
  readonly anonymisedVisits: number;
}

function fieldValue(row: RecordRow | undefined, field: string): unknown {
  return row?.state.kind === 'fields' ? row.state.fields[field]?.value : undefined;
}

async function purgeIn(tx: SyncTx, nowMs: number): Promise<HubPurgeOutcome> {
  const spaces = new Map((await tx.loadTable('spaces')).map((r) => [r.recordId, r]));
  const rows: RecordRow[] = [];
  const changes: ChangeWrite[] = [];
  let purged = 0;
  let anonymisedVisits = 0;
  for (const visitor of await tx.loadTable('visitors')) {
    if (visitor.state.kind !== 'fields') continue;
    const visits = await tx.loadVisitsOf(`visitor:${visitor.recordId}`);
    const ends = visits.flatMap((v) => {
      if (v.state.kind !== 'visit') return [];
      const at = v.state.checkIn?.checkInAt ?? v.state.checkOut?.checkOutAt;
      if (at === undefined) return [];
      return [{ checkInAt: at, checkOutAt: v.state.checkOut?.checkOutAt }];
    });
    const consentAt = fieldValue(visitor, 'consentAt');
    const last = lastActivityAt(typeof consentAt === 'number' ? consentAt : 0, ends);
    const space = visitor.ownerSpace === null ? undefined : spaces.get(visitor.ownerSpace);
    const days = fieldValue(space, 'retentionDays');
    const retention = retentionDaysOf(typeof days === 'number' ? { retentionDays: days } : null);
    if (!isExpired(last, retention, nowMs)) continue;
    for (const v of visits) {
      const state = anonymisedVisitState(v.state);
      rows.push({ ...v, personKey: null, state });
      const record = materialize('visits', state);
      if (record !== undefined) {
        changes.push({
          table: 'visits',
          recordId: v.recordId,
          op: 'put',
          record,
          scope: v.ownerSpace,
        });
      }
    }
    rows.push({ ...visitor, personKey: null, state: { kind: 'erased' } });
    changes.push({
      table: 'visitors',
      recordId: visitor.recordId,
      op: 'erase',
      scope: visitor.ownerSpace,
    });
    purged += 1;
    anonymisedVisits += visits.length;
  }
  await tx.write(rows, changes);
  return { purged, anonymisedVisits };
}

/**
 * Runs the purge in one sync transaction of `store`, so pushes and pulls see all of it or none.
 * Idempotent: a second run at the same instant finds nothing. Rejects with the store's error,
 * having written nothing.
 */
export function purgeExpiredVisitors(store: HubStore, nowMs: number): Promise<HubPurgeOutcome> {
  return store.syncTransaction((tx) => purgeIn(tx, nowMs));
}

/** How often a serving hub purges (it also purges when it starts listening). */
export const HUB_PURGE_INTERVAL_MS = 3_600_000;

/**
 * Purges now and then every `intervalMs` (timers unref'd, so they never hold the process), with
 * `clock` as now, each purge followed by an erasure compaction (compaction.ts: the purge's own
 * tombstones compact on a later run, once kiosks have pulled past them); each run is logged, a
 * failure too (the next run retries). The returned stop
 * cancels the timer and resolves once a run in progress has finished, so the store can close.
 */
export function startHubPurge(deps: {
  store: HubStore;
  clock: () => number;
  log: HubLog;
  intervalMs?: number;
  /** Runs before each compaction, e.g. to store the pull marks it reads. */
  beforeCompaction?: () => Promise<void>;
}): () => Promise<void> {
  const job = async (): Promise<void> => {
    try {
      const outcome = await purgeExpiredVisitors(deps.store, deps.clock());
      deps.log.info('retention purge', { ...outcome });
    } catch (e) {
      deps.log.error('retention purge failed', { error: (e as Error).message });
    }
    try {
      await deps.beforeCompaction?.();
      const outcome = await compactErasures(deps.store);
      deps.log.info('erasure compaction', { ...outcome });
    } catch (e) {
      deps.log.error('erasure compaction failed', { error: (e as Error).message });
    }
  };
  return startPeriodic(job, deps.intervalMs ?? HUB_PURGE_INTERVAL_MS);
}
