import { afterEach, describe, expect, onTestFinished, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { Member, Visit } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { ok, type Result } from '#shared/result';
import type { Mutation, PushResponse } from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { aMember, aVisit, freshDb } from '../db/test-factories';
import { SyncEngine, type SyncEngineOptions, type SyncTransport } from './sync-engine';
import type { HubLabStoreKind } from './testing/hub-lab-types';
import { recordsOf, startLabHub, type LabHub } from './testing/lab-hub';
import { INSTALL_ID_KEY } from './wire-ids';

/**
 * The push pipeline: wire ids, batches in flight, per-record order, partial answers; against the
 * REAL hub (testing/lab-hub.ts), on SQLite and, when one runs, PostgreSQL.
 */
const STORES = await commands.hubLabStores();

let db: KioskDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A transport over `hub` whose pushes each wait for `gate()` before reaching the hub. */
function gated(hub: SyncTransport, gate: () => Promise<void>) {
  const pushes: { records: string[]; answered: boolean }[] = [];
  /** Records a push carried while another unanswered push carried them too. */
  const overlaps: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const transport: SyncTransport = {
    async push(request) {
      const entry = {
        records: request.batch.map((m) => `${m.table}/${m.recordId}`),
        answered: false,
      };
      for (const open of pushes.filter((p) => !p.answered)) {
        overlaps.push(...entry.records.filter((r) => open.records.includes(r)));
      }
      pushes.push(entry);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await gate();
      const reply = await hub.push(request);
      inFlight -= 1;
      entry.answered = true;
      return reply;
    },
    pull: (r) => hub.pull(r),
  };
  return { transport, pushes, overlaps, maxInFlight: () => maxInFlight };
}

/** A lab hub for this test, stopped when it ends. */
async function labHub(store: HubLabStoreKind): Promise<LabHub> {
  const hub = await startLabHub({ store });
  onTestFinished(() => hub.stop());
  return hub;
}

/** A transport over `hub` that records each push's mutation ids and its reply. */
function recording(hub: SyncTransport) {
  const pushes: { ids: string[]; reply: Result<PushResponse> }[] = [];
  const transport: SyncTransport = {
    async push(request) {
      const reply = await hub.push(request);
      pushes.push({ ids: request.batch.map((m) => m.mutationId), reply });
      return reply;
    },
    pull: (r) => hub.pull(r),
  };
  return { transport, pushes };
}

function setup(
  hub: LabHub,
  options: Partial<SyncEngineOptions> & { transport?: SyncTransport } = {},
) {
  db = freshDb('sync-push');
  const engine = new SyncEngine({
    db,
    hub: options.transport ?? hub.transport(),
    clock: Date.now,
    sleep: () => Promise.resolve(),
    pushBatch: 5,
    ...options,
  });
  const hlc = new HybridLogicalClock('kiosk-1', Date.now);
  const d = db;
  const put = (record: Visit) =>
    recordChange(d, { table: 'visits', op: 'put', record, hlc: hlc.tick(), now: Date.now() });
  /** The hub's live records of `table` now. */
  const onHub = async <T extends { id: string }>(table: 'visits' | 'members') =>
    recordsOf<T>(await hub.state(), table);
  return { db: d, engine, put, onHub };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe.each(STORES)('SyncEngine push against the real hub on %s', (store) => {
  test('sends compact wire ids that stay the same on a retry and across engines', async () => {
    const hub = await labHub(store);
    const before = await hub.state();
    const r = recording(hub.transport());
    const { db, engine, put } = setup(hub, { transport: r.transport });
    for (let i = 0; i < 3; i++) await put(aVisit());
    hub.loseNextReply('push');
    expect((await engine.sync('manual')).ok).toBe(true);
    const mid = await hub.state();
    expect(mid.pushes).toBe(2);
    // The lost reply's batch came again under the same ids: three verdicts, not six.
    expect(mid.verdicts - before.verdicts).toBe(3);
    const [lost, retry] = r.pushes;
    const ids = retry?.ids ?? [];
    expect(ids).toHaveLength(3);
    expect(lost?.ids).toEqual(ids);
    expect(lost?.reply).toMatchObject({ ok: false, error: { code: 'hub-network' } });
    expect(retry?.reply).toMatchObject({ ok: true, value: { accepted: ids, rejected: [] } });
    const installId = (await db.syncState.get(INSTALL_ID_KEY))?.value;
    expect(typeof installId).toBe('string');
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}_[0-9a-z]+$/);
      expect(id.startsWith(`${String(installId)}_`)).toBe(true);
    }
    const other = new SyncEngine({
      db,
      hub: r.transport,
      clock: Date.now,
      sleep: () => Promise.resolve(),
    });
    await put(aVisit());
    expect((await other.sync('manual')).ok).toBe(true);
    const sentLater = r.pushes.slice(2).flatMap((p) => p.ids);
    expect(sentLater.filter((id) => !ids.includes(id))).toHaveLength(1);
    expect((await hub.state()).verdicts - before.verdicts).toBe(4);
    expect((await db.syncState.get(INSTALL_ID_KEY))?.value).toBe(installId);
    expect(await db.outbox.count()).toBe(0);
  });

  test('a fresh database gets another install id, so restarted seqs never collide', async () => {
    const hub = await labHub(store);
    const a = setup(hub);
    await a.put(aVisit());
    expect((await a.engine.sync('manual')).ok).toBe(true);
    const first = (await a.db.syncState.get(INSTALL_ID_KEY))?.value;
    a.db.close();
    const b = setup(hub);
    expect((await b.db.syncState.get(INSTALL_ID_KEY))?.value).toBeUndefined();
    await b.put(aVisit());
    expect((await b.engine.sync('manual')).ok).toBe(true);
    expect((await b.db.syncState.get(INSTALL_ID_KEY))?.value).not.toBe(first);
    expect(await b.onHub('visits')).toHaveLength(2);
  });

  test('keeps batches in flight, but never two touching the same record at once', async () => {
    const hub = await labHub(store);
    const g = gated(hub.transport(), tick);
    const { db, engine, put, onHub } = setup(hub, { transport: g.transport, pushWindow: 3 });
    const visits = Array.from({ length: 12 }, () => aVisit({ checkInAt: Date.now() }));
    for (const v of visits) await put(v);
    // Check-outs of the first visits land in later batches than their check-ins.
    for (const v of visits.slice(0, 4)) await put({ ...v, checkOutAt: Date.now() + 1000 });
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(g.overlaps).toEqual([]);
    expect(g.maxInFlight()).toBeGreaterThan(1);
    expect(await db.outbox.count()).toBe(0);
    const held = await onHub<Visit>('visits');
    for (const v of visits.slice(0, 4)) {
      expect(held.find((h) => h.id === v.id)).toMatchObject({
        checkOutAt: expect.any(Number) as number,
      });
    }
    // Each of those visits went in two batches, the check-in's answered before the check-out's left.
    for (const v of visits.slice(0, 4)) {
      expect(g.pushes.filter((p) => p.records.includes(`visits/${v.id}`))).toHaveLength(2);
    }
  });

  test('with batches in flight, only answered entries leave the outbox', async () => {
    const hub = await labHub(store);
    const inner = hub.transport();
    let skip = true;
    const partial: SyncTransport = {
      async push(request): Promise<Result<PushResponse>> {
        const reply = await inner.push(request);
        if (!reply.ok || !skip) return reply;
        // Answers the batch's first mutation only; the rest are left unmentioned.
        return ok({ ...reply.value, accepted: reply.value.accepted.slice(0, 1) });
      },
      pull: (r) => inner.pull(r),
    };
    const { db, engine, put, onHub } = setup(hub, { transport: partial, pushWindow: 3 });
    for (let i = 0; i < 15; i++) await put(aVisit());
    const result = await engine.sync('manual');
    expect(result.ok).toBe(true);
    // Five rounds, one answer per batch (5+5+5, 5+5+2, 5+4, 5+2, 5): 11 removed, 4 left.
    expect(result).toMatchObject({ value: { pushed: 11 } });
    expect(await db.outbox.count()).toBe(4);
    skip = false;
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect(await onHub('visits')).toHaveLength(15);
  });

  test('a failing batch ends the run and loses nothing, whatever was in flight', async () => {
    const hub = await labHub(store);
    const g = gated(hub.transport(), tick);
    const { db, engine, put, onHub } = setup(hub, {
      transport: g.transport,
      pushWindow: 3,
      maxAttempts: 1,
    });
    for (let i = 0; i < 20; i++) await put(aVisit());
    hub.failNext(1, 'hub-unavailable', 'push');
    const failed = await engine.sync('manual');
    expect(failed).toMatchObject({ ok: false, error: { code: 'hub-unavailable' } });
    expect(await db.outbox.count()).toBeGreaterThan(0);
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect(await onHub('visits')).toHaveLength(20);
  });

  test('caps a batch by record size, a record larger than the cap still going alone', async () => {
    const hub = await labHub(store);
    const inner = hub.transport();
    const sizes: number[] = [];
    const counting: SyncTransport = {
      push: (r: { batch: Mutation[]; hubEpoch?: string }) => {
        sizes.push(r.batch.length);
        return inner.push(r);
      },
      pull: (r) => inner.pull(r),
    };
    const members = Array.from({ length: 6 }, (_, i) =>
      aMember({ id: `m-${i}`, cardIds: [`C${i}`], cardKeys: [`C${i}`] }),
    );
    // Room for two records and a half: batches of two.
    const bytes = Math.ceil(JSON.stringify(members[0]).length * 2.5);
    const { db, engine, onHub } = setup(hub, {
      transport: counting,
      pushBatch: 50,
      pushBatchBytes: bytes,
    });
    const hlc = new HybridLogicalClock('kiosk-1', Date.now);
    for (const record of members) {
      await recordChange(db, {
        table: 'members',
        op: 'put',
        record,
        hlc: hlc.tick(),
        now: Date.now(),
      });
    }
    expect((await engine.sync('manual')).ok).toBe(true);
    expect(sizes).toEqual([2, 2, 2]);
    expect(await onHub('members')).toHaveLength(6);
    // Under a cap smaller than one record, each still goes, alone.
    const tight = new SyncEngine({
      db,
      hub: counting,
      clock: Date.now,
      sleep: () => Promise.resolve(),
      pushBatchBytes: 10,
    });
    for (const record of members.slice(0, 3)) {
      const edited = { ...record, displayName: 'Edited' };
      await recordChange(db, {
        table: 'members',
        op: 'put',
        record: edited,
        hlc: hlc.tick(),
        now: Date.now(),
      });
    }
    sizes.length = 0;
    expect((await tight.sync('manual')).ok).toBe(true);
    expect(sizes).toEqual([1, 1, 1]);
    expect(await db.outbox.count()).toBe(0);
    const edited = (await onHub<Member>('members')).filter((m) => m.displayName === 'Edited');
    expect(edited.map((m) => m.id).sort()).toEqual(['m-0', 'm-1', 'm-2']);
  });
});
