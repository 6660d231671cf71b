import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visitor } from '#shared/domain/types';
import { PROTOCOL_VERSION, type Change, type Mutation } from '#shared/sync/protocol';
import type { Hub } from '../server';
import type { HubStore } from '../store/store';
import { MONS, NOW, erase, put, visit } from '../test-support/factories';
import { enrolKiosk, post, startTestHub } from '../test-support/http';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { applyPush } from './push';

/** Two databases of kiosk A (the second after a wipe) and one of kiosk B. */
const ORIGIN_A = 'origin-a-0123456789';
const ORIGIN_A_WIPED = 'origin-a-wiped-98765';
const ORIGIN_B = 'origin-b-0123456789';

function guest(over: Partial<Visitor> = {}): Visitor {
  return {
    id: 'g1',
    firstName: 'Alex',
    lastName: 'Martin',
    preferredLang: 'fr',
    consentAt: NOW - 60_000,
    consentVersion: 'v1',
    retainUntil: NOW + 30 * 86_400_000,
    updatedAt: NOW - 60_000,
    ...over,
  };
}

describe.each(storeCases())('own writes skipped in pulls (rule 12) on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let hub: Hub;
  let url: string;
  const tokens = new Map<string, string>();

  const push = async (kioskId: string, batch: Mutation[], origin?: string) => {
    const reply = await post(
      `${url}/v1/sync/push`,
      {
        type: 'push',
        protocolVersion: PROTOCOL_VERSION,
        kioskId,
        ...(origin === undefined ? {} : { origin }),
        batch,
      },
      { token: tokens.get(kioskId) ?? '' },
    );
    expect(reply.body).toMatchObject({ rejected: [] });
  };
  const pull = async (kioskId: string, cursor: number, origin?: string, hubEpoch?: string) => {
    const reply = await post(
      `${url}/v1/sync/pull`,
      {
        type: 'pull',
        protocolVersion: PROTOCOL_VERSION,
        cursor,
        limit: 100,
        ...(origin === undefined ? {} : { origin }),
        ...(hubEpoch === undefined ? {} : { hubEpoch }),
      },
      { token: tokens.get(kioskId) ?? '' },
    );
    expect(reply.status).toBe(200);
    return reply.body as { changes: Change[]; cursor: number; hasMore: boolean; reset: boolean };
  };
  const ids = (changes: readonly Change[]) => changes.map((c) => `${c.table}/${c.recordId}`);

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    ({ hub, url } = await startTestHub(store, { clock: () => NOW, pullMarkDelayMs: 0 }));
    for (const k of ['kiosk-a', 'kiosk-b']) tokens.set(k, await enrolKiosk(store, url, MONS, k));
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
    await db.drop();
  });

  it("skips a kiosk database's check-ins, check-outs and creations, and still moves its cursor", async () => {
    const v = visit({ id: 'v1' });
    await push('kiosk-a', [put('visits', v), put('visitors', guest())], ORIGIN_A);
    await push(
      'kiosk-a',
      [put('visits', { ...v, checkOutAt: NOW, checkOutMethod: 'host' })],
      ORIGIN_A,
    );
    const head = (await store.stats()).head;
    // The database that wrote them gets nothing, and its cursor reaches the head.
    expect(await pull('kiosk-a', 0, ORIGIN_A)).toMatchObject({ changes: [], cursor: head });
    // Everyone else gets them: kiosk B, a version-1 pull without origin, and kiosk A wiped.
    expect(ids((await pull('kiosk-b', 0, ORIGIN_B)).changes)).toEqual(['visitors/g1', 'visits/v1']);
    expect(ids((await pull('kiosk-a', 0)).changes)).toEqual(['visitors/g1', 'visits/v1']);
    const wiped = await pull('kiosk-a', 0, ORIGIN_A_WIPED);
    expect(wiped.changes.find((c) => c.recordId === 'v1')?.record).toEqual({
      ...v,
      checkOutAt: NOW,
      checkOutMethod: 'host',
    });
    // The pull mark is the request's cursor, skipped entries included, as compaction needs.
    await pull('kiosk-a', head, ORIGIN_A);
    expect((await store.findKiosk('kiosk-a'))?.pulledThrough).toBe(head);
  });

  it('delivers to the writer every change whose record is not exactly what it pushed', async () => {
    const v = visit({ id: 'v1' });
    // A self-service check-out loses to a host's already recorded one (rule 3).
    await push('kiosk-b', [put('visits', v, NOW - 5000, 'kiosk-b')], ORIGIN_B);
    await push(
      'kiosk-b',
      [
        put(
          'visits',
          { ...v, checkOutAt: NOW - 100, checkOutMethod: 'host' },
          NOW - 4000,
          'kiosk-b',
        ),
      ],
      ORIGIN_B,
    );
    const cursor = (await store.stats()).head;
    await push(
      'kiosk-a',
      [put('visits', { ...v, checkOutAt: NOW, checkOutMethod: 'wedge' })],
      ORIGIN_A,
    );
    // An edit of a profile the kiosk did not create, even one naming every field of it.
    await push('kiosk-b', [put('visitors', guest(), NOW - 3000, 'kiosk-b')], ORIGIN_B);
    await push('kiosk-a', [put('visitors', guest({ firstName: 'Sam' }))], ORIGIN_A);
    // A replayed mutation is re-announced (rule 11), and an erasure is an erasure.
    const replay = put('visits', visit({ id: 'v2' }));
    await push('kiosk-a', [replay], ORIGIN_A);
    await push('kiosk-a', [replay], ORIGIN_A);
    await push('kiosk-a', [erase('visitors', 'g2', NOW - 1000, 'kiosk-a')], ORIGIN_A);
    const page = await pull('kiosk-a', cursor, ORIGIN_A);
    expect(ids(page.changes)).toEqual(['visits/v1', 'visitors/g1', 'visits/v2', 'visitors/g2']);
    expect(page.changes[0]?.record).toMatchObject({ checkOutMethod: 'host' });
  });

  it("delivers another writer's later change to a record the kiosk created", async () => {
    const v = visit({ id: 'v1' });
    await push('kiosk-a', [put('visits', v)], ORIGIN_A);
    const checkedOut = { ...v, checkOutAt: NOW, checkOutMethod: 'host' as const };
    await push('kiosk-b', [put('visits', checkedOut, NOW - 500, 'kiosk-b')], ORIGIN_B);
    const page = await pull('kiosk-a', 0, ORIGIN_A);
    expect(page.changes.map((c) => c.record)).toEqual([checkedOut]);
    expect((await pull('kiosk-b', 0, ORIGIN_B)).changes).toEqual([]);
  });

  it('never filters a reset page, and never tags an admin write', async () => {
    await push('kiosk-a', [put('visits', visit({ id: 'v1' }))], ORIGIN_A);
    await applyPush(
      store,
      { kind: 'admin' },
      [put('visits', visit({ id: 'v2' }), NOW, 'hub')],
      NOW,
      ORIGIN_A,
    );
    const reset = await pull('kiosk-a', 0, ORIGIN_A, 'a-restored-hub');
    expect(reset.reset).toBe(true);
    expect(ids(reset.changes)).toEqual(['visits/v1', 'visits/v2']);
    expect(ids((await pull('kiosk-a', 0, ORIGIN_A)).changes)).toEqual(['visits/v2']);
  });
});
