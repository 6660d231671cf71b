import { Dexie } from 'dexie';
import type { Visit } from '#shared/domain/types';
import { anonymised, isExpired, lastActivityAt, retentionDaysOf } from '#shared/visitor/retention';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import type { Timers } from '../../platform/timers';
import { erasePersonTraces, eraseTables } from './erase-person';

/** What one purge did. */
export interface PurgeOutcome {
  /** Visitors whose personal data went. */
  purged: number;
  /** Their visits kept as anonymous counts. */
  anonymisedVisits: number;
}

/** How often the kiosk purges while it runs (it also purges at start). */
export const PURGE_INTERVAL_MS = 3_600_000;

/**
 * The kiosk's retention purge (shared/visitor/retention.ts, docs/decisions/0005), in ONE Dexie
 * transaction: every visitor whose last activity is more than the space's retention before `now`
 * loses their record, visit details, queued visitor changes and rejections (erasePersonTraces);
 * their visits stay, anonymised, and so do queued visit changes, rewritten anonymised so the
 * hub still counts them. Nothing of it is queued for the hub: the hub runs the same rule. Running
 * it again changes nothing (idempotent). Rejects with the Dexie error, having written nothing.
 */
export async function purgeExpiredVisitors(
  db: KioskDb,
  at: { spaceId: string; now: number },
): Promise<PurgeOutcome> {
  return db.transaction('rw', [db.spaces, ...eraseTables(db)], async () => {
    const retention = retentionDaysOf(await db.spaces.get(at.spaceId));
    const outcome: PurgeOutcome = { purged: 0, anonymisedVisits: 0 };
    for (const visitor of await db.visitors.toArray()) {
      const visits = await visitsOf(db, visitor.id);
      const last = lastActivityAt(visitor.consentAt, visits);
      if (!isExpired(last, retention, at.now)) continue;
      // Anonymise first: erasePersonTraces then finds no visit (nor visit entry) of theirs.
      await db.visits.bulkPut(visits.map(anonymised));
      const queued = await db.outbox.where('table').equals('visits').toArray();
      for (const e of queued) {
        const r = e.record as Partial<Visit> | undefined;
        if (e.seq !== undefined && r?.personKind === 'visitor' && r.personId === visitor.id) {
          await db.outbox.update(e.seq, { record: anonymised({ ...r, personId: visitor.id }) });
        }
      }
      await erasePersonTraces(db, 'visitors', visitor.id);
      outcome.purged += 1;
      outcome.anonymisedVisits += visits.length;
    }
    return outcome;
  });
}

async function visitsOf(db: KioskDb, visitorId: string): Promise<Visit[]> {
  return db.visits
    .where('[personId+checkInAt]')
    .between([visitorId, Dexie.minKey], [visitorId, Dexie.maxKey])
    .filter((v) => v.personKind === 'visitor')
    .toArray();
}

/**
 * Runs purgeExpiredVisitors at once and then every `intervalMs` on `timers`, with `clock` as
 * now. A failing purge is logged and retried at the next tick. Returns the stop function.
 */
export function startRetentionPurge(deps: {
  db: KioskDb;
  spaceId: string;
  clock: Clock;
  timers: Timers;
  intervalMs?: number;
  onPurged?: (outcome: PurgeOutcome) => void;
}): () => void {
  let cancel: () => void = () => undefined;
  let isStopped = false;
  const run = async (): Promise<void> => {
    try {
      const outcome = await purgeExpiredVisitors(deps.db, {
        spaceId: deps.spaceId,
        now: deps.clock(),
      });
      deps.onPurged?.(outcome);
    } catch (e) {
      console.error('retention purge failed', e);
    }
    if (!isStopped) {
      cancel = deps.timers.set(() => {
        void run();
      }, deps.intervalMs ?? PURGE_INTERVAL_MS);
    }
  };
  void run();
  return () => {
    isStopped = true;
    cancel();
  };
}
