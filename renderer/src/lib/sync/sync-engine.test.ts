import { afterEach, describe, expect, onTestFinished, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { Member, Visit } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { aMember, aVisit, freshDb } from '../db/test-factories';
import { applyPullPage } from './apply-pull';
import { SyncEngine, type SyncTransport } from './sync-engine';
import { readPullPosition, readSyncRecord, SYNC_KEYS } from './sync-records';
import { putMutation as hubPut, recordsOf, startLabHub, type LabHub } from './testing/lab-hub';
import type { HubLabStoreKind } from './testing/hub-lab-types';

/**
 * The engine against the REAL hub (testing/lab-hub.ts: createHub on SQLite, and on PostgreSQL
 * when scripts/with-postgres.sh started one, reached through main's real hub client).
 */
const STORES = await commands.hubLabStores();

let db: KioskDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const now = () => Date.now();

async function setup(store: HubLabStoreKind, transport?: (hub: LabHub) => SyncTransport) {
  db = freshDb('sync');
  const hub = await startLabHub({ store });
  onTestFinished(() => hub.stop());
  const sleeps: number[] = [];
  const engine = new SyncEngine({
    db,
    hub: transport ? transport(hub) : hub.transport(),
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
  /** The hub's visits now. */
  const hubVisits = async () => recordsOf<Visit>(await hub.state(), 'visits');
  return { db: d, hub, engine, sleeps, hlc, checkIn, hubVisits };
}

describe.each(STORES)('SyncEngine against the real hub on %s', (store) => {
  test('pushes offline check-ins once, in seq order, and empties the outbox', async () => {
    const { db, hub, engine, checkIn, hubVisits } = await setup(store);
    const before = await hub.state();
    for (let i = 0; i < 25; i++) await checkIn();
    const result = await engine.sync('manual');
    expect(result).toMatchObject({ ok: true, value: { pushed: 25, rejected: 0 } });
    expect(await hubVisits()).toHaveLength(25);
    expect((await hub.state()).verdicts - before.verdicts).toBe(25);
    expect(await db.outbox.count()).toBe(0);
    expect(engine.status).toMatchObject({ isSyncing: false, pending: 0, lastError: null });
    expect(engine.status.lastSuccessAt).not.toBeNull();
  });

  test('pulls members in pages, storing the cursor with each page', async () => {
    const { db, hub, engine, hlc } = await setup(store);
    const members = Array.from({ length: 20 }, (_, i) =>
      aMember({ id: `m-${i}`, cardIds: [`C${i}`], cardKeys: [`C${i}`] }),
    );
    await hub.admin(members.map((m) => hubPut('members', m, hlc.tick())));
    expect((await engine.sync('nightly')).ok).toBe(true);
    expect(await db.members.count()).toBe(20);
    const state = await hub.state();
    // The space's record, then the 20 members: the cursor is the hub's head, 21.
    expect(state.head).toBe(21);
    expect(await readPullPosition(db)).toEqual({ cursor: state.head, hubEpoch: state.epoch });
    expect(await db.members.get('m-3')).toEqual(members[3]);
  });

  test('an empty page still moves the cursor; a new hub epoch resyncs from 0', async () => {
    const { db, engine, hub, hlc } = await setup(store);
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
    await hub.admin([
      hubPut('members', aMember({ id: 'm-x', cardIds: ['CX'], cardKeys: ['CX'] }), hlc.tick()),
    ]);
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(await db.members.get('m-x')).toBeDefined();
    const state = await hub.state();
    expect(state.head).toBe(2);
    expect(await readPullPosition(db)).toEqual({ cursor: state.head, hubEpoch: state.epoch });
  });

  test('retries transient failures with backoff, and a lost reply has no second effect', async () => {
    const { db, hub, engine, sleeps, checkIn, hubVisits } = await setup(store);
    const before = await hub.state();
    for (let i = 0; i < 3; i++) await checkIn();
    hub.failNext(2, 'hub-network', 'pull');
    hub.failNext(1, 'hub-unavailable', 'push');
    hub.loseNextReply('push');
    const p = engine.sync('manual');
    expect(engine.status.isSyncing).toBe(true);
    expect((await p).ok).toBe(true);
    expect(sleeps).toEqual([100, 200, 100, 200]);
    const after = await hub.state();
    expect(after.pushes).toBe(2);
    expect(after.verdicts - before.verdicts).toBe(3);
    expect(await hubVisits()).toHaveLength(3);
    expect(await db.outbox.count()).toBe(0);
  });

  test('gives up after the attempts, keeps the outbox, shows and stores the error', async () => {
    const { db, hub, engine, checkIn } = await setup(store);
    await checkIn();
    hub.failNext(5, 'hub-timeout', 'pull');
    const result = await engine.sync('nightly');
    expect(result).toMatchObject({ ok: false, error: { code: 'hub-timeout' } });
    expect(await db.outbox.count()).toBe(1);
    expect(engine.status.lastError?.code).toBe('hub-timeout');
    expect((await readSyncRecord(db)).lastError?.code).toBe('hub-timeout');
    hub.failNext(1, 'hub-unauthorized', 'pull');
    expect(await engine.sync('manual')).toMatchObject({ error: { code: 'hub-unauthorized' } });
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect((await readSyncRecord(db)).lastError).toBeNull();
  });

  test('a poisonous mutation is rejected and logged; later ones still flow', async () => {
    const { db, engine, checkIn, hubVisits } = await setup(store);
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
    expect(await hubVisits()).toHaveLength(2);
    expect(await db.outbox.count()).toBe(0);
    const { rejected } = await readSyncRecord(db);
    expect(rejected).toMatchObject([{ recordId: 'v-bad', code: 'hlc-malformed' }]);
    expect(engine.status.rejectedTotal).toBe(1);
  });

  test('runs one sync at a time and folds requests made during it into one more run', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = (hub: LabHub): SyncTransport => {
      const inner = hub.transport();
      const wrap =
        <A, R>(f: (a: A) => Promise<R>) =>
        async (a: A): Promise<R> => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight -= 1;
          return f(a);
        };
      return { push: wrap((r) => inner.push(r)), pull: wrap((r) => inner.pull(r)) };
    };
    const { engine, checkIn, hubVisits } = await setup(store, counting);
    await checkIn();
    const a = engine.sync('manual');
    const b = engine.sync('reconnect');
    const c = engine.sync('nightly');
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await a).toMatchObject({ ok: true, value: { reason: 'nightly' } });
    expect(maxInFlight).toBe(1);
    expect(await hubVisits()).toHaveLength(1);
  });

  test('writes made during a long sync all arrive', async () => {
    /** Resolved at each push the engine makes (the writer below keeps pace with the hub). */
    let onPush: () => void = () => undefined;
    const slow = (hub: LabHub): SyncTransport => {
      const inner = hub.transport();
      return {
        push: async (r) => {
          onPush();
          await new Promise((res) => setTimeout(res, 15));
          return inner.push(r);
        },
        pull: (r) => inner.pull(r),
      };
    };
    const { db, engine, checkIn, hubVisits } = await setup(store, slow);
    for (let i = 0; i < 30; i++) await checkIn();
    const running = engine.sync('manual');
    let written = 30;
    let rounds = 0;
    while (engine.status.isSyncing) {
      rounds += 1;
      // Two check-ins per push, however fast the hub answers on this machine: the writes come
      // during the sync, and a writer faster than the hub cannot make the run look endless.
      const pushed = new Promise<void>((resolve) => {
        onPush = resolve;
      });
      await checkIn();
      await checkIn();
      written += 2;
      await Promise.race([pushed, running]);
    }
    await running;
    await engine.sync('manual');
    expect(written).toBeGreaterThan(35);
    expect(rounds).toBeLessThan(1000);
    expect(await hubVisits()).toHaveLength(written);
    expect(await db.outbox.count()).toBe(0);
  });

  test('an erasure on the hub removes every local trace, pending edits included', async () => {
    const { db, hub, engine, hlc, checkIn, hubVisits } = await setup(store);
    const ada: Member = aMember({ id: 'ada' });
    const bob: Member = aMember({
      id: 'bob',
      displayName: 'Bob',
      cardIds: ['CARD2'],
      cardKeys: ['CARD2'],
    });
    await hub.admin([hubPut('members', ada, hlc.tick()), hubPut('members', bob, hlc.tick())]);
    expect((await engine.sync('manual')).ok).toBe(true);
    // A visit of Ada's that is over, synced.
    const past = await checkIn({ personId: 'ada', checkOutAt: Date.now(), checkOutMethod: 'host' });
    expect((await engine.sync('manual')).ok).toBe(true);
    // Offline: more about Ada (a check-in: she is in now, a profile edit), and a check-in of Bob.
    const adaVisit = await checkIn({ personId: 'ada', cardId: '14008EC793' });
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
    await hub.admin([
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
    expect(dump).not.toContain('14008EC793');
    expect(dump).not.toContain(past.recordId);
    expect(await db.members.get('bob')).toBeDefined();
    // Ada is in the building: her open visit stays, anonymised, here and at the hub (0019).
    const line = await db.visits.get(adaVisit.recordId);
    expect(line).toMatchObject({ personId: ANONYMOUS_PERSON_ID });
    expect(line?.cardId).toBeUndefined();
    expect(await db.visits.count()).toBe(2);
    const atHub = await hubVisits();
    expect(atHub.map((v) => v.personId).sort()).toEqual([ANONYMOUS_PERSON_ID, 'bob']);
    expect(atHub.find((v) => v.id === adaVisit.recordId)).toEqual(line);
    const members = recordsOf<Member>(await hub.state(), 'members');
    expect(members.map((m) => m.id)).toEqual(['bob']);
  });
});
