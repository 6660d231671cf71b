import type { HybridLogicalClock } from '#shared/sync/hlc';
import { ok, type Result } from '#shared/result';
import type { Mutation } from '#shared/sync/protocol';
import { joinStates, materialize, type RecordState } from '#shared/sync/protocol-merge';
import {
  admitCheckedPut,
  admitHlc,
  validateMutation,
  type ValidMutation,
} from '#shared/sync/protocol-validate';
import {
  recordKey,
  type ChangeWrite,
  type FreshRecordRow,
  type HubStore,
  type RecordRow,
} from '../store/store';
import {
  isWholeRecord,
  recordOf,
  stateTextOf,
  type EncodedPut,
  type HubOwnedTable,
} from './encoded-put';
import type { HubChange, HubWriteOutcome } from './hub-writes';
import { ownerOf, scopeOf } from './push-rules';

export type { EncodedPut, HubOwnedTable } from './encoded-put';

/**
 * The hub's bulk write for the records only the hub writes (decision 0045): the agenda's `events`
 * (kiosks may not push them, rule 2). Same rules and the same rows as `hubWrite` through
 * `applyPush` — each mutation validated by the protocol (rule 9; a `CheckedPut`'s record by its
 * caller with the same checks, its stamp here), merged onto the stored row
 * (rule 5), tombstones kept (rules 6, 7), one change-log entry per record numbered by the store
 * in commit order (rule 10) — without what only kiosks' pushes need: no mutation ids kept (the hub
 * never retries by id), no verdicts, no card or visit bookkeeping, no corrections, and no merge
 * for a record that has no row yet (its state is the put's, its record the put itself; an
 * `EncodedPut` brings both as the texts its rows hold, encoded-put.ts, decision 0061). Each
 * chunk is one transaction: its rows read, then written with one multi-row statement per table;
 * the event loop is let go between two chunks.
 */

/**
 * A put whose record already passed `checkPutRecord` — the record checks of rule 9, run by the
 * caller (a feed import runs them in its worker thread, feed-worker.ts, while main writes the
 * previous batch). Only its stamp is checked here. Never build one from unchecked input.
 */
export interface CheckedPut {
  readonly op: 'put';
  readonly record: Readonly<Record<string, unknown>> & { readonly id: string };
  readonly isChecked: true;
}

/** A change of hubBulkWrite: checked here, already checked, or already checked and encoded. */
export type BulkChange = HubChange | CheckedPut | EncodedPut;

/** An encoded put with its admitted stamp, as a chunk's transaction applies it. */
interface StampedText {
  readonly encoded: EncodedPut;
  readonly mutationId: string;
  readonly hlc: string;
}

type Stamped = ValidMutation | StampedText;

/** `change` stamped `hlc` and validated as rule 9 says (a checked or encoded put: its stamp). */
function validate(
  table: HubOwnedTable,
  change: BulkChange,
  mutationId: string,
  hlc: string,
  now: number,
): Result<Stamped> {
  if ('isEncoded' in change) {
    const admitted = admitHlc(hlc, now);
    return admitted.ok ? ok({ encoded: change, mutationId, hlc: admitted.value }) : admitted;
  }
  const m: Mutation =
    change.op === 'put'
      ? { mutationId, table, hlc, op: 'put', recordId: change.record.id, record: change.record }
      : { mutationId, table, hlc, op: 'delete', recordId: change.recordId };
  if (!('isChecked' in change)) return validateMutation(m, now);
  const admitted = admitHlc(hlc, now);
  return admitted.ok ? ok(admitCheckedPut(m, change.record, admitted.value)) : admitted;
}

/**
 * Changes per transaction by default (a feed import writes in smaller chunks of its own,
 * OCCURRENCE_WRITE_CHUNK): a chunk holds the writer ≈ 0.1–0.3 s, so kiosks' pushes wait little.
 */
export const HUB_BULK_BATCH = 10_000;

const idOf = (s: Stamped): string => ('encoded' in s ? s.encoded.recordId : s.recordId);

/** The record ids `stamped` names more than once. */
function repeatedIds(stamped: readonly Stamped[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const s of stamped) {
    const id = idOf(s);
    if (seen.has(id)) repeated.add(id);
    else seen.add(id);
  }
  return repeated;
}

/**
 * The rows and log entries `stamped` makes over the stored `rows` (which it updates). An
 * encoded put that finds no row, and is the only change of its record in the chunk, is written
 * as its texts: a fresh row, owned by the hub (ownerOf: hub-owned tables' records belong to no
 * space), its entry for every kiosk. Any other is read back into its record and merged.
 */
