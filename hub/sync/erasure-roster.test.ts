import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visit } from '#shared/domain/types';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import type { HubStore } from '../store/store';
import { dumpHubTables } from '../test-support/dump-tables';
import { MONS, NOW, erase, member, put, visit } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { applyPush, type Principal } from './push';

/**
 * Decision 0019: an erasure keeps the person's visit that is still open, anonymised, so the
 * evacuation roster of every kiosk of the space still counts whoever is in the building; late
 * pushes about that visit join it anonymously; closed visits still go, announced by deletes.
 */

const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const kioskB: Principal = { kind: 'kiosk', kioskId: 'kiosk-b', spaceId: MONS };
const CARD = '0004340999';
const GUEST = 'visitor-3f6a';

function guestVisit(over: Partial<Visit> = {}): Visit {
  return visit({ personKind: 'visitor', personId: GUEST, method: 'host', ...over });
}

const guestRecord = {
  id: GUEST,
  firstName: 'Griselda',
  lastName: 'Vanderkerckhove',
  preferredLang: 'fr',
  consentAt: NOW - 7200_000,
  consentVersion: 'v1',
  retainUntil: NOW + 30 * 86_400_000,
  updatedAt: NOW - 7200_000,
};

async function hubText(db: TestDatabase): Promise<string> {
  return JSON.stringify(await dumpHubTables(db.url));
}

describe.each(storeCases())('erasure of someone in the building on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  const open = guestVisit({ cardId: CARD });
  const past = guestVisit({ checkInAt: NOW - 86_400_000, checkOutAt: NOW - 80_000_000 });

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    const out = await applyPush(
      store,
      kioskA,
      [put('visitors', guestRecord), put('visits', past), put('visits', open)],
      NOW,
    );
    expect(out.rejected).toEqual([]);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('keeps the open visit anonymised, before the erasure in the log; the past one goes', async () => {
    await applyPush(store, kioskA, [erase('visitors', GUEST, NOW - 1000, 'kiosk-a')], NOW);
    const kept = await store.readRecord('visits', open.id);
    expect(kept).toMatchObject({ personKey: null, state: { kind: 'visit' } });
    expect((await store.readRecord('visits', past.id))?.state).toEqual({ kind: 'erased' });
    const { changes } = await store.pull(0, 100, MONS);
    expect(changes.map((c) => [c.table, c.op, c.recordId])).toEqual([
      ['visits', 'put', open.id],
      ['visits', 'delete', past.id],
      ['visitors', 'erase', GUEST],
    ]);
    const line = changes[0]?.record as Visit | undefined;
    expect(line).toMatchObject({
      id: open.id,
      personKind: 'visitor',
      personId: ANONYMOUS_PERSON_ID,
      checkInAt: open.checkInAt,
    });
    expect(line?.cardId).toBeUndefined();
    expect(line?.checkOutAt).toBeUndefined();
    // Nothing names the person but their tombstone and the past visit's (until compaction).
    const text = await hubText(db);
    for (const trace of ['Griselda', 'Vanderkerckhove', CARD]) expect(text).not.toContain(trace);
  });

  it("joins another kiosk's late check-out naming the person, and it stays anonymous", async () => {
    await applyPush(store, kioskA, [erase('visitors', GUEST, NOW - 1000, 'kiosk-a')], NOW);
    const late = put(
      'visits',
      { ...open, checkOutAt: NOW + 60_000, checkOutMethod: 'host' as const },
      NOW + 60_000,
      'kiosk-b',
    );
    expect(await applyPush(store, kioskB, [late], NOW + 60_000)).toEqual({
      accepted: [late.mutationId],
      rejected: [],
    });
    const { changes } = await store.pull(0, 100, MONS);
    const line = changes.find((c) => c.recordId === open.id)?.record as Visit | undefined;
    expect(line).toMatchObject({ personId: ANONYMOUS_PERSON_ID, checkOutAt: NOW + 60_000 });
    expect(line?.cardId).toBeUndefined();
    expect((await store.readRecord('visits', open.id))?.personKey).toBeNull();
    expect(await hubText(db)).not.toContain(CARD);
  });

  it('closes nothing it should not: a visit checked out before the erasure goes whole', async () => {
    const out = put(
      'visits',
      { ...open, checkOutAt: NOW - 500, checkOutMethod: 'wedge' as const },
      NOW - 500,
      'kiosk-b',
    );
    await applyPush(store, kioskB, [out], NOW);
    await applyPush(store, kioskA, [erase('visitors', GUEST, NOW - 1000, 'kiosk-a')], NOW);
    expect((await store.readRecord('visits', open.id))?.state).toEqual({ kind: 'erased' });
    const { changes } = await store.pull(0, 100, MONS);
    expect(changes.map((c) => [c.op, c.recordId])).toEqual(
      expect.arrayContaining([
        ['delete', open.id],
        ['erase', GUEST],
      ]),
    );
  });

  it("stores an erasing kiosk's anonymised check-in the hub never had, linked to nobody", async () => {
    const offline = visit({
      personKind: 'visitor',
      personId: ANONYMOUS_PERSON_ID,
      method: 'host',
      checkInAt: NOW - 600_000,
    });
    await applyPush(
      store,
      kioskA,
      [put('visits', offline), erase('visitors', GUEST, NOW - 1000, 'kiosk-a')],
      NOW,
    );
    expect(await store.readRecord('visits', offline.id)).toMatchObject({
      personKey: null,
      state: { kind: 'visit' },
    });
  });

  it('applies the same rule to an erased member who is in (an admin erasure)', async () => {
    const inNow = visit({ personId: 'm1' });
    await applyPush(store, kioskA, [put('members', member()), put('visits', inNow)], NOW);
    await applyPush(store, { kind: 'admin' }, [erase('members', 'm1')], NOW);
    expect(await store.readRecord('visits', inNow.id)).toMatchObject({ personKey: null });
    const { changes } = await store.pull(0, 100, MONS);
    const line = changes.find((c) => c.recordId === inNow.id);
    expect(line).toMatchObject({
      op: 'put',
      record: { personKind: 'member', personId: 'anonymous' },
    });
    expect(JSON.stringify(changes)).not.toContain('Camille');
  });
});
