import type { Insertable, Selectable } from 'kysely';
import type { SyncedTable } from '#shared/domain/types';
import type { Change, SyncOp } from '#shared/sync/protocol';
import type { RecordState } from '#shared/sync/protocol-merge';
import type { KiosksTable } from './schema-fleet';
import type { ChangesTable, MutationsTable, RecordsTable } from './schema-sync';
import type { ChangeWrite, KioskRow, LogEntry, RecordRow, Verdict } from './store';
import { decodeState, encodeState } from './stored-state';

/*
 * Rows ↔ the store's values, once for both databases. The tables hold only what the hub itself
 * wrote, so table and op names are trusted as written, and JSON columns are parsed without a
 * schema (they were validated on the way in); a corrupt JSON column throws. A record's state is
 * written in the form stored-state.ts describes (decision 0054).
 */

const ERASED: RecordState = { kind: 'erased' };

/** A `records` row as the sync code sees it; an erased row's state is the tombstone. */
export function toRecordRow(r: Selectable<RecordsTable>): RecordRow {
  return {
    table: r.tbl as SyncedTable,
    recordId: r.record_id,
    ownerSpace: r.owner_space,
    personKey: r.person_key,
    state: r.erased === 1 ? ERASED : decodeState(r.state),
  };
}

/** The event a visit's state names at its check-in (rule 3: written once); else null. */
export function eventIdOf(state: RecordState): string | null {
  return state.kind === 'visit' ? (state.checkIn?.eventId ?? null) : null;
}

/**
 * The `records` row of `r`, with the erased flag, and the visit's event and instants (what
 * attendance and the indicators read), set from its state.
 */
export function recordValues(r: RecordRow): Insertable<RecordsTable> {
  return {
    tbl: r.table,
    record_id: r.recordId,
    owner_space: r.ownerSpace,
    person_key: r.personKey,
    state: encodeState(r.state),
    erased: r.state.kind === 'erased' ? 1 : 0,
    event_id: eventIdOf(r.state),
    check_in_at: r.state.kind === 'visit' ? (r.state.checkIn?.checkInAt ?? null) : null,
    check_out_at: r.state.kind === 'visit' ? (r.state.checkOut?.checkOutAt ?? null) : null,
  };
}

/** A `mutations` row as a Verdict. */
export function toVerdict(r: Selectable<MutationsTable>): Verdict {
  return {
    mutationId: r.mutation_id,
    kioskId: r.kiosk_id,
    status: r.status === 'accepted' ? 'accepted' : 'rejected',
    ...(r.code !== null ? { code: r.code } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
  };
}

/** The `mutations` row of `v`. */
export function verdictValues(v: Verdict): Insertable<MutationsTable> {
  return {
    mutation_id: v.mutationId,
    kiosk_id: v.kioskId,
    status: v.status,
    code: v.code ?? null,
    reason: v.reason ?? null,
  };
}

/** The `changes` row of `c` numbered `seq`. */
export function changeValues(seq: number, c: ChangeWrite): Insertable<ChangesTable> {
  return {
    seq,
    tbl: c.table,
    record_id: c.recordId,
    op: c.op,
    record: c.recordText ?? (c.record === undefined ? null : JSON.stringify(c.record)),
    scope: c.scope,
    origin: c.origin ?? null,
  };
}

/** A `changes` row as the pull protocol sends it (the record parsed, when there is one). */
export function toChange(
  r: Pick<ChangesTable, 'seq' | 'tbl' | 'record_id' | 'op' | 'record'>,
): Change {
  return {
    seq: r.seq,
    table: r.tbl as SyncedTable,
    op: r.op as SyncOp,
    recordId: r.record_id,
    ...(r.record !== null ? { record: JSON.parse(r.record) as unknown } : {}),
  };
}

/** A `changes` row as the erasure compaction reads it. */
export function toLogEntry(r: Pick<ChangesTable, 'seq' | 'tbl' | 'record_id' | 'scope'>): LogEntry {
  return { seq: r.seq, table: r.tbl as SyncedTable, recordId: r.record_id, scope: r.scope };
}

/** A `kiosks` row as a KioskRow. */
export function toKiosk(r: Selectable<KiosksTable>): KioskRow {
  return {
    kioskId: r.kiosk_id,
    spaceId: r.space_id,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    pulledThrough: r.pulled_through,
  };
}
