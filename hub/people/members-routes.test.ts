import { describe, expect, it } from 'vitest';
import { LILLE, MONS, NOW } from '../test-support/factories';
import { hubPut } from '../test-support/hub-writes';
import { storeCases } from '../test-support/stores';
import {
  LILLE_MEMBER,
  MONS_MANAGER,
  MONS_MEMBER,
  NETWORK,
  cardMember,
  usePeopleFixture,
} from './testing/people-fixture';

/** Issue 12, point 5: members searched, read, edited, deactivated, their cards changed. */

interface Page {
  members: { id: string; displayName: string; cardIds: string[]; isActive: boolean }[];
  next: string | null;
}

describe.each(storeCases())('the console members routes on $name', (storeCase) => {
  const f = usePeopleFixture(storeCase);

  it('finds members by name as the kiosk does, by card in any form, and pages', async () => {
    const net = await f.client(NETWORK);
    const ids = async (q: string) =>
      ((await net.request('GET', `/members?q=${encodeURIComponent(q)}`)).json as Page).members.map(
        (m) => m.id,
      );
    expect(await ids('vanthof')).toEqual(['m-mons']);
    expect(await ids("van 't")).toEqual(['m-mons']);
    expect(await ids('Dubios')).toEqual(['m-lille']); // one swap away
    expect(await ids('0009357203')).toEqual(['m-mons']); // 14008EC793's 10-digit number
    expect(await ids('066,15623')).toEqual(['m-lille']); // 0004340999's Wiegand-26 view
    expect(await ids('nobody')).toEqual([]);
    await hubPut(
      f.store,
      'members',
      Array.from({ length: 5 }, (_, i) =>
        cardMember({ id: `m-${i}`, displayName: `Membre ${i}`, homeSpaceId: MONS }),
      ),
      NOW,
    );
    const first = (await net.request('GET', '/members?limit=3')).json as Page;
    expect(first.members).toHaveLength(3);
    const second = (await net.request('GET', `/members?limit=3&cursor=${first.next}`)).json as Page;
    const third = (await net.request('GET', `/members?limit=3&cursor=${second.next}`)).json as Page;
    expect(third.next).toBeNull();
    const all = [...first.members, ...second.members, ...third.members].map((m) => m.id);
    expect(new Set(all).size).toBe(7);
    expect(first.members[0]).not.toHaveProperty('cardKeys');
  });

  it('shows a space manager their space only and refuses another space with 403', async () => {
    const mons = await f.client(MONS_MANAGER);
    const list = (await mons.request('GET', '/members')).json as Page;
    expect(list.members.map((m) => m.id)).toEqual(['m-mons']);
    expect((await mons.request('GET', `/members?space=${LILLE}`)).status).toBe(403);
    expect((await mons.request('GET', '/members/m-lille')).status).toBe(403);
    expect((await mons.request('PATCH', '/members/m-lille', { displayName: 'X' })).status).toBe(
      403,
    );
    expect((await mons.request('POST', '/members/m-lille/deactivate')).status).toBe(403);
    const card = { card: '04A1B2C3' };
    expect((await mons.request('POST', '/members/m-lille/cards', card)).status).toBe(403);
    const remove = { card: '0004340999' };
    expect((await mons.request('POST', '/members/m-lille/cards/remove', remove)).status).toBe(403);
    // Nor may they move their own member to another space.
    const move = await mons.request('PATCH', '/members/m-mons', { homeSpaceId: LILLE });
    expect(move.status).toBe(403);
    expect(await mons.ownAuditEntries()).toEqual([]);
    expect((await mons.request('GET', '/members/m-mons')).status).toBe(200);
  });

  it('edits and deactivates a member through the merge, audited without their data', async () => {
    const net = await f.client(NETWORK);
    const edit = await net.request('PATCH', '/members/m-mons', {
      displayName: '  Anneke Van t Hof ',
      preferredLang: 'nl',
      homeSpaceId: LILLE,
    });
    expect(edit.status).toBe(200);
    expect(edit.json).toMatchObject({
      member: {
        id: 'm-mons',
        displayName: 'Anneke Van t Hof',
        preferredLang: 'nl',
        homeSpaceId: LILLE,
      },
    });
    const row = await f.store.readRecord('members', 'm-mons');
    expect(row?.ownerSpace).toBe(LILLE);
    const cleared = await net.request('PATCH', '/members/m-mons', { preferredLang: null });
    expect(cleared.json).not.toHaveProperty('member.preferredLang');
    const off = await net.request('POST', '/members/m-mons/deactivate');
    expect(off.json).toMatchObject({ member: { isActive: false } });
    expect(await net.ownAuditEntries()).toEqual([
      {
        actor: 'op-network',
        action: 'member.update',
        target: 'member:m-mons',
        after: { fields: ['displayName', 'homeSpaceId', 'preferredLang'] },
      },
      {
        actor: 'op-network',
        action: 'member.update',
        target: 'member:m-mons',
        after: { fields: ['preferredLang'] },
      },
      {
        actor: 'op-network',
        action: 'member.deactivate',
        target: 'member:m-mons',
        after: { fields: ['isActive'] },
      },
    ]);
    expect(JSON.stringify(await net.ownAuditEntries())).not.toContain('Anneke');
  });

  it("adds a card in any form, normalised, refuses another member's card naming them, removes", async () => {
    const net = await f.client(NETWORK);
    const added = await net.request('POST', '/members/m-mons/cards', { card: '04:a1:b2:c3' });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ member: { cardIds: ['14008EC793', '04A1B2C3'] } });
    // Lille's card, typed as its Wiegand-26 view: one card per member across the network.
    const clash = await net.request('POST', '/members/m-mons/cards', { card: '066,15623' });
    expect(clash.status).toBe(409);
    expect(clash.json).toMatchObject({
      code: 'card-clash',
      message: expect.stringContaining('m-lille') as string,
    });
    const again = await net.request('POST', '/members/m-mons/cards', { card: '04A1B2C3' });
    expect(again).toMatchObject({ status: 400, json: { code: 'card-held' } });
    const removed = await net.request('POST', '/members/m-mons/cards/remove', {
      card: '0009357203',
    });
    expect(removed.json).toMatchObject({ member: { cardIds: ['04A1B2C3'] } });
    // The freed card may now go to someone else.
    const given = await net.request('POST', '/members/m-lille/cards', { card: '14008EC793' });
    expect(given.status).toBe(200);
    expect(await f.store.cardHolders(['hex:14008EC793'])).toEqual(
      new Map([['hex:14008EC793', 'm-lille']]),
    );
    expect((await net.ownAuditEntries()).map((e) => e.action)).toEqual([
      'member.card-add',
      'member.card-remove',
      'member.card-add',
    ]);
    expect(JSON.stringify(await net.ownAuditEntries())).not.toMatch(/04A1B2C3|14008EC793/);
  });

  it('answers bad requests with 400 and a clear message, and unknown members with 404', async () => {
    const net = await f.client(NETWORK);
    const bad: [string, string, unknown][] = [
      ['GET', '/members?cursor=abc', undefined],
      ['GET', '/members?limit=0', undefined],
      ['GET', `/members?q=${'x'.repeat(201)}`, undefined],
      ['GET', '/members/a%20b', undefined],
      ['PATCH', '/members/m-mons', {}],
      ['PATCH', '/members/m-mons', { displayName: '' }],
      ['PATCH', '/members/m-mons', { isActive: 'yes' }],
      ['PATCH', '/members/m-mons', { preferredLang: 'de' }],
      ['PATCH', '/members/m-mons', { cardKeys: ['x'] }],
      ['PATCH', '/members/m-mons', [1, 2]],
      ['PATCH', '/members/m-mons', { homeSpaceId: 'nowhere' }],
      ['POST', '/members/m-mons/cards', { card: 'not a card' }],
      ['POST', '/members/m-mons/cards', { card: '' }],
      ['POST', '/members/m-mons/cards', {}],
      ['POST', '/members/m-mons/cards/remove', { card: '04A1B2C3' }],
    ];
    for (const [method, path, body] of bad) {
      const answer = await net.request(method as 'GET', path, body);
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', message: expect.any(String) as string });
    }
    // Not JSON at all: refused by the body parser, still with the hub's error body.
    const text = await fetch(`${net.url}/console/api/members/m-mons`, {
      method: 'PATCH',
      headers: { cookie: net.cookie, 'x-csrf-token': net.csrfToken, 'content-type': 'text/plain' },
      body: 'text',
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ type: 'error' });
    expect((await net.request('GET', '/members/m-nobody')).status).toBe(404);
    expect((await net.request('PATCH', '/members/m-nobody', { isActive: true })).status).toBe(404);
    expect(await net.ownAuditEntries()).toEqual([]);
    expect(LILLE_MEMBER.homeSpaceId).toBe(LILLE);
    expect(MONS_MEMBER.homeSpaceId).toBe(MONS);
  });
});
