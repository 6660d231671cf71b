import type { Result } from '#shared/result';
import type { PullResponse } from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import { applyPullPage, splitPage } from './apply-pull';
import { ensureOrigin, newOrigin } from './origin';
import type { SyncTransport } from './sync-engine-options';
import { readPullPosition } from './sync-records';

/** What one pull needs of the engine. */
export interface PullPagesRun {
  readonly db: KioskDb;
  readonly hub: SyncTransport;
  /** Changes asked per pull. */
  readonly pullLimit: number;
  /** Changes stored per Dexie transaction, each with its cursor. */
  readonly pullChunk: number;
  /** A hub call with the engine's retries (hub-call.ts). */
  readonly call: (request: () => Promise<Result<PullResponse>>) => Promise<PullResponse>;
  /** Changes just stored, for the status's progress. */
  readonly onStored: (pulled: number) => void;
}

/**
 * Pulls pages after the stored cursor until the hub has no more, each stored with its cursor
 * (apply-pull.ts); returns the changes stored. Rejects as the hub call or the store does.
 */
export async function pullPages(run: PullPagesRun): Promise<number> {
  const { db, hub, pullLimit, call } = run;
  // Rule 12: the hub leaves out this database's own writes (origin.ts).
  let origin = await ensureOrigin(db);
  const fetchPage = (position: { cursor: number; hubEpoch: string | null }) =>
    call(() =>
      hub.pull({
        cursor: position.cursor,
        limit: pullLimit,
        ...(position.hubEpoch === null ? {} : { hubEpoch: position.hubEpoch }),
        origin,
      }),
    );
  let pulled = 0;
  let next: Promise<PullResponse> | null = fetchPage(await readPullPosition(db));
  while (next !== null) {
    const page: PullResponse = await next;
    // After a reset the hub's log may hold older copies of this database's writes than it does:
    // from this page on it answers to a new origin, stored with the page, so it receives them.
    const renewed = page.reset ? newOrigin() : undefined;
    if (renewed !== undefined) origin = renewed;
    // The next page is fetched while this one is stored, so the hub and IndexedDB work in
    // parallel. It asks from this page's cursor, which the store holds once this page commits;
    // if the commit fails, the run ends and the prefetched page is dropped unused.
    next = page.hasMore ? fetchPage({ cursor: page.cursor, hubEpoch: page.hubEpoch }) : null;
    next?.catch(() => undefined);
    // Large pages halve the calls; smaller transactions keep each commit as short as a page of
    // 500 was. Each part is stored with the cursor that covers it.
    for (const part of splitPage(page, run.pullChunk)) {
      await applyPullPage(db, part, renewed);
      pulled += part.changes.length;
      run.onStored(part.changes.length);
    }
  }
  return pulled;
}
