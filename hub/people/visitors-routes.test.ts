import { beforeEach, describe, expect, it } from 'vitest';
import type { Visit } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import { applyPush, type Principal } from '../sync/push';
import { LILLE, MONS, NOW, put, visit } from '../test-support/factories';
import { storeCases } from '../test-support/stores';
import { MONS_MANAGER, NETWORK, aVisitor, usePeopleFixture } from './testing/people-fixture';

/** Issue 12, point 5 (docs/gdpr.md): find a visitor, export their data, erase them everywhere. */

const monsDesk: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const lilleDesk: Principal = { kind: 'kiosk', kioskId: 'kiosk-l', spaceId: LILLE };
const GUEST = aVisitor({ id: 'v-guest' });
/** Registered at Lille, came to Mons once: Mons's manager may answer their request too. */
const TRAVELLER = aVisitor({
  id: 'v-travel',
  firstName: 'Jules',
  lastName: 'Lefebvre',
  email: 'jules@example.fr',
});
/** Registered at Lille, never at Mons. */
const LOCAL = aVisitor({
  id: 'v-local',
  firstName: 'Griselda',
  lastName: 'Martin',
  email: 'gm@example.fr',
});

const guestVisit = (over: Partial<Visit>) =>
  visit({ personKind: 'visitor', personId: GUEST.id, method: 'host', ...over });

interface Found {
  visitors: { id: string }[];
}

describe.each(storeCases())('the console visitors routes on $name', (storeCase) => {
  const f = usePeopleFixture(storeCase);
  const open = guestVisit({ cardId: '0004340123' });
  const past = guestVisit({ checkInAt: NOW - 86_400_000, checkOutAt: NOW - 80_000_000 });
  beforeEach(async () => {
    const mons = await applyPush(
      f.store,
      monsDesk,
      [
        put('visitors', GUEST),
        put('visits', past),
        put('visits', open),
        put(
          'visits',
          visit({ personKind: 'visitor', personId: TRAVELLER.id, method: 'host', checkOutAt: NOW }),
        ),
      ],
      NOW,
    );
    const lille = await applyPush(
      f.store,
      lilleDesk,
      [
        put('visitors', TRAVELLER, NOW - 1000, 'kiosk-l'),
        put('visitors', LOCAL, NOW - 1000, 'kiosk-l'),
        put(
          'visits',
          visit({
            spaceId: LILLE,
            kioskId: 'kiosk-l',
            personKind: 'visitor',
            personId: LOCAL.id,
            method: 'host',
          }),
          NOW - 1000,
          'kiosk-l',
        ),
      ],
      NOW,
    );
    expect([...mons.rejected, ...lille.rejected]).toEqual([]);
  });

  it('finds visitors by name or e-mail; a space manager, those their space registered or received', async () => {
    const net = await f.client(NETWORK);
    const found = async (client: typeof net, q: string) =>
      (
        (await client.request('GET', `/visitors?q=${encodeURIComponent(q)}`)).json as Found
      ).visitors.map((v) => v.id);
    expect(await found(net, 'griselda')).toEqual(['v-guest', 'v-local']);
    expect(await found(net, 'vanderkerk')).toEqual(['v-guest']);
    expect(await found(net, 'jules@example')).toEqual(['v-travel']);
    const mons = await f.client(MONS_MANAGER);
    expect(await found(mons, 'griselda')).toEqual(['v-guest']);
    expect(await found(mons, 'lefebvre')).toEqual(['v-travel']);
    // Each search is audited with its count only: never the words searched, nor who was found.
    const search = (found: number) => ({
      actor: 'op-mons',
      action: 'visitor.search',
      target: 'visitors',
      after: { found, shown: found },
    });
    expect(await mons.ownAuditEntries()).toEqual([search(1), search(1)]);
    expect(JSON.stringify(await net.auditEntries())).not.toMatch(/griselda|lefebvre|jules|v-/i);
  });

  it('exports everything the hub holds on a visitor as JSON, audited by id only', async () => {
    const mons = await f.client(MONS_MANAGER);
    const answer = await mons.request('GET', `/visitors/${GUEST.id}/export`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe(
      'attachment; filename="visitor-v-guest.json"',
    );
    const data = answer.json as { visitor: unknown; visits: Visit[]; exportedAt: number };
    expect(data.visitor).toEqual(GUEST);
    expect(data.visits.map((v) => v.id).sort()).toEqual([open.id, past.id].sort());
    expect(data.exportedAt).toBe(NOW);
    expect((await mons.request('GET', `/visitors/${TRAVELLER.id}/export`)).status).toBe(200);
    expect(await mons.ownAuditEntries()).toEqual([
      { actor: 'op-mons', action: 'visitor.export', target: 'visitor:v-guest' },
      { actor: 'op-mons', action: 'visitor.export', target: 'visitor:v-travel' },
    ]);
  });

  it('erases as the kiosk does: the open visit stays on the roster, anonymous; the rest goes', async () => {
    const mons = await f.client(MONS_MANAGER);
    const erased = await mons.request('POST', `/visitors/${GUEST.id}/erase`);
    expect(erased).toMatchObject({ status: 200, json: { erased: GUEST.id } });
    expect((await f.store.readRecord('visitors', GUEST.id))?.state).toEqual({ kind: 'erased' });
    expect((await f.store.readRecord('visits', past.id))?.state).toEqual({ kind: 'erased' });
    const kept = await f.store.readRecord('visits', open.id);
    const line = kept ? (materialize('visits', kept.state) as Visit) : undefined;
    expect(line).toMatchObject({
      id: open.id,
      personId: ANONYMOUS_PERSON_ID,
      checkInAt: open.checkInAt,
    });
    expect(line?.cardId).toBeUndefined();
    const { changes } = await f.store.pull(0, 100, MONS);
    expect(changes.filter((c) => c.recordId === GUEST.id).map((c) => c.op)).toEqual(['erase']);
    expect((await mons.request('GET', `/visitors/${GUEST.id}/export`)).status).toBe(404);
    expect((await mons.request('POST', `/visitors/${GUEST.id}/erase`)).status).toBe(404);
    expect(await mons.ownAuditEntries()).toEqual([
      { actor: 'op-mons', action: 'visitor.erase', target: 'visitor:v-guest' },
    ]);
  });

  it('refuses a space manager a visitor who never came to their space, with 403', async () => {
    const mons = await f.client(MONS_MANAGER);
    expect((await mons.request('GET', `/visitors/${LOCAL.id}/export`)).status).toBe(403);
    expect((await mons.request('POST', `/visitors/${LOCAL.id}/erase`)).status).toBe(403);
    expect(await f.store.liveRecordIds('visitors')).toContain(LOCAL.id);
    expect(await mons.ownAuditEntries()).toEqual([]);
  });

  it('answers a short or bad query and a bad id with 400', async () => {
    const net = await f.client(NETWORK);
    for (const path of [
      '/visitors',
      '/visitors?q=gr',
      `/visitors?q=${'a'.repeat(201)}`,
      '/visitors?q=abc&x=1',
      '/visitors/a%2Fb/export',
    ]) {
      const answer = await net.request('GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', code: 'malformed' });
    }
    expect((await net.request('POST', '/visitors/v-nobody/erase')).status).toBe(404);
    expect(await net.ownAuditEntries()).toEqual([]);
  });
});