function applyChunk(
  table: HubOwnedTable,
  stamped: readonly Stamped[],
  rows: Map<string, RecordRow>,
): { writes: RecordRow[]; log: ChangeWrite[]; fresh: FreshRecordRow[] } {
  const writes: RecordRow[] = [];
  const log: ChangeWrite[] = [];
  const fresh: FreshRecordRow[] = [];
  const repeated = stamped.some((s) => 'encoded' in s) ? repeatedIds(stamped) : new Set();
  for (const s of stamped) {
    let m: ValidMutation;
    if ('encoded' in s) {
      const { encoded, mutationId, hlc } = s;
      const recordId = encoded.recordId;
      if (!rows.has(recordKey(table, recordId)) && !repeated.has(recordId)) {
        const stateText = stateTextOf(encoded, hlc);
        fresh.push({ table, recordId, ownerSpace: null, stateText });
        const scope = scopeOf(table, null);
        log.push({ table, recordId, op: 'put', recordText: encoded.recordText, scope });
        continue;
      }
      m = admitCheckedPut({ mutationId, table, hlc, op: 'put', recordId }, recordOf(encoded), hlc);
    } else m = s;
    const key = recordKey(table, m.recordId);
    const row = rows.get(key);
    // Rule 7: a tombstone wins (the hub's own write has no copy to correct).
    if (row?.state.kind === 'erased') continue;
    let state: RecordState = m.state;
    if (row) {
      state = joinStates(row.state, m.state);
      // Every field lost to a newer one (rule 5): nothing changes.
      if (JSON.stringify(state) === JSON.stringify(row.state)) continue;
    }
    const written: RecordRow = {
      table,
      recordId: m.recordId,
      ownerSpace: ownerOf({ kind: 'admin' }, m, row, state),
      personKey: row?.personKey ?? null,
      state,
    };
    rows.set(key, written);
    writes.push(written);
    const scope = scopeOf(table, written.ownerSpace);
    if (state.kind === 'deleted') {
      log.push({ table, recordId: m.recordId, op: 'delete', scope });
      continue;
    }
    // A put that found no row stands for its record when that is whole; else materialize decides.
    const record =
      !row && m.op === 'put' && m.record && isWholeRecord(table, m.record)
        ? m.record
        : materialize(table, state);
    if (record !== undefined) log.push({ table, recordId: m.recordId, op: 'put', record, scope });
  }
  return { writes, log, fresh };
}

/**
 * Applies `changes` to the hub-owned `table` in chunks of `batch`, each one transaction (the
 * event loop is let go between two), every change stamped by `clock`; resolves with the same
 * outcome as `hubWrite` (mutation ids are positional, `#<index>`). A change the protocol refuses
 * is listed in `rejected` and the others still apply. Rejects on database errors, the chunks
 * before the failing one staying applied.
 */
export async function hubBulkWrite(
  store: HubStore,
  table: HubOwnedTable,
  changes: readonly BulkChange[],
  now: number,
  clock: HybridLogicalClock,
  batch = HUB_BULK_BATCH,
): Promise<HubWriteOutcome> {
  const out = {
    accepted: [] as string[],
    rejected: [] as HubWriteOutcome['rejected'][number][],
    stamps: [] as string[],
    mutationIds: [] as string[],
  };
  for (let i = 0; i < changes.length; i += batch) {
    const chunk = changes.slice(i, i + batch);
    const stamped: Stamped[] = [];
    chunk.forEach((change, j) => {
      const mutationId = `#${i + j}`;
      const hlc = clock.tick();
      out.stamps.push(hlc);
      out.mutationIds.push(mutationId);
      const v = validate(table, change, mutationId, hlc, now);
      if (v.ok) stamped.push(v.value);
      else out.rejected.push({ mutationId, code: v.error.code, reason: v.error.message });
    });
    if (stamped.length === 0) continue;
    // Between two chunks the hub's other requests get their turn: SQLite's driver is
    // synchronous, so a write never yields on its own.
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    await store.syncTransaction(async (tx) => {
      const rows = await tx.loadRecords(stamped.map((s) => ({ table, recordId: idOf(s) })));
      const { writes, log, fresh } = applyChunk(table, stamped, rows);
      await tx.write(writes, log, fresh);
    });
    out.accepted.push(...stamped.map((s) => s.mutationId));
  }
  return out;
}
