import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visitor } from '#shared/domain/types';
import { DAY_MS } from '#shared/visitor/retention';
import { addKiosk } from '../admin/admin';
import { hashEnrolmentCode, hashToken, newKioskToken } from '../auth/credentials';
import type { HubStore } from '../store/store';
import { dumpHubTables } from '../test-support/dump-tables';
import { LILLE, MONS, NOW, erase, member, put, visit } from '../test-support/factories';
import { enrolKiosk, post, startTestHub } from '../test-support/http';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { compactErasures } from './compaction';
import { applyPush, type Principal } from './push';
import { purgeExpiredVisitors } from './retention';

const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const kioskB: Principal = { kind: 'kiosk', kioskId: 'kiosk-b', spaceId: MONS };
const admin: Principal = { kind: 'admin' };
const CHECK_IN = NOW - 4 * 3600_000;
const CARD = '0004340999';

const guest: Visitor = {
  id: 'visitor-7f3a9c',
  firstName: 'Griselda',
  lastName: 'Vanderkerckhove',
  email: 'griselda.vdk@example.org',
  phone: '+32470123456',
  country: 'BE',
  preferredLang: 'fr',
  consentAt: CHECK_IN,
  consentVersion: 'v1',
  retainUntil: CHECK_IN + 30 * DAY_MS,
  updatedAt: CHECK_IN,
};
const GUEST_TRACES = [guest.id, 'Griselda', 'Vanderkerckhove', 'griselda.vdk', '470123456', CARD];
const theVisit = visit({
  id: 'visit-guest-1',
  personKind: 'visitor',
  personId: guest.id,
  checkInAt: CHECK_IN,
  method: 'host',
  cardId: CARD,
});

/** Enrols `kioskId` for `spaceId` straight in the store (no HTTP needed to hold a pull mark). */
async function enrol(store: HubStore, spaceId: string, kioskId: string): Promise<void> {
  const { code } = await addKiosk(store, spaceId, NOW);
  const token = newKioskToken(kioskId);
  const out = await store.redeemEnrolment(hashEnrolmentCode(code), kioskId, hashToken(token), NOW);
  expect(out.ok).toBe(true);
}

/** As if each kiosk had sent a pull request whose cursor is the hub's current head. */
async function pulledToHead(store: HubStore, ...kioskIds: string[]): Promise<number> {
  const { head } = await store.stats();
  for (const id of kioskIds) await store.recordPull(id, head);
  return head;
}

/** Every table of the hub, searched raw for each trace: the list of what was found where. */
async function tracesIn(db: TestDatabase, traces: readonly string[]): Promise<string[]> {
  const tables = await dumpHubTables(db.url);
  expect(Object.keys(tables)).toEqual(
    expect.arrayContaining(['records', 'changes', 'mutations', 'kiosks']),
  );
  return Object.entries(tables).flatMap(([name, rows]) =>
    traces.filter((t) => rows.includes(t)).map((t) => `${t} in ${name}`),
  );
}

