import { randomUUID } from 'node:crypto';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import type { Mutation } from '#shared/sync/protocol';
import type { HubStore } from '../store/store';
import { applyPush, type PushOutcome } from './push';

/**
 * Writes the hub makes itself (admin imports, the agenda): through the same push path as kiosks'
 * (`applyPush`, as the admin principal), so they are merged, logged and pulled alike.
 */

/**
 * Changes per transaction. Larger than a kiosk's push (SYNC_LIMITS.maxBatch): the hub's own
 * writes come in bulk (a feed of 5 000 events is ≈ 40 000 occurrences) and each commit is an
 * fsync; 5 000 records keep one transaction well under a second, so kiosks' pushes wait little.
 */
export const HUB_WRITE_BATCH = 5000;

/** One write of the hub's: a put (a merge of the fields given, rule 5) or a delete (rule 6). */
export type HubChange =
  | { readonly op: 'put'; readonly record: { readonly id: string } }
  | { readonly op: 'delete'; readonly recordId: string };

/** What hubWrite did: every mutation's verdict, and the stamp each change was given, in order. */
export interface HubWriteOutcome extends PushOutcome {
  readonly stamps: readonly string[];
  /** The mutation id of each change, in order (to match `rejected` to its change). */
  readonly mutationIds: readonly string[];
}

/**
 * Applies `changes` to `table` as the hub, in batches of HUB_WRITE_BATCH, each batch one
 * transaction, every change stamped by `clock` (so a later change wins over an earlier one).
 * A put clears an optional field only when the record carries it as `null`. A change the merge
 * refuses is listed in `rejected` and the others still apply (rule 9). Rejects on database
 * errors, the batches before the failing one staying applied.
 */
export async function hubWrite(
  store: HubStore,
  table: Mutation['table'],
  changes: readonly HubChange[],
  now: number,
  clock: HybridLogicalClock,
): Promise<HubWriteOutcome> {
  const out = {
    accepted: [] as string[],
    rejected: [] as PushOutcome['rejected'],
    stamps: [] as string[],
    mutationIds: [] as string[],
  };
  for (let i = 0; i < changes.length; i += HUB_WRITE_BATCH) {
    const batch: Mutation[] = changes.slice(i, i + HUB_WRITE_BATCH).map((c) => {
      const base = { mutationId: randomUUID(), table, hlc: clock.tick() };
      return c.op === 'put'
        ? { ...base, op: 'put', recordId: c.record.id, record: c.record }
        : { ...base, op: 'delete', recordId: c.recordId };
    });
    for (const m of batch) {
      out.stamps.push(m.hlc);
      out.mutationIds.push(m.mutationId);
    }
    const outcome = await applyPush(store, { kind: 'admin' }, batch, now);
    out.accepted.push(...outcome.accepted);
    out.rejected.push(...outcome.rejected);
  }
  return out;
}
