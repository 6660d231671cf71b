import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addKiosk } from '../admin/admin';
import { hashEnrolmentCode, hashToken, newKioskToken } from '../auth/credentials';
import type { OperatorPrincipal } from '../console-api/contract';
import { consoleClient, type ConsoleClient } from '../console-api/testing/console-client';
import type { HubStore } from '../store/store';
import { LILLE, MONS, NOW, space } from '../test-support/factories';
import { heartbeatBody, heartbeatRow } from '../test-support/heartbeats';
import { hubPut } from '../test-support/hub-writes';
import { useStoreFixture } from '../test-support/store-fixture';
import { storeCases } from '../test-support/stores';
import { fleetRoutes, type KioskView } from './routes';

const MIN = 60_000;
const NETWORK: OperatorPrincipal = {
  operatorId: 'op-net',
  email: 'net@example.org',
  role: 'network',
  spaceId: null,
};
const MONS_MANAGER: OperatorPrincipal = {
  operatorId: 'op-mons',
  email: 'mons@example.org',
  role: 'space',
  spaceId: MONS,
};

/** Enrols `kioskId` for `spaceId` straight in the store, as a redeemed code leaves it. */
async function enrolled(store: HubStore, spaceId: string, kioskId: string): Promise<void> {
  const { code } = await addKiosk(store, spaceId, NOW - 60 * MIN);
  await store.redeemEnrolment(
    hashEnrolmentCode(code),
    kioskId,
    hashToken(newKioskToken(kioskId)),
    NOW - 60 * MIN,
  );
}

