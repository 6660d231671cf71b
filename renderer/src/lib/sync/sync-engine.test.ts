import { afterEach, describe, expect, test } from 'vitest';
import type { Member, Visit } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { Mutation } from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { aMember, aVisit, freshDb } from '../db/test-factories';
import { applyPullPage } from './apply-pull';
import { SyncEngine, type SyncTransport } from './sync-engine';
import { readPullPosition, readSyncRecord, SYNC_KEYS } from './sync-records';
import { MemoryHub } from './testing/memory-hub';

let db: KioskDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const now = () => Date.now();

function setup(transport?: (hub: MemoryHub) => SyncTransport) {
  db = freshDb('sync');
  const hub = new MemoryHub(now);
  const sleeps: number[] = [];
  const engine = new SyncEngine({
    db,
    hub: transport ? transport(hub) : hub,
    clock: now,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    pushBatch: 10,
    pullLimit: 7,
    backoffMs: 100,
  });
  const hlc = new HybridLogicalClock('kiosk-1', now);
  const d = db;
  const checkIn = (over: Partial<Visit> = {}) =>
    recordChange(d, {
      table: 'visits',
      op: 'put',
      record: aVisit({ checkInAt: Date.now(), ...over }),
      hlc: hlc.tick(),
      now: Date.now(),
    });
  return { db: d, hub, engine, sleeps, hlc, checkIn };
}

function hubPut(table: Mutation['table'], record: { id: string }, hlc: string): Mutation {
  return { mutationId: crypto.randomUUID(), table, op: 'put', recordId: record.id, record, hlc };
}

