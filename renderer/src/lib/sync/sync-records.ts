import type { OutboxEntry } from '#shared/domain/types';
import type { Mutation, Rejection } from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import { wireMutationId } from './wire-ids';

/** syncState keys the engine owns; each is written in the transaction of what it records. */
export const SYNC_KEYS = {
  pull: 'sync.pull',
  lastSuccessAt: 'sync.lastSuccessAt',
  lastError: 'sync.lastError',
  rejected: 'sync.rejected',
} as const;

/** The pull position: the hub's change sequence this kiosk holds, and the hub it came from. */
export interface PullPosition {
  cursor: number;
  hubEpoch: string | null;
}

/** A mutation the hub refused for good, kept so the host can see why (newest last). */
export interface RejectedMutation extends Rejection {
  table: string;
  recordId: string;
  at: number;
}

/** The last failure of a sync, as shown on the host screen. */
export interface SyncErrorInfo {
  code: string;
  message: string;
  at: number;
}

/** Oldest rejections beyond this are forgotten: the log is for people, not an archive. */
export const MAX_REJECTED_LOG = 200;

async function read<T>(db: KioskDb, key: string): Promise<T | undefined> {
  return (await db.syncState.get(key))?.value as T | undefined;
}

/** The stored pull position; cursor 0 (no epoch) before the first pull. Rejects on Dexie errors. */
export async function readPullPosition(db: KioskDb): Promise<PullPosition> {
  return (await read<PullPosition>(db, SYNC_KEYS.pull)) ?? { cursor: 0, hubEpoch: null };
}

/** What the host screen shows after a restart. Rejects on Dexie errors. */
export async function readSyncRecord(db: KioskDb): Promise<{
  lastSuccessAt: number | null;
  lastError: SyncErrorInfo | null;
  rejected: RejectedMutation[];
}> {
  return {
    lastSuccessAt: (await read<number>(db, SYNC_KEYS.lastSuccessAt)) ?? null,
    lastError: (await read<SyncErrorInfo>(db, SYNC_KEYS.lastError)) ?? null,
    rejected: (await read<RejectedMutation[]>(db, SYNC_KEYS.rejected)) ?? [],
  };
}

/** Records the outcome of a sync: success clears the last error. Rejects on Dexie errors. */
export async function writeSyncOutcome(
  db: KioskDb,
  outcome: { ok: true; at: number } | { ok: false; error: SyncErrorInfo },
): Promise<void> {
  await db.transaction('rw', db.syncState, async () => {
    if (outcome.ok) {
      await db.syncState.put({ key: SYNC_KEYS.lastSuccessAt, value: outcome.at });
      await db.syncState.delete(SYNC_KEYS.lastError);
    } else {
      await db.syncState.put({ key: SYNC_KEYS.lastError, value: outcome.error });
    }
  });
}

/**
 * An outbox entry as the protocol's Mutation, under its wire id (wire-ids.ts). Locally a put holds
 * the whole record, which is a valid patch of every field; undefined fields are dropped (JSON has
 * none). Throws a RangeError for an entry without seq.
 */
export function toMutation(entry: OutboxEntry, installId: string): Mutation {
  const base = {
    mutationId: wireMutationId(installId, entry),
    table: entry.table,
    op: entry.op,
    recordId: entry.recordId,
    hlc: entry.hlc,
  };
  if (entry.op !== 'put') return base;
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry.record as Record<string, unknown>)) {
    if (v !== undefined) record[k] = v;
  }
  return { ...base, record };
}

/**
 * Deletes every outbox entry the hub answered (accepted or rejected: a rejected one will never be
 * accepted, so keeping it would wedge the queue) and logs the rejections, in ONE transaction.
 * `sent` are the entries of the push, `installId` the one their wire ids were made with; the
 * reply names wire ids. Entries the hub did not mention stay queued. Resolves with how many
 * entries were removed.
 */
export async function acknowledgePush(
  db: KioskDb,
  sent: readonly OutboxEntry[],
  installId: string,
  reply: { accepted: readonly string[]; rejected: readonly Rejection[] },
  now: number,
): Promise<number> {
  const answered = new Set([...reply.accepted, ...reply.rejected.map((r) => r.mutationId)]);
  const bySent = new Map(sent.map((e) => [wireMutationId(installId, e), e]));
  const expected = new Map<number, string>();
  for (const [id, e] of bySent) {
    if (answered.has(id) && e.seq !== undefined) expected.set(e.seq, e.mutationId);
  }
  const seqs = [...expected.keys()];
  const first = sent[0]?.seq;
  const last = sent.at(-1)?.seq;
  if (reply.rejected.length === 0 && seqs.length === sent.length && first !== undefined) {
    // The usual reply: every entry accepted. A batch is a contiguous read of the outbox in seq
    // order and seqs are never reused, so the range [first, last] holds exactly the batch's
    // entries still queued (an erasure may have redacted some; later writes have higher seqs).
    // One range delete costs a fraction of reading 1 000 entries back and deleting them by key.
    return db.outbox
      .where(':id')
      .between(first, last ?? first, true, true)
      .delete();
  }
  return db.transaction('rw', db.outbox, db.syncState, async () => {
    // By primary key: a multi-key range on the mutationId index costs several times more, and an
    // auto-increment seq is never reused. Entries an erasure redacted meanwhile are not counted.
    const still = (await db.outbox.bulkGet(seqs)).filter(
      (e): e is OutboxEntry => e?.seq !== undefined && expected.get(e.seq) === e.mutationId,
    );
    await db.outbox.bulkDelete(still.map((e) => e.seq).filter((s) => s !== undefined));
    const removed = still.length;
    if (reply.rejected.length > 0) {
      const log = (await read<RejectedMutation[]>(db, SYNC_KEYS.rejected)) ?? [];
      for (const r of reply.rejected) {
        const e = bySent.get(r.mutationId);
        if (e) log.push({ ...r, table: e.table, recordId: e.recordId, at: now });
      }
      await db.syncState.put({ key: SYNC_KEYS.rejected, value: log.slice(-MAX_REJECTED_LOG) });
    }
    return removed;
  });
}
