import type { SyncedTable } from '#shared/domain/types';
import type { PullResponse } from '#shared/sync/protocol';
import { isPersonTable } from '#shared/sync/protocol-records';
import type { KioskDb } from '../db/kiosk-db';
import { erasePersonTraces, eraseTables, keepPresenceAnonymous } from '../gdpr/erase-person';
import { ORIGIN_KEY } from './origin';
import { SYNC_KEYS, type PullPosition } from './sync-records';

/** What one page did locally, for progress and tests. */
export interface PageOutcome {
  applied: number;
  /** Puts not applied because a local edit of the record is still queued (it goes first). */
  deferred: number;
  erased: number;
}

const key = (table: string, id: string): string => `${table}/${id}`;

/**
 * Applies one pull page AND stores its cursor (and hub epoch) in ONE Dexie transaction, so a crash
 * leaves either both or neither (docs/architecture.md, sync guarantee 4). An empty or fully
 * filtered page still moves the cursor. Rules:
 * - `put` stores the hub's full record, except over a record with a queued local change: that
 *   change is pushed next and the hub's merge comes back in a later page (local edits are never
 *   hidden by an older hub copy in between).
 * - `delete` removes the record.
 * - `erase` (members, visitors) removes every local trace of the person (gdpr/erase-person.ts:
 *   record, visits, visit details, queued outbox entries, rejections); nothing of the person
 *   remains in any table. A visit of theirs still open here, or with a change still queued, stays
 *   anonymised (keepPresenceAnonymous: the evacuation roster, decision 0019). Erasures are
 *   applied after the page's puts and deletes, so they always win.
 * `origin`, given with a reset page, is stored as the database's new origin (origin.ts) with it.
 * Rejects with the Dexie error (nothing of the page written) when the transaction fails.
 */
export async function applyPullPage(
  db: KioskDb,
  page: PullResponse,
  origin?: string,
): Promise<PageOutcome> {
  const tables = [db.spaces, db.events, ...eraseTables(db)];
  return db.transaction('rw', tables, async () => {
    const outcome: PageOutcome = { applied: 0, deferred: 0, erased: 0 };
    const puts = page.changes.filter((c) => c.op === 'put');
    const pending = new Set<string>();
    if (puts.length > 0) {
      // At rest the outbox is empty or short: counting it and reading it whole is far cheaper
      // than a multi-key range of a page's ids, which walks the index once per id.
      const queuedCount = await db.outbox.count();
      const ids = [...new Set(puts.map((c) => c.recordId))];
      const queued =
        queuedCount === 0
          ? []
          : queuedCount <= ids.length
            ? await db.outbox.toArray()
            : await db.outbox.where('recordId').anyOf(ids).toArray();
      for (const e of queued) pending.add(key(e.table, e.recordId));
    }
    const putsByTable = new Map<SyncedTable, unknown[]>();
    const deletesByTable = new Map<SyncedTable, string[]>();
    for (const c of page.changes) {
      if (c.op === 'put') {
        if (pending.has(key(c.table, c.recordId)) || c.record === undefined) {
          outcome.deferred += 1;
          continue;
        }
        const list = putsByTable.get(c.table) ?? [];
        list.push(c.record);
        putsByTable.set(c.table, list);
      } else if (c.op === 'delete') {
        const list = deletesByTable.get(c.table) ?? [];
        list.push(c.recordId);
        deletesByTable.set(c.table, list);
      }
    }
    for (const [table, records] of putsByTable) {
      await db.table(table).bulkPut(records);
      outcome.applied += records.length;
    }
    for (const [table, ids] of deletesByTable) {
      await db.table(table).bulkDelete(ids);
      outcome.applied += ids.length;
    }
    for (const c of page.changes) {
      if (c.op === 'erase' && isPersonTable(c.table)) {
        await keepPresenceAnonymous(db, c.table, c.recordId);
        await erasePersonTraces(db, c.table, c.recordId);
        outcome.erased += 1;
      }
    }
    const position: PullPosition = { cursor: page.cursor, hubEpoch: page.hubEpoch };
    await db.syncState.put({ key: SYNC_KEYS.pull, value: position });
    if (origin !== undefined) await db.syncState.put({ key: ORIGIN_KEY, value: origin });
    return outcome;
  });
}

/**
 * Cuts `page` into consecutive pages of at most `size` changes, so a large page is stored in
 * several smaller transactions. Each part but the last covers the hub's sequence up to its last
 * change (the hub sends changes in seq order, and a page covers every change up to its cursor,
 * so nothing before that seq is missing) and has `hasMore`; the last keeps the page's cursor and
 * `hasMore`. Throws a RangeError when `size` is below 1.
 */
export function splitPage(page: PullResponse, size: number): PullResponse[] {
  if (size < 1) throw new RangeError('a page part holds at least one change');
  if (page.changes.length <= size) return [page];
  const parts: PullResponse[] = [];
  for (let i = 0; i < page.changes.length; i += size) {
    const changes = page.changes.slice(i, i + size);
    const last = changes.at(-1);
    parts.push(
      i + size >= page.changes.length || last === undefined
        ? { ...page, changes }
        : { ...page, changes, cursor: last.seq, hasMore: true },
    );
  }
  return parts;
}
