import type {
  AgendaEvent,
  Member,
  OutboxEntry,
  Space,
  SyncedTable,
  Visit,
  Visitor,
} from '../../../../shared/domain/types';
import type { KioskDb } from './kiosk-db';

/** The record type each synced table holds. */
export interface SyncedRecordOf {
  spaces: Space;
  members: Member;
  visitors: Visitor;
  visits: Visit;
  events: AgendaEvent;
}

/** One local change: a whole record to put, or the id of a record to delete. */
export type LocalChange = {
  [T in SyncedTable]:
    | { table: T; op: 'put'; record: SyncedRecordOf[T]; hlc: string; now: number }
    | { table: T; op: 'delete'; recordId: string; hlc: string; now: number };
}[SyncedTable];

/**
 * Applies a local change and queues it for the hub in ONE Dexie transaction, so either both the
 * change and its outbox entry exist afterwards or neither does (ARCHITECTURE.md "outbox").
 *
 * Called inside an enclosing `db.transaction('rw', …)` that includes the changed table and
 * `outbox`, it joins that transaction: a failure anywhere in the caller's transaction then rolls
 * this change back too. Resolves with the stored outbox entry (with its `seq`); rejects with the
 * Dexie error when the write fails (e.g. an invalid key), having written nothing.
 */
export async function recordChange(db: KioskDb, change: LocalChange): Promise<OutboxEntry> {
  const table = db.table<{ id: string }, string>(change.table);
  return db.transaction('rw', table, db.outbox, async () => {
    const entry: OutboxEntry = {
      mutationId: crypto.randomUUID(),
      table: change.table,
      op: change.op,
      recordId: change.op === 'put' ? change.record.id : change.recordId,
      hlc: change.hlc,
      createdAt: change.now,
    };
    if (change.op === 'put') {
      entry.record = change.record;
    }
    const seq = await db.outbox.add(entry);
    if (change.op === 'put') {
      await table.put(change.record);
    } else {
      await table.delete(change.recordId);
    }
    return { ...entry, seq };
  });
}
