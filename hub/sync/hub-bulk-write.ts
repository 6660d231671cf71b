import type { HybridLogicalClock } from '#shared/sync/hlc';
import type { Mutation } from '#shared/sync/protocol';
import { joinStates, materialize, type RecordState } from '#shared/sync/protocol-merge';
import { AgendaEventSchema } from '#shared/sync/protocol-records';
import {
  admitCheckedPut,
  admitHlc,
  validateMutation,
  type ValidMutation,
} from '#shared/sync/protocol-validate';
import { recordKey, type ChangeWrite, type HubStore, type RecordRow } from '../store/store';
import type { HubChange, HubWriteOutcome } from './hub-writes';
import { ownerOf, scopeOf } from './push-rules';

/**
 * The hub's bulk write for the records only the hub writes (decision 0045): the agenda's `events`
 * (kiosks may not push them, rule 2). Same rules and the same rows as `hubWrite` through
 * `applyPush` — each mutation validated by the protocol (rule 9; a `CheckedPut`'s record by its
 * caller with the same checks, its stamp here), merged onto the stored row
 * (rule 5), tombstones kept (rules 6, 7), one change-log entry per record numbered by the store
 * in commit order (rule 10) — without what only kiosks' pushes need: no mutation ids kept (the hub
 * never retries by id), no verdicts, no card or visit bookkeeping, no corrections, and no merge
 * for a record that has no row yet (its state is the put's, its record the put itself). Each
 * chunk is one transaction: its rows read, then written with one multi-row statement per table;
 * the event loop is let go between two chunks.
 */

/** The tables only the hub writes. */
export type HubOwnedTable = 'events';

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

/** A change of hubBulkWrite: checked here, or already checked. */
export type BulkChange = HubChange | CheckedPut;

/** `m` validated as rule 9 says; for a checked put, only its stamp. */
function validate(change: BulkChange, m: Mutation, now: number) {
  if (!('isChecked' in change)) return validateMutation(m, now);
  const hlc = admitHlc(m.hlc, now);
  return hlc.ok ? { ok: true as const, value: admitCheckedPut(m, change.record, hlc.value) } : hlc;
}

/**
 * Changes per transaction by default (a feed import writes in smaller chunks of its own,
 * OCCURRENCE_WRITE_CHUNK): a chunk holds the writer ≈ 0.1–0.3 s, so kiosks' pushes wait little.
 */
export const HUB_BULK_BATCH = 10_000;

/**
 * The fields a full record of each hub-owned table must carry (its schema refuses it without
 * them). Its schema has no check across fields, so a patch with all of them passes it.
 */
const REQUIRED: Readonly<Record<HubOwnedTable, readonly string[]>> = {
  events: Object.entries(AgendaEventSchema.shape).flatMap(([key, field]) =>
    field.safeParse(undefined).success ? [] : [key],
  ),
};

/**
 * The record a put that found no row stands for: the validated patch itself when it carries
 * every required field and clears none (it then passed the full schema's field checks already:
 * a patch field is the full field made optional), else undefined (materialize decides).
 */
function wholeRecord(table: HubOwnedTable, record: Readonly<Record<string, unknown>>): unknown {
  for (const key of REQUIRED[table]) if (record[key] === undefined) return undefined;
  for (const key in record) if (record[key] === null) return undefined;
  return record;
}

/** One chunk's changes as mutations stamped by `clock`, with positional ids (`#<index>`). */
function mutationsOf(
  table: HubOwnedTable,
  changes: readonly BulkChange[],
  first: number,
  clock: HybridLogicalClock,
): Mutation[] {
  return changes.map((c, i) => {
    const base = { mutationId: `#${first + i}`, table, hlc: clock.tick() };
    return c.op === 'put'
      ? { ...base, op: 'put', recordId: c.record.id, record: c.record }
      : { ...base, op: 'delete', recordId: c.recordId };
  });
}

/** The rows and log entries `valid` makes over the stored `rows` (which it updates). */
function applyChunk(
  table: HubOwnedTable,
  valid: readonly ValidMutation[],
  rows: Map<string, RecordRow>,
): { writes: RecordRow[]; log: ChangeWrite[] } {
  const writes: RecordRow[] = [];
  const log: ChangeWrite[] = [];
  for (const m of valid) {
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
    const record =
      !row && m.op === 'put' && m.record
        ? (wholeRecord(table, m.record) ?? materialize(table, state))
        : materialize(table, state);
    if (record !== undefined) log.push({ table, recordId: m.recordId, op: 'put', record, scope });
  }
  return { writes, log };
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
    const mutations = mutationsOf(table, chunk, i, clock);
    const valid: ValidMutation[] = [];
    for (const [j, m] of mutations.entries()) {
      out.stamps.push(m.hlc);
      out.mutationIds.push(m.mutationId);
      const v = validate(chunk[j] as BulkChange, m, now);
      if (v.ok) valid.push(v.value);
      else
        out.rejected.push({
          mutationId: m.mutationId,
          code: v.error.code,
          reason: v.error.message,
        });
    }
    if (valid.length === 0) continue;
    // Between two chunks the hub's other requests get their turn: SQLite's driver is
    // synchronous, so a write never yields on its own.
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    await store.syncTransaction(async (tx) => {
      const rows = await tx.loadRecords(valid.map((m) => ({ table, recordId: m.recordId })));
      const { writes, log } = applyChunk(table, valid, rows);
      await tx.write(writes, log);
    });
    out.accepted.push(...valid.map((m) => m.mutationId));
  }
  return out;
}