describe('SyncEngine', () => {
  test('pushes offline check-ins once, in seq order, and empties the outbox', async () => {
    const { db, hub, engine, checkIn } = setup();
    for (let i = 0; i < 25; i++) await checkIn();
    const result = await engine.sync('manual');
    expect(result).toMatchObject({ ok: true, value: { pushed: 25, rejected: 0 } });
    expect(hub.all('visits')).toHaveLength(25);
    expect(hub.verdicts.size).toBe(25);
    expect(await db.outbox.count()).toBe(0);
    expect(engine.status).toMatchObject({ isSyncing: false, pending: 0, lastError: null });
    expect(engine.status.lastSuccessAt).not.toBeNull();
  });

  test('pulls members in pages, storing the cursor with each page', async () => {
    const { db, hub, engine, hlc } = setup();
    const members = Array.from({ length: 20 }, (_, i) => aMember({ id: `m-${i}` }));
    hub.write(members.map((m) => hubPut('members', m, hlc.tick())));
    expect((await engine.sync('nightly')).ok).toBe(true);
    expect(await db.members.count()).toBe(20);
    expect(await readPullPosition(db)).toEqual({ cursor: 20, hubEpoch: hub.epoch });
    expect(await db.members.get('m-3')).toEqual(members[3]);
  });

  test('an empty page still moves the cursor; a new hub epoch resyncs from 0', async () => {
    const { db, engine, hub, hlc } = setup();
    await applyPullPage(db, {
      type: 'pull-result',
      protocolVersion: 1,
      changes: [],
      cursor: 42,
      hasMore: false,
      hubEpoch: 'old-epoch',
      reset: false,
    });
    expect(await readPullPosition(db)).toEqual({ cursor: 42, hubEpoch: 'old-epoch' });
    hub.write([hubPut('members', aMember({ id: 'm-x' }), hlc.tick())]);
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(await db.members.get('m-x')).toBeDefined();
    expect(await readPullPosition(db)).toEqual({ cursor: 1, hubEpoch: hub.epoch });
  });

  test('retries transient failures with backoff, and a lost reply has no second effect', async () => {
    const { db, hub, engine, sleeps, checkIn } = setup();
    for (let i = 0; i < 3; i++) await checkIn();
    hub.failNext(2, 'hub-network', 'pull');
    hub.failNext(1, 'hub-unavailable', 'push');
    hub.loseNextReply('push');
    const p = engine.sync('manual');
    expect(engine.status.isSyncing).toBe(true);
    expect((await p).ok).toBe(true);
    expect(sleeps).toEqual([100, 200, 100, 200]);
    expect(hub.pushes).toBe(2);
    expect(hub.verdicts.size).toBe(3);
    expect(hub.all('visits')).toHaveLength(3);
    expect(await db.outbox.count()).toBe(0);
  });

  test('gives up after the attempts, keeps the outbox, shows and stores the error', async () => {
    const { db, hub, engine, checkIn } = setup();
    await checkIn();
    hub.failNext(5, 'hub-timeout');
    const result = await engine.sync('nightly');
    expect(result).toMatchObject({ ok: false, error: { code: 'hub-timeout' } });
    expect(await db.outbox.count()).toBe(1);
    expect(engine.status.lastError?.code).toBe('hub-timeout');
    expect((await readSyncRecord(db)).lastError?.code).toBe('hub-timeout');
    hub.failNext(1, 'hub-unauthorized');
    expect(await engine.sync('manual')).toMatchObject({ error: { code: 'hub-unauthorized' } });
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect((await readSyncRecord(db)).lastError).toBeNull();
  });

  test('a poisonous mutation is rejected and logged; later ones still flow', async () => {
    const { db, hub, engine, checkIn } = setup();
    await checkIn();
    await db.outbox.add({
      mutationId: crypto.randomUUID(),
      table: 'visits',
      op: 'put',
      recordId: 'v-bad',
      record: { id: 'v-bad', spaceId: 'space-a', personKind: 'alien' },
      hlc: 'not-a-stamp',
      createdAt: Date.now(),
    });
    await checkIn();
    const result = await engine.sync('manual');
    expect(result).toMatchObject({ ok: true, value: { pushed: 2, rejected: 1 } });
    expect(hub.all('visits')).toHaveLength(2);
    expect(await db.outbox.count()).toBe(0);
    const { rejected } = await readSyncRecord(db);
    expect(rejected).toMatchObject([{ recordId: 'v-bad', code: 'hlc-malformed' }]);
    expect(engine.status.rejectedTotal).toBe(1);
  });

  test('runs one sync at a time and folds requests made during it into one more run', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = (hub: MemoryHub): SyncTransport => {
      const wrap =
        <A, R>(f: (a: A) => Promise<R>) =>
        async (a: A): Promise<R> => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight -= 1;
          return f(a);
        };
      return { push: wrap((r) => hub.push(r)), pull: wrap((r) => hub.pull(r)) };
    };
    const { hub, engine, checkIn } = setup(counting);
    await checkIn();
    const a = engine.sync('manual');
    const b = engine.sync('reconnect');
    const c = engine.sync('nightly');
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await a).toMatchObject({ ok: true, value: { reason: 'nightly' } });
    expect(maxInFlight).toBe(1);
    expect(hub.all('visits')).toHaveLength(1);
  });

  test('writes made during a long sync all arrive', async () => {
    const slow = (hub: MemoryHub): SyncTransport => ({
      push: async (r) => {
        await new Promise((res) => setTimeout(res, 15));
        return hub.push(r);
      },
      pull: (r) => hub.pull(r),
    });
    const { db, hub, engine, checkIn } = setup(slow);
    for (let i = 0; i < 30; i++) await checkIn();
    const running = engine.sync('manual');
    let written = 30;
    let rounds = 0;
    while (engine.status.isSyncing) {
      rounds += 1;
      await checkIn();
      written += 1;
      await new Promise((r) => setTimeout(r, 3));
    }
    await running;
    await engine.sync('manual');
    expect(written).toBeGreaterThan(35);
    expect(rounds).toBeLessThan(1000);
    expect(hub.all('visits')).toHaveLength(written);
    expect(await db.outbox.count()).toBe(0);
  });

  test('an erasure on the hub removes every local trace, pending edits included', async () => {
    const { db, hub, engine, hlc, checkIn } = setup();
    const ada: Member = aMember({ id: 'ada' });
    const bob: Member = aMember({ id: 'bob', displayName: 'Bob' });
    hub.write([hubPut('members', ada, hlc.tick()), hubPut('members', bob, hlc.tick())]);
    expect((await engine.sync('manual')).ok).toBe(true);
    await checkIn({ personId: 'ada' });
    expect((await engine.sync('manual')).ok).toBe(true);
    // Offline: more about Ada (a check-in, a profile edit), and a check-in of Bob.
    const adaVisit = await checkIn({ personId: 'ada' });
    await recordChange(db, {
      table: 'members',
      op: 'put',
      record: { ...ada, displayName: 'Ada L.' },
      hlc: hlc.tick(),
      now: Date.now(),
    });
    await checkIn({ personId: 'bob' });
    await db.syncState.put({
      key: SYNC_KEYS.rejected,
      value: [
        { mutationId: 'x', code: 'c', reason: 'r', table: 'members', recordId: 'ada', at: 1 },
      ],
    });
    hub.write([
      {
        mutationId: crypto.randomUUID(),
        table: 'members',
        op: 'erase',
        recordId: 'ada',
        hlc: hlc.tick(),
      },
    ]);
    expect((await engine.sync('manual')).ok).toBe(true);

    const dump = JSON.stringify([
      await db.members.toArray(),
      await db.visits.toArray(),
      await db.outbox.toArray(),
      await db.syncState.toArray(),
    ]);
    expect(dump).not.toContain('"ada"');
    expect(dump).not.toContain(adaVisit.recordId);
    expect(await db.members.get('bob')).toBeDefined();
    expect(await db.visits.count()).toBe(1);
    expect(hub.all('visits')).toHaveLength(1);
    expect(hub.get('members', 'ada')).toBeUndefined();
  });
});
