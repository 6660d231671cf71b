import type {
  AgendaEvent,
  Member,
  OutboxEntry,
  Space,
  SyncedTable,
  Visit,
  Visitor,
} from '#shared/domain/types';
import type { KioskDb } from './kiosk-db';

/** The record type each synced table holds. */
export interface SyncedRecordOf {
  spaces: Space;
  members: Member;
  visitors: Visitor;
  visits: Visit;
  events: AgendaEvent;
}

/** Tables merged per field at the hub (protocol rule 5), where a put must carry only what changed. */
type ProfileTable = Exclude<SyncedTable, 'visits'>;

/**
 * Fields a profile edit wrote: `id` plus each changed field; `null` clears an optional field
 * (protocol rule 5). Required fields can be changed but not cleared.
 */
export type ProfilePatch<T extends ProfileTable> = { id: string } & {
  [K in Exclude<keyof SyncedRecordOf[T], 'id'>]?: undefined extends SyncedRecordOf[T][K]
    ? Exclude<SyncedRecordOf[T][K], undefined> | null
    : SyncedRecordOf[T][K];
};

/**
 * One local change: a whole record to put (a creation, or a visit), the changed fields of a stored
 * profile (`patch`), or the id of a record to delete.
 */
export type LocalChange =
  | {
      [T in SyncedTable]:
        | { table: T; op: 'put'; record: SyncedRecordOf[T]; hlc: string; now: number }
        | { table: T; op: 'delete'; recordId: string; hlc: string; now: number };
    }[SyncedTable]
  | {
      [T in ProfileTable]: {
        table: T;
        op: 'patch';
        patch: ProfilePatch<T>;
        hlc: string;
        now: number;
      };
    }[ProfileTable];

/** Raised (rejecting recordChange, nothing written) when a patch names a record not stored. */
export class RecordMissingError extends Error {
  constructor(table: string, id: string) {
    super(`Cannot patch ${table}/${id}: no such record here.`);
    this.name = 'RecordMissingError';
  }
}

/** The stored record with a patch applied: `null` removes the field, as the hub does. */
function applyPatch(stored: object, patch: Readonly<Record<string, unknown>>): object {
  const merged: Record<string, unknown> = { ...stored, ...patch };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null));
}

/**
 * Applies a local change and queues it for the hub in ONE Dexie transaction, so either both the
 * change and its outbox entry exist afterwards or neither does (docs/architecture.md, sync guarantee 1).
 *
 * A `patch` merges the changed fields into the stored record and queues a protocol `put` whose
 * record is ONLY `id` and those fields: the hub merges profiles per field by stamp (rule 5), so a
 * whole record would overwrite another kiosk's concurrent edit of a different field. Undefined
 * fields of a patch are dropped; a patch naming no stored record rejects (RecordMissingError).
 *
 * Called inside an enclosing `db.transaction('rw', …)` that includes the changed table and
 * `outbox`, it joins that transaction: a failure anywhere in the caller's transaction then rolls
 * this change back too. Resolves with the stored outbox entry (with its `seq`); rejects with the
 * Dexie error when the write fails (e.g. an invalid key), having written nothing.
 */
export async function recordChange(db: KioskDb, change: LocalChange): Promise<OutboxEntry> {
  const table = db.table<{ id: string }, string>(change.table);
  return db.transaction('rw', table, db.outbox, async () => {
    let recordId: string;
    let pushed: unknown;
    let stored: { id: string } | undefined;
    if (change.op === 'put') {
      recordId = change.record.id;
      pushed = change.record;
      stored = change.record;
    } else if (change.op === 'patch') {
      recordId = change.patch.id;
      const before = await table.get(recordId);
      if (before === undefined) throw new RecordMissingError(change.table, recordId);
      const written: Readonly<Record<string, unknown>> = change.patch;
      const fields = Object.fromEntries(Object.entries(written).filter(([, v]) => v !== undefined));
      pushed = fields;
      stored = applyPatch(before, fields) as { id: string };
    } else {
      recordId = change.recordId;
    }
    const entry: OutboxEntry = {
      mutationId: crypto.randomUUID(),
      table: change.table,
      op: change.op === 'delete' ? 'delete' : 'put',
      recordId,
      hlc: change.hlc,
      createdAt: change.now,
    };
    if (pushed !== undefined) entry.record = pushed;
    const seq = await db.outbox.add(entry);
    if (stored !== undefined) await table.put(stored);
    else await table.delete(recordId);
    return { ...entry, seq };
  });
}
