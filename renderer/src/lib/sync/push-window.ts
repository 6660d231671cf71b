import type { OutboxEntry } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';

/** How one push round cuts and overlaps its batches. */
export interface PushWindowLimits {
  /** Entries per batch. */
  readonly batch: number;
  /** Record JSON per batch past its first entry (UTF-16 units). */
  readonly bytes: number;
  /** Batches in flight at once. */
  readonly window: number;
}

/** One push batch on its way to the hub. */
interface Flight<R> {
  readonly entries: OutboxEntry[];
  /** `table/recordId` of every entry. */
  readonly records: ReadonlySet<string>;
  readonly reply: Promise<R>;
}

const recordOf = (e: OutboxEntry): string => `${e.table}/${e.recordId}`;

/**
 * The next batch: outbox entries after `seq` up to `last` in seq order, at most `batch` of them
 * and, past the first, at most `bytes` of record JSON (so a batch of large records stays under the
 * hub's body limit: an oversized body is refused, not retried). Rejects with the Dexie error.
 */
export async function readPushBatch(
  db: KioskDb,
  seq: number,
  last: number,
  limits: Pick<PushWindowLimits, 'batch' | 'bytes'>,
): Promise<OutboxEntry[]> {
  const entries = await db.outbox
    .where(':id')
    .between(seq, last, false, true)
    .limit(limits.batch)
    .toArray();
  let bytes = 0;
  for (const [i, e] of entries.entries()) {
    bytes += e.record === undefined ? 0 : JSON.stringify(e.record).length;
    if (bytes > limits.bytes && i > 0) return entries.slice(0, i);
  }
  return entries;
}

/**
 * Pushes the outbox up to seq `last` (what was queued when the round began: under steady writes a
 * round must still end) with up to `limits.window` batches in flight, so IndexedDB, IPC and the hub
 * work at once. `send` starts one batch's push (with its retries) and resolves with the reply;
 * `answer` stores a reply (trims the outbox) and resolves with the entries it removed. Replies are
 * stored oldest first. Per-record order holds: a batch touching a record that a batch in flight
 * also touches waits until that one is answered (the hub may commit concurrent pushes in any
 * order). Entries the hub did not answer stay queued for the next round instead of being re-sent
 * now. Rejects with the first failure of `send`, `answer` or Dexie: the round ends, and what is
 * still in flight is answered to nobody (re-sent next round; the hub replays its verdicts).
 * Resolves with the total `answer` removed.
 */
export async function pushWindow<R>(options: {
  readonly db: KioskDb;
  readonly last: number;
  readonly limits: PushWindowLimits;
  readonly send: (entries: OutboxEntry[]) => Promise<R>;
  readonly answer: (entries: OutboxEntry[], reply: R) => Promise<number>;
}): Promise<number> {
  const { db, last, limits, send, answer } = options;
  const flights: Flight<R>[] = [];
  let next = await readPushBatch(db, -Infinity, last, limits);
  let removed = 0;
  const canFly = (): boolean =>
    next.length > 0 &&
    flights.length < limits.window &&
    !flights.some((f) => next.some((e) => f.records.has(recordOf(e))));
  /** Puts `next` in flight; resolves with the batch after it (read, not yet sent). */
  const fly = (): Promise<OutboxEntry[]> => {
    const reply = send(next);
    reply.catch(() => undefined);
    flights.push({ entries: next, records: new Set(next.map(recordOf)), reply });
    return readPushBatch(db, next.at(-1)?.seq ?? last, last, limits);
  };
  for (;;) {
    while (canFly()) next = await fly();
    const oldest = flights.shift();
    if (oldest === undefined) return removed;
    const reply = await oldest.reply;
    // The batch already read takes the freed place BEFORE this reply is stored, so the hub is not
    // left idle while IndexedDB commits the acknowledgement (the read is queued ahead of it).
    const following = canFly() ? fly() : null;
    following?.catch(() => undefined); // awaited below unless `answer` fails first
    removed += await answer(oldest.entries, reply);
    if (following !== null) next = await following;
  }
}