describe.each(storeCases())('the fleet console routes on $name', (storeCase) => {
  const f = useStoreFixture(storeCase);
  const clients: ConsoleClient[] = [];
  const as = async (operator: OperatorPrincipal): Promise<ConsoleClient> => {
    const client = await consoleClient({
      store: f.store,
      routes: [fleetRoutes],
      operator,
      clock: () => NOW,
    });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    const { store } = f;
    await hubPut(
      store,
      'spaces',
      [space(), space({ id: LILLE, city: 'Lille', country: 'FR', timezone: 'Europe/Paris' })],
      NOW - 3600_000,
    );
    await enrolled(store, MONS, 'mons-1');
    await enrolled(store, MONS, 'mons-2');
    await enrolled(store, LILLE, 'lille-1');
    await store.fleet.recordHeartbeat(heartbeatRow('mons-1', NOW - 5 * MIN), 0);
    await store.fleet.recordHeartbeat(heartbeatRow('mons-1', NOW - MIN), 0);
    await store.fleet.recordHeartbeat(
      heartbeatRow('lille-1', NOW - 40 * MIN, {
        heartbeat: heartbeatBody({ sentAt: NOW - 40 * MIN }),
      }),
      0,
    );
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });

  it('lists every kiosk with its state and reasons for a network operator', async () => {
    const net = await as(NETWORK);
    const reply = await net.request('GET', '/kiosks');
    expect(reply.status).toBe(200);
    const kiosks = (reply.json as { kiosks: KioskView[] }).kiosks;
    expect(kiosks.map((k) => [k.kioskId, k.state, k.reasons.map((r) => r.key)])).toEqual([
      ['lille-1', 'down', ['fleet.reason.silent']],
      ['mons-1', 'ok', []],
      ['mons-2', 'never-seen', ['fleet.reason.never-seen']],
    ]);
    expect(kiosks[0]?.reasons[0]?.values).toEqual({ since: NOW - 40 * MIN });
    expect(kiosks[1]?.latest).toMatchObject({ receivedAt: NOW - MIN, appVersion: '1.4.0' });
  });

  it("shows a space manager their space's kiosks only, and a kiosk's recent history", async () => {
    const mons = await as(MONS_MANAGER);
    const list = await mons.request('GET', '/kiosks');
    expect((list.json as { kiosks: KioskView[] }).kiosks.map((k) => k.kioskId)).toEqual([
      'mons-1',
      'mons-2',
    ]);
    const one = await mons.request('GET', '/kiosks/mons-1?hours=1');
    expect(one.status).toBe(200);
    const body = one.json as { kiosk: KioskView; history: { receivedAt: number }[] };
    expect(body.kiosk.state).toBe('ok');
    expect(body.history.map((h) => h.receivedAt)).toEqual([NOW - MIN, NOW - 5 * MIN]);
    expect((await mons.request('GET', '/kiosks/nowhere-1')).status).toBe(404);
  });

  it('answers 403 to a space manager at every endpoint for another space', async () => {
    const { store } = f;
    const mons = await as(MONS_MANAGER);
    const refused = [
      await mons.request('GET', `/kiosks?space=${LILLE}`),
      await mons.request('GET', '/kiosks/lille-1'),
      await mons.request('POST', '/kiosks/enrol', { spaceId: LILLE }),
      await mons.request('POST', '/kiosks/lille-1/revoke'),
    ];
    expect(refused.map((r) => [r.status, (r.json as { code: string }).code])).toEqual(
      Array.from({ length: 4 }, () => [403, 'forbidden']),
    );
    expect(await mons.ownAuditEntries()).toEqual([]);
    expect((await store.findKiosk('lille-1'))?.revokedAt).toBeNull();
  });

  it('enrols with a one-time code and revokes once, each with an audit entry', async () => {
    const { store } = f;
    const mons = await as(MONS_MANAGER);
    const enrol = await mons.request('POST', '/kiosks/enrol', { spaceId: MONS });
    expect(enrol.status).toBe(201);
    const { code, expiresAt } = enrol.json as { code: string; expiresAt: number };
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(expiresAt).toBe(NOW + 7 * 24 * 3600_000);
    const redeemed = await store.redeemEnrolment(hashEnrolmentCode(code), 'mons-3', 'h', NOW);
    expect(redeemed).toEqual({ ok: true, spaceId: MONS });

    const revoke = await mons.request('POST', '/kiosks/mons-1/revoke');
    expect(revoke.status).toBe(200);
    expect((revoke.json as { kiosk: KioskView }).kiosk).toMatchObject({
      state: 'revoked',
      revokedAt: NOW,
    });
    expect((await mons.request('POST', '/kiosks/mons-1/revoke')).status).toBe(200);
    expect(await mons.ownAuditEntries()).toEqual([
      { actor: 'op-mons', action: 'kiosk.enrol', target: `space:${MONS}`, after: { expiresAt } },
      {
        actor: 'op-mons',
        action: 'kiosk.revoke',
        target: 'kiosk:mons-1',
        before: { revokedAt: null },
        after: { revokedAt: NOW },
      },
    ]);
    expect(JSON.stringify(await mons.ownAuditEntries())).not.toContain(code);
  });

  it('refuses bad input with 400 naming the field, and unknown spaces with 404', async () => {
    const net = await as(NETWORK);
    const bad = [
      await net.request('POST', '/kiosks/enrol', {}),
      await net.request('POST', '/kiosks/enrol', { spaceId: 'x'.repeat(500) }),
      await net.request('POST', '/kiosks/enrol', [MONS]),
      await net.request('POST', '/kiosks/enrol', { spaceId: MONS, extra: 1 }),
      await net.request('GET', '/kiosks/mons-1?hours=9999'),
      await net.request('GET', '/kiosks/NOT%20AN%20ID'),
      await net.request('GET', '/kiosks?spaces=all'),
    ];
    expect(bad.map((r) => [r.status, (r.json as { code: string }).code])).toEqual(
      Array.from({ length: bad.length }, () => [400, 'malformed']),
    );
    const unknown = await net.request('POST', '/kiosks/enrol', { spaceId: 'nowhere' });
    expect([unknown.status, (unknown.json as { code: string }).code]).toEqual([404, 'not-found']);
    expect(await net.ownAuditEntries()).toEqual([]);
  });

  it('never answers 5xx, whatever the body, path or query', async () => {
    const net = await as(NETWORK);
    const request = fc.record({
      method: fc.constantFrom('GET' as const, 'POST' as const),
      path: fc.oneof(
        fc.constantFrom('/kiosks', '/kiosks/enrol', '/kiosks/mons-1', '/kiosks/mons-2/revoke'),
        fc.string({ maxLength: 40 }).map((s) => `/kiosks/${encodeURIComponent(s)}`),
        fc.string({ maxLength: 40 }).map((s) => `/kiosks?${encodeURIComponent(s)}=${s.length}`),
      ),
      body: fc.oneof(fc.jsonValue(), fc.record({ spaceId: fc.jsonValue() })),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const reply = await net.request(r.method, r.path, r.method === 'POST' ? r.body : undefined);
        expect(reply.status, `${r.method} ${r.path}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
