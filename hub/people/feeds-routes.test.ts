import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../test-support/feed-server';
import { LILLE, MONS } from '../test-support/factories';
import { icsFeed } from '../test-support/ics';
import { storeCases } from '../test-support/stores';
import { MONS_MANAGER, NETWORK, usePeopleFixture } from './testing/people-fixture';

/** Issue 12, point 5: a space's feeds listed, added, imported now and removed. */

const FEED = icsFeed([
  { uid: 'apero@t', start: '20250314T180000', end: '20250314T200000', summary: 'Apéro' },
  { uid: 'atelier@t', start: '20250321T180000', end: '20250321T200000', summary: 'Atelier' },
]);

interface FeedList {
  feeds: { id: string; spaceId: string; url: string | null; lastOkAt: number | null }[];
}

describe.each(storeCases())('the console feeds routes on $name', (storeCase) => {
  const f = usePeopleFixture(storeCase);
  let server: FeedServer;
  beforeEach(async () => {
    server = await startFeedServer();
    server.route('/mons.ics', { body: FEED });
  });
  afterEach(() => server.close());

  it('adds a feed, imports it now, lists it and removes it with its events', async () => {
    const mons = await f.client(MONS_MANAGER);
    const added = await mons.request('POST', '/feeds', {
      spaceId: MONS,
      url: `${server.url}/mons.ics`,
      lang: 'fr',
    });
    expect(added.status).toBe(201);
    const { feed } = added.json as { feed: { id: string } };
    const imported = await mons.request('POST', `/feeds/${feed.id}/import`);
    expect(imported.json).toEqual({
      ok: true,
      imported: 2,
      changed: 0,
      removed: 0,
      unchanged: 0,
      skipped: 0,
    });
    expect(await f.store.liveRecordIds('events')).toHaveLength(2);
    const list = (await mons.request('GET', '/feeds')).json as FeedList;
    expect(list.feeds).toEqual([
      expect.objectContaining({
        id: feed.id,
        spaceId: MONS,
        lastOkAt: expect.any(Number) as number,
      }),
    ]);
    expect(list.feeds[0]).not.toHaveProperty('body');
    server.route('/mons.ics', { status: 404 });
    const failed = await mons.request('POST', `/feeds/${feed.id}/import`);
    expect(failed).toMatchObject({
      status: 200,
      json: { ok: false, message: expect.stringContaining('404') as string },
    });
    const removed = await mons.request('DELETE', `/feeds/${feed.id}`);
    expect(removed.json).toEqual({ removed: 2 });
    expect(await f.store.liveRecordIds('events')).toEqual([]);
    expect((await mons.ownAuditEntries()).map((e) => [e.action, e.target])).toEqual([
      ['feed.add', `feed:${feed.id}`],
      ['feed.import', `feed:${feed.id}`],
      ['feed.import', `feed:${feed.id}`],
      ['feed.remove', `feed:${feed.id}`],
    ]);
  });

  it("refuses a space manager another space's feeds with 403", async () => {
    const net = await f.client(NETWORK);
    const lille = await net.request('POST', '/feeds', {
      spaceId: LILLE,
      url: `${server.url}/mons.ics`,
    });
    const { feed } = lille.json as { feed: { id: string } };
    const mons = await f.client(MONS_MANAGER);
    expect((await mons.request('GET', `/feeds?space=${LILLE}`)).status).toBe(403);
    expect(((await mons.request('GET', '/feeds')).json as FeedList).feeds).toEqual([]);
    expect(
      (await mons.request('POST', '/feeds', { spaceId: LILLE, url: 'https://example.org/a.ics' }))
        .status,
    ).toBe(403);
    expect((await mons.request('POST', `/feeds/${feed.id}/import`)).status).toBe(403);
    expect((await mons.request('DELETE', `/feeds/${feed.id}`)).status).toBe(403);
    expect(await mons.ownAuditEntries()).toEqual([]);
    expect(((await net.request('GET', '/feeds')).json as FeedList).feeds).toHaveLength(1);
  });

  it('answers bad bodies with 400 and unknown feeds with 404', async () => {
    const net = await f.client(NETWORK);
    for (const body of [
      {},
      { spaceId: MONS },
      { spaceId: MONS, url: 'ftp://example.org/a.ics' },
      { spaceId: MONS, url: 'not a url' },
      { spaceId: MONS, url: `https://example.org/${'a'.repeat(2100)}` },
      { spaceId: MONS, url: 'https://example.org/a.ics', lang: 'de' },
      { spaceId: 'nowhere', url: 'https://example.org/a.ics' },
    ]) {
      const answer = await net.request('POST', '/feeds', body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', message: expect.any(String) as string });
    }
    expect((await net.request('GET', '/feeds?space=a%20b')).status).toBe(400);
    expect((await net.request('DELETE', '/feeds/feed-00000000')).status).toBe(404);
    expect((await net.request('POST', '/feeds/feed-00000000/import')).status).toBe(404);
    expect(await net.ownAuditEntries()).toEqual([]);
  });
});
