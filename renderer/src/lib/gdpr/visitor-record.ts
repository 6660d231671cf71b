import { Dexie } from 'dexie';
import type { OutboxEntry, Visit, Visitor } from '#shared/domain/types';
import type { Purpose } from '#shared/visitor/walk-in-form';
import type { KioskDb } from '../db/kiosk-db';
import { erasePersonTraces, eraseTables, keepPresenceAnonymous } from './erase-person';

/** Version of the export's shape; bumped when a field changes meaning or goes away. */
export const VISITOR_EXPORT_VERSION = 1;

/**
 * One visitor's data as this kiosk holds it (a GDPR access request), documented in
 * docs/decisions/0005-retention-and-anonymisation.md. Times are epoch ms, as stored.
 */
export interface VisitorExport {
  kind: 'coffee-kiosk.visitor-export';
  version: typeof VISITOR_EXPORT_VERSION;
  exportedAt: number;
  /** The kiosk and space that produced the file; other kiosks may hold other visits. */
  kioskId: string;
  spaceId: string;
  visitor: Visitor;
  /** The visitor's visits known here, oldest first, each with its local details when any. */
  visits: (Visit & { details?: { purpose: Purpose; createdAt: number } })[];
  /** Changes about the visitor not yet sent to the hub. */
  pendingChanges: number;
}

/**
 * Everything this kiosk holds about `visitorId`, read in one transaction; null when there is no
 * such visitor (erased, purged, or a stale id). Rejects only when the database does.
 */
export async function exportVisitor(
  db: KioskDb,
  visitorId: string,
  at: { now: number; kioskId: string; spaceId: string },
): Promise<VisitorExport | null> {
  return db.transaction('r', [db.visitors, db.visits, db.visitDetails, db.outbox], async () => {
    const visitor = await db.visitors.get(visitorId);
    if (!visitor) return null;
    const visits = await db.visits
      .where('[personId+checkInAt]')
      .between([visitorId, Dexie.minKey], [visitorId, Dexie.maxKey])
      .filter((v) => v.personKind === 'visitor')
      .toArray();
    const details = await db.visitDetails.bulkGet(visits.map((v) => v.id));
    const pending = await db.outbox.where('recordId').equals(visitorId).count();
    return {
      kind: 'coffee-kiosk.visitor-export',
      version: VISITOR_EXPORT_VERSION,
      exportedAt: at.now,
      kioskId: at.kioskId,
      spaceId: at.spaceId,
      visitor,
      visits: visits.map((v, i) => {
        const d = details[i];
        return d ? { ...v, details: { purpose: d.purpose, createdAt: d.createdAt } } : v;
      }),
      pendingChanges: pending,
    };
  });
}

/** The export's file name: no personal data in it, as it may show in a downloads list. */
export function exportFileName(visitorId: string, now: number): string {
  return `visitor-${visitorId.slice(0, 8)}-${new Date(now).toISOString().slice(0, 10)}.json`;
}

/**
 * Erases a visitor on request, in ONE Dexie transaction: every local trace goes
 * (erasePersonTraces, outbox included) except a visit of theirs still open, kept as an anonymous
 * line of "who is in" until it is checked out (keepPresenceAnonymous, decision 0019), and an
 * `erase` mutation is queued for the hub, which
 * records the tombstone, purges its tables and change log and sends the erasure to every kiosk of
 * the space (protocol rule 7). Resolves false when no such visitor is stored (nothing written);
 * rejects with the Dexie error, having written nothing.
 */
export async function eraseVisitor(
  db: KioskDb,
  visitorId: string,
  stamp: { hlc: string; now: number },
): Promise<boolean> {
  return db.transaction('rw', eraseTables(db), async () => {
    if (!(await db.visitors.get(visitorId))) return false;
    await keepPresenceAnonymous(db, 'visitors', visitorId);
    await erasePersonTraces(db, 'visitors', visitorId);
    const entry: OutboxEntry = {
      mutationId: crypto.randomUUID(),
      table: 'visitors',
      op: 'erase',
      recordId: visitorId,
      hlc: stamp.hlc,
      createdAt: stamp.now,
    };
    await db.outbox.add(entry);
    return true;
  });
}
