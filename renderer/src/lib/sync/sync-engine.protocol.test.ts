import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { Result } from '#shared/result';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { PullResponse, PushResponse } from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { aSpace, aVisit, freshDb } from '../db/test-factories';
import { SyncEngine, type SyncTransport } from './sync-engine';
import { readPullPosition, readSyncRecord } from './sync-records';
import { putMutation } from './testing/lab-hub';

/**
 * The engine against the REAL hub (test/hub-lab: createHub over SQLite, and PostgreSQL when one
 * runs, reached through main's real hub client) on what an independent client of the protocol
 * found: a push carrying another hub's epoch, and an outbox entry that is not a valid mutation.
 */

const SPACE = 'lab-space';
const KIOSK = 'kiosk-1';
const STORES = await commands.hubLabStores();

let db: KioskDb | undefined;
let labId: number | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  if (labId !== undefined) await commands.hubLabStop(labId);
  labId = undefined;
});

/** The lab's hub as the engine's transport, recording every reply it got. */
function labTransport(id: number) {
  const replies: { op: 'push' | 'pull'; result: Result<PushResponse | PullResponse> }[] = [];
  let afterPull: (() => Promise<void>) | null = null;
  const call = async <T>(op: 'push' | 'pull', request: unknown): Promise<Result<T>> => {
    const reply = await commands.hubLabCall({
      labId: id,
      kioskId: KIOSK,
      op,
      request,
      fault: 'none',
    });
    if (reply.kind !== 'result') throw new Error('no fault was injected');
    replies.push({ op, result: reply.result });
    return reply.result as Result<T>;
  };
  const transport: SyncTransport = {
    push: (r) => call<PushResponse>('push', r),
    async pull(r) {
      const result = await call<PullResponse>('pull', r);
      const then = afterPull;
      afterPull = null;
      await then?.();
      return result;
    },
  };
  return {
    transport,
    replies,
    /** Runs `fn` once, right after the next pull's reply (before the engine sees it). */
    onceAfterPull(fn: () => Promise<void>) {
      afterPull = fn;
    },
  };
}

async function setup(store: (typeof STORES)[number]) {
  const seed = [
    putMutation('spaces', aSpace({ id: SPACE }), new HybridLogicalClock('hub', Date.now).tick()),
  ];
  labId = await commands.hubLabStart({ store, spaceId: SPACE, kiosks: [KIOSK], seed });
  db = freshDb('sync-protocol');
  const lab = labTransport(labId);
  const engine = new SyncEngine({
    db,
    hub: lab.transport,
    clock: Date.now,
    sleep: () => Promise.resolve(),
  });
  const hlc = new HybridLogicalClock(KIOSK, Date.now);
  const d = db;
  const checkIn = (id?: string) =>
    recordChange(d, {
      table: 'visits',
      op: 'put',
      record: aVisit({
        ...(id ? { id } : {}),
        spaceId: SPACE,
        kioskId: KIOSK,
        checkInAt: Date.now(),
      }),
      hlc: hlc.tick(),
      now: Date.now(),
    });
  return { db: d, lab, engine, checkIn, labId };
}

describe.each(STORES)('sync engine against the real hub on %s', (store) => {
  test('a push refused for another hub epoch pulls the new hub, then pushes again', async () => {
    const { db, lab, engine, checkIn, labId } = await setup(store);
    expect((await engine.sync('manual')).ok).toBe(true);
    const before = await readPullPosition(db);
    await checkIn();
    // The hub is wiped between this sync's pull and its push: the push carries the old epoch.
    lab.onceAfterPull(() => commands.hubLabReplaceHub(labId));
    const run = await engine.sync('manual');
    expect(run).toMatchObject({ ok: true, value: { pushed: 1, rejected: 0 } });
    const pushes = lab.replies.filter((r) => r.op === 'push').map((r) => r.result);
    expect(pushes.at(-2)).toMatchObject({
      ok: false,
      error: { code: 'hub-epoch-changed', details: ['epoch-mismatch'] },
    });
    expect(pushes.at(-1)).toMatchObject({ ok: true, value: { rejected: [] } });
    const after = await readPullPosition(db);
    expect(after.hubEpoch).not.toBe(before.hubEpoch);
    expect(after.hubEpoch).not.toBeNull();
    expect(await db.outbox.count()).toBe(0);
    expect((await commands.hubLabState(labId)).tables['visits']).toHaveLength(1);
  });

  test('an outbox entry that is no valid mutation is rejected alone; the rest flows', async () => {
    const { db, engine, checkIn, labId } = await setup(store);
    await checkIn();
    await checkIn('an id with spaces');
    await checkIn();
    const run = await engine.sync('manual');
    expect(run).toMatchObject({ ok: true, value: { pushed: 2, rejected: 1 } });
    expect(await db.outbox.count()).toBe(0);
    expect((await readSyncRecord(db)).rejected).toEqual([
      expect.objectContaining({
        code: 'mutation-malformed',
        table: 'visits',
        recordId: 'an id with spaces',
        reason: expect.stringContaining('recordId') as string,
      }),
    ]);
    expect((await commands.hubLabState(labId)).tables['visits']).toHaveLength(2);
  });
});
