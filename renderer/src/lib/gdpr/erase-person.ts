import { Dexie } from 'dexie';
import type { OutboxEntry, Visit } from '#shared/domain/types';
import { anonymised, isKeptAtErasure } from '#shared/visitor/retention';
import type { PersonTable } from '#shared/sync/protocol-records';
import type { KioskDb } from '../db/kiosk-db';
import { SYNC_KEYS, type RejectedMutation } from '../sync/sync-records';

/** The tables erasePersonTraces writes; a caller's transaction must include every one. */
export function eraseTables(db: KioskDb) {
  return [db.members, db.visitors, db.visits, db.visitDetails, db.outbox, db.syncState];
}

/**
 * The roster's exception to an erasure (decision 0019), inside the caller's transaction over
 * eraseTables(db), before erasePersonTraces: each local visit of the person that is still open
 * (isKeptAtErasure), or whose change is still queued for the hub, is kept anonymised — no person,
 * no card — and its queued visit changes are rewritten the same way, so the evacuation roster
 * still counts whoever is in the building and the hub still learns of the visit (its check-in, a
 * check-out made offline). erasePersonTraces then finds none of them. The hub applies the same
 * rule to its merged visits; its puts and deletes settle any difference. Resolves with the
 * number of visits kept; rejects with the Dexie error.
 */
export async function keepPresenceAnonymous(
  db: KioskDb,
  table: PersonTable,
  personId: string,
): Promise<number> {
  const personKind = table === 'members' ? 'member' : 'visitor';
  const visits = await db.visits
    .where('[personId+checkInAt]')
    .between([personId, Dexie.minKey], [personId, Dexie.maxKey])
    .filter((v) => v.personKind === personKind)
    .toArray();
  if (visits.length === 0) return 0;
  const queued = await db.outbox.where('table').equals('visits').toArray();
  const queuedIds = new Set(queued.map((e) => e.recordId));
  const kept = visits.filter((v) => isKeptAtErasure(v) || queuedIds.has(v.id));
  const keptIds = new Set(kept.map((v) => v.id));
  await db.visits.bulkPut(kept.map(anonymised));
  for (const e of queued) {
    const r = e.record as Partial<Visit> | undefined;
    if (e.seq === undefined || !keptIds.has(e.recordId) || r?.personId !== personId) continue;
    await db.outbox.update(e.seq, { record: anonymised({ ...r, personId }) });
  }
  return kept.length;
}

/**
 * Removes every local trace of one person (protocol rule 7), inside the caller's Dexie
 * transaction over at least eraseTables(db): the person's record, every local visit of theirs and
 * its visitDetails (plus any visitDetails naming them as visitor), every queued outbox entry about
 * them or those visits, and their rejections in the sync log. Queued `erase` entries are kept:
 * they are what carries an erasure made here to the hub. Resolves with the number of visits
 * removed; rejects with the Dexie error (the caller's transaction then rolls back whole).
 */
export async function erasePersonTraces(
  db: KioskDb,
  table: PersonTable,
  personId: string,
): Promise<number> {
  const personKind = table === 'members' ? 'member' : 'visitor';
  await db.table(table).delete(personId);
  const visitIds = (
    await db.visits
      .where('[personId+checkInAt]')
      .between([personId, Dexie.minKey], [personId, Dexie.maxKey])
      .filter((v) => v.personKind === personKind)
      .toArray()
  ).map((v) => v.id);
  await db.visits.bulkDelete(visitIds);
  await db.visitDetails.bulkDelete(visitIds);
  if (personKind === 'visitor') {
    // Details of visits this kiosk no longer holds still name the visitor.
    await db.visitDetails.filter((d) => d.visitorId === personId).delete();
  }
  const visitSet = new Set(visitIds);
  const isAboutPerson = (e: { table: string; recordId: string; record?: unknown }): boolean => {
    if (e.table === table && e.recordId === personId) return true;
    if (e.table !== 'visits') return false;
    if (visitSet.has(e.recordId)) return true;
    const r = e.record as { personId?: unknown; personKind?: unknown } | undefined;
    return r?.personId === personId && r.personKind === personKind;
  };
  // Visit entries may concern a visit no longer stored locally, so read them all; the outbox is
  // short at rest and this runs once per erasure.
  const doomed = (await db.outbox.where('recordId').equals(personId).toArray())
    .concat(await db.outbox.where('table').equals('visits').toArray())
    .filter((e) => e.op !== 'erase' && isAboutPerson(e))
    .map((e: OutboxEntry) => e.seq)
    .filter((s): s is number => s !== undefined);
  await db.outbox.bulkDelete(doomed);
  const log = (await db.syncState.get(SYNC_KEYS.rejected))?.value as RejectedMutation[] | undefined;
  if (log !== undefined) {
    const kept = log.filter((r) => !isAboutPerson({ table: r.table, recordId: r.recordId }));
    if (kept.length !== log.length)
      await db.syncState.put({ key: SYNC_KEYS.rejected, value: kept });
  }
  return visitIds.length;
}