describe.each(storeCases())('erasure compaction on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    await enrol(store, MONS, 'kiosk-a');
    await enrol(store, MONS, 'kiosk-b');
    await enrol(store, LILLE, 'kiosk-l');
    const out = await applyPush(
      store,
      kioskA,
      [
        put('visitors', guest, CHECK_IN),
        put('visits', theVisit, CHECK_IN + 1),
        put('visits', { ...theVisit, checkOutAt: NOW - 3600_000, checkOutMethod: 'host' as const }),
      ],
      NOW,
    );
    expect(out.rejected).toEqual([]);
    await pulledToHead(store, 'kiosk-a', 'kiosk-b', 'kiosk-l');
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("keeps a visitor's erasure until both kiosks of the space pulled past it, then leaves nothing", async () => {
    // A rejected edit: its verdict row keeps a reason, built from field names, not values.
    const bad = put('visitors', { ...guest, country: 'Vanderkerckhove', phone: 'Griselda' }, NOW);
    expect((await applyPush(store, kioskA, [bad], NOW)).rejected).toMatchObject([
      { mutationId: bad.mutationId, code: 'record-invalid' },
    ]);
    await applyPush(store, kioskA, [erase('visitors', guest.id, NOW - 1000, 'kiosk-a')], NOW);
    expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 1 });
    await pulledToHead(store, 'kiosk-a');
    expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 1 });
    expect((await store.readRecord('visitors', guest.id))?.state).toEqual({ kind: 'erased' });
    expect(await tracesIn(db, GUEST_TRACES)).toEqual([
      `${guest.id} in changes`,
      `${guest.id} in records`,
    ]);
    // Kiosk L of another space has not pulled the erasure (it never receives it): no matter.
    await pulledToHead(store, 'kiosk-b');
    expect(await compactErasures(store)).toEqual({ compacted: 1, waiting: 0 });
    expect(await tracesIn(db, [...GUEST_TRACES, theVisit.id])).toEqual([]);
    expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 0 });
    // A new kiosk pulling from 0 gets nothing of the visitor.
    expect((await store.pull(0, 100, MONS)).changes).toEqual([]);
  });

  it("waits for every space's kiosks for a member, but never for a revoked kiosk", async () => {
    const camille = member({ id: 'member-c4m1', displayName: 'Camille Dubois' });
    const traces = [camille.id, 'Camille Dubois', '14008EC793'];
    const stay = visit({
      personId: camille.id,
      checkInAt: CHECK_IN,
      checkOutAt: CHECK_IN + 60_000,
    });
    await applyPush(store, admin, [put('members', camille, CHECK_IN, 'hub')], NOW);
    await applyPush(store, kioskA, [put('visits', stay, CHECK_IN + 5)], NOW);
    await applyPush(store, admin, [erase('members', camille.id)], NOW);
    await pulledToHead(store, 'kiosk-a', 'kiosk-b');
    expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 1 });
    expect(await tracesIn(db, traces)).toEqual([
      `${camille.id} in changes`,
      `${camille.id} in records`,
    ]);
    expect(await store.revokeKiosk('kiosk-l', NOW)).toBe(true);
    expect(await compactErasures(store)).toEqual({ compacted: 1, waiting: 0 });
    expect(await tracesIn(db, [...traces, stay.id])).toEqual([]);
  });

  it('gives a late push from a kiosk that had not pulled the erasure no effect, and waits for it', async () => {
    await applyPush(store, kioskA, [erase('visitors', guest.id, NOW - 1000, 'kiosk-a')], NOW);
    const eraseSeq = await pulledToHead(store, 'kiosk-a');
    // B was offline: it checked the visitor out and checked them in again, then pushes.
    const again = visit({ personKind: 'visitor', personId: guest.id, checkInAt: NOW - 60_000 });
    const late = [
      put('visits', { id: theVisit.id, spaceId: MONS, checkOutAt: NOW - 120_000 }, NOW, 'kiosk-b'),
      put('visits', { ...again, cardId: '0004340888' }, NOW - 60_000, 'kiosk-b'),
    ];
    const out = await applyPush(store, kioskB, late, NOW);
    expect(out).toEqual({ accepted: late.map((m) => m.mutationId), rejected: [] });
    expect(await tracesIn(db, ['0004340888', CARD])).toEqual([]);
    expect((await store.readRecord('visits', again.id))?.state).toEqual({ kind: 'erased' });
    // B pulls the erasure, but not yet the delete of the visit it pushed after it.
    await store.recordPull('kiosk-b', eraseSeq);
    expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 1 });
    await pulledToHead(store, 'kiosk-a', 'kiosk-b');
    expect(await compactErasures(store)).toEqual({ compacted: 1, waiting: 0 });
    expect(await tracesIn(db, [...GUEST_TRACES, theVisit.id, again.id])).toEqual([]);
  });

  it("compacts the retention purge's tombstone the same way, keeping the anonymous visit", async () => {
    const at = NOW + 31 * DAY_MS;
    expect(await purgeExpiredVisitors(store, at)).toEqual({ purged: 1, anonymisedVisits: 1 });
    expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 1 });
    await pulledToHead(store, 'kiosk-a', 'kiosk-b');
    expect(await compactErasures(store)).toEqual({ compacted: 1, waiting: 0 });
    expect(await tracesIn(db, GUEST_TRACES)).toEqual([]);
    const kept = await store.readRecord('visits', theVisit.id);
    expect(kept).toMatchObject({ personKey: null, state: { kind: 'visit' } });
    const page = await store.pull(0, 100, MONS);
    expect(page.changes.map((c) => [c.table, c.op, c.recordId])).toEqual([
      ['visits', 'put', theVisit.id],
    ]);
  });

  it("records each pull request's cursor as the kiosk's mark, 0 after a reset", async () => {
    const { hub, url } = await startTestHub(store, { purgeIntervalMs: 0, pullMarkDelayMs: 0 });
    try {
      const token = await enrolKiosk(store, url, MONS, 'kiosk-h');
      const pull = (cursor: number, hubEpoch = store.epoch) =>
        post(
          `${url}/v1/sync/pull`,
          { type: 'pull', protocolVersion: 1, cursor, limit: 500, hubEpoch },
          { token },
        );
      const mark = async () => (await store.findKiosk('kiosk-h'))?.pulledThrough;
      expect(await mark()).toBe(0);
      const { head } = await store.stats();
      const first = await pull(0);
      expect(first.body).toMatchObject({ cursor: head, reset: false });
      // The reply's cursor is not the kiosk's until it asks with it: it may never store it.
      expect(await mark()).toBe(0);
      expect((await pull(head)).status).toBe(200);
      expect(await mark()).toBe(head);
      expect((await pull(head, 'another-hub')).body).toMatchObject({ reset: true });
      expect(await mark()).toBe(0);
      await pull(head);
      expect((await pull(head + 50)).body).toMatchObject({ reset: true });
      expect(await mark()).toBe(0);
    } finally {
      await hub.close();
    }
  });

  it('compacts at once when no active kiosk could hold the person', async () => {
    await store.revokeKiosk('kiosk-a', NOW);
    await store.revokeKiosk('kiosk-b', NOW);
    await applyPush(store, admin, [erase('visitors', guest.id)], NOW);
    expect(await compactErasures(store)).toEqual({ compacted: 1, waiting: 0 });
    expect(await tracesIn(db, [...GUEST_TRACES, theVisit.id])).toEqual([]);
  });
});
