import { describe, expect, it } from 'vitest';
import { LILLE, MONS } from '../test-support/factories';
import { storeCases } from '../test-support/stores';
import { isTimeZone } from './spaces-routes';
import { MONS_MANAGER, NETWORK, usePeopleFixture } from './testing/people-fixture';

/** Issue 12, point 5: spaces listed, their settings changed, a space added. */

const HOURS = { mon: [{ from: '08:30', to: '18:00' }], sat: [] };

describe.each(storeCases())('the console spaces routes on $name', (storeCase) => {
  const f = usePeopleFixture(storeCase);

  it('lists every space for a network operator and their own for a space manager', async () => {
    const net = await f.client(NETWORK);
    const all = await net.request('GET', '/spaces');
    expect(all.json).toEqual({
      spaces: [
        {
          id: MONS,
          name: 'Co-nnexion',
          city: 'Mons',
          country: 'BE',
          timezone: 'Europe/Brussels',
          languages: ['fr', 'nl', 'en'],
          retentionDays: null,
          closingTime: null,
          openingHours: null,
        },
        expect.objectContaining({ id: LILLE, country: 'FR' }),
      ],
    });
    const mons = await f.client(MONS_MANAGER);
    const own = (await mons.request('GET', '/spaces')).json as { spaces: { id: string }[] };
    expect(own.spaces.map((s) => s.id)).toEqual([MONS]);
  });

  it("changes a space's settings, audited with before and after, and clears them with null", async () => {
    const mons = await f.client(MONS_MANAGER);
    const patch = {
      timezone: 'Europe/Paris',
      languages: ['fr', 'nl'],
      retentionDays: 90,
      closingTime: '19:30',
      openingHours: HOURS,
    };
    const done = await mons.request('PATCH', `/spaces/${MONS}`, patch);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ space: { id: MONS, name: 'Co-nnexion', ...patch } });
    const cleared = await mons.request('PATCH', `/spaces/${MONS}`, {
      closingTime: null,
      retentionDays: null,
    });
    expect(cleared.json).toMatchObject({
      space: { closingTime: null, retentionDays: null, openingHours: HOURS },
    });
    expect(await mons.ownAuditEntries()).toEqual([
      {
        actor: 'op-mons',
        action: 'space.update',
        target: `space:${MONS}`,
        before: {
          timezone: 'Europe/Brussels',
          languages: ['fr', 'nl', 'en'],
          retentionDays: null,
          closingTime: null,
          openingHours: null,
        },
        after: patch,
      },
      {
        actor: 'op-mons',
        action: 'space.update',
        target: `space:${MONS}`,
        before: { closingTime: '19:30', retentionDays: 90 },
        after: { closingTime: null, retentionDays: null },
      },
    ]);
  });

  it('lets a network operator add a space, and nobody else', async () => {
    const space = {
      id: 'coworking-namur',
      name: 'Namur Hub',
      city: 'Namur',
      country: 'BE',
      timezone: 'Europe/Brussels',
      languages: ['fr'],
    };
    const mons = await f.client(MONS_MANAGER);
    expect((await mons.request('POST', '/spaces', space)).status).toBe(403);
    const net = await f.client(NETWORK);
    const added = await net.request('POST', '/spaces', space);
    expect(added).toMatchObject({ status: 201, json: { space: { ...space, closingTime: null } } });
    expect(await f.store.liveRecordIds('spaces')).toContain('coworking-namur');
    expect((await net.request('POST', '/spaces', space)).status).toBe(409);
    expect(await net.ownAuditEntries()).toEqual([
      { actor: 'op-network', action: 'space.add', target: 'space:coworking-namur', after: space },
    ]);
  });

  it('refuses another space with 403 and bad settings with 400', async () => {
    const mons = await f.client(MONS_MANAGER);
    expect((await mons.request('PATCH', `/spaces/${LILLE}`, { retentionDays: 60 })).status).toBe(
      403,
    );
    const net = await f.client(NETWORK);
    for (const body of [
      {},
      { timezone: 'Europe/Nowhere' },
      { timezone: '+01:00' },
      { languages: [] },
      { languages: ['de'] },
      { retentionDays: 0 },
      { retentionDays: 1.5 },
      { closingTime: '25:00' },
      { openingHours: { mon: [{ from: '18:00', to: '08:00' }] } },
      { openingHours: { someday: [] } },
      { name: 'renamed' },
      [],
    ]) {
      const answer = await net.request('PATCH', `/spaces/${MONS}`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', code: 'malformed' });
    }
    expect((await net.request('PATCH', '/spaces/nowhere', { retentionDays: 60 })).status).toBe(404);
    expect((await net.request('POST', '/spaces', { id: 'x' })).status).toBe(400);
    expect([...(await mons.ownAuditEntries()), ...(await net.ownAuditEntries())]).toEqual([]);
  });

  it('knows IANA zones and nothing else', () => {
    expect(['Europe/Brussels', 'America/Argentina/Buenos_Aires', 'UTC'].every(isTimeZone)).toBe(
      true,
    );
    expect(['Mars/Olympus', '+01:00', '', 'Europe/../etc'].some(isTimeZone)).toBe(false);
  });
});
