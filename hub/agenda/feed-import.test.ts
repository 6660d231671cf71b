import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSpacesCsv } from '../admin/admin';
import type { FeedRow } from '../store/agenda-rows';
import { EventReplica } from '../test-support/event-replica';
import { LOCAL_FETCH_LIMITS, startFeedServer, type FeedServer } from '../test-support/feed-server';
import { useHubFixture } from '../test-support/hub-fixture';
import { icsFeed, type IcsEvent } from '../test-support/ics';
import { storeCases } from '../test-support/stores';
import { translateEvent } from './editor';
import { importFeed, type ImportDeps } from './feed-import';
import { addFeed, removeFeed, uploadFeed } from './feeds-admin';
import { feedWorkerPool } from './feed-worker-pool';
import { DEFAULT_FETCH_LIMITS } from './fetch-feed';
import { planFeed, workerFailed, type FeedPlanner } from './plan-feed';

const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const HOUR = 3_600_000;
const MONS = 'co-nnexion-mons';
const SPACES = `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`;

const WEEKLY: IcsEvent = {
  uid: 'weekly@t',
  start: '20260312T093000',
  end: '20260312T110000',
  rrule: 'FREQ=WEEKLY;COUNT=4',
  summary: 'Café des indépendants',
  lang: 'fr',
};
const V1 = icsFeed([
  { uid: 'moved@t', start: '20260310T180000', end: '20260310T200000', summary: 'Atelier' },
  { uid: 'gone@t', start: '20260311T180000', end: '20260311T200000', summary: 'Conférence' },
  WEEKLY,
]);
const V2 = icsFeed([
  { uid: 'moved@t', start: '20260317T190000', end: '20260317T210000', summary: 'Atelier' },
  WEEKLY,
  {
    ...WEEKLY,
    rrule: undefined,
    recurrenceId: '20260319T093000',
    start: '20260319T093000',
    end: '20260319T110000',
    status: 'CANCELLED',
  },
]);

/** Every case runs planned on this thread, and in the hub's feed worker. */
const pool = feedWorkerPool();
afterAll(() => pool.close());
const CASES = storeCases().flatMap((store) => [
  { ...store, planned: 'in place' },
  { ...store, planned: 'by the feed worker' },
]);

describe.each(CASES)('feed import on $name, planned $planned', (storeCase) => {
  const f = useHubFixture(storeCase);
  const planner = storeCase.planned === 'in place' ? {} : { planner: pool.plan };
  let server: FeedServer;
  let deps: ImportDeps;
  let current = { etag: '"v1"', body: V1 };
  const feedNow = async (id: string): Promise<FeedRow> => {
    const feed = await f.store.agenda.findFeed(id);
    if (!feed) throw new Error(`no feed ${id}`);
    return feed;
  };

  beforeEach(async () => {
    server = await startFeedServer();
    server.route('/agenda.ics', (req) =>
      req.headers['if-none-match'] === current.etag
        ? { status: 304 }
        : { body: current.body, headers: { etag: current.etag } },
    );
    deps = {
      store: f.store,
      log: f.log,
      limits: { ...LOCAL_FETCH_LIMITS, maxBytes: 10_000 },
      ...planner,
    };
    current = { etag: '"v1"', body: V1 };
    expect((await importSpacesCsv(f.store, SPACES, T0)).ok).toBe(true);
  });
  afterEach(async () => {
    await server.close();
  });

  it('imports a feed, takes 304 as nothing to do, then moves, cancels and removes on the kiosks', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    const added = await addFeed(f.store, MONS, `${server.url}/agenda.ics`, 'fr', T0);
    if (!added.ok) throw new Error(added.error.message);
    const id = added.value.id;

    const first = await importFeed(deps, await feedNow(id), T0);
    expect(first).toEqual({
      ok: true,
      value: {
        imported: 6,
        changed: 0,
        removed: 0,
        unchanged: 0,
        skipped: [],
        isNotModified: false,
      },
    });
    expect((await kiosk.pull()).length).toBe(6);
    expect(kiosk.list()[0]).toMatchObject({
      uid: 'moved@t',
      spaceId: MONS,
      startsAt: Date.UTC(2026, 2, 10, 17, 0),
      title: { fr: 'Atelier' },
      lang: 'fr',
      status: 'confirmed',
    });
    expect((await feedNow(id)).etag).toBe('"v1"');

    const second = await importFeed(deps, await feedNow(id), T0 + HOUR);
    expect(second.ok && second.value).toMatchObject({ isNotModified: true, unchanged: 6 });
    expect(server.requests.at(-1)?.ifNoneMatch).toBe('"v1"');
    expect(await kiosk.pull()).toEqual([]);

    current = { etag: '"v2"', body: V2 };
    const third = await importFeed(deps, await feedNow(id), T0 + 2 * HOUR);
    expect(third.ok && third.value).toMatchObject({
      imported: 0,
      changed: 2,
      removed: 1,
      unchanged: 3,
    });
    const changes = await kiosk.pull();
    expect(changes.map((c) => c.op).sort()).toEqual(['delete', 'put', 'put']);
    const events = kiosk.list();
    expect(events.map((e) => e.uid)).not.toContain('gone@t');
    expect(events.find((e) => e.uid === 'moved@t')?.startsAt).toBe(Date.UTC(2026, 2, 17, 18, 0));
    expect(
      events.filter((e) => e.uid === 'weekly@t').map((e) => [e.recurrenceId, e.status]),
    ).toEqual([
      ['2026-03-12T08:30:00Z', 'confirmed'],
      ['2026-03-19T08:30:00Z', 'cancelled'],
      ['2026-03-26T08:30:00Z', 'confirmed'],
      ['2026-04-02T07:30:00Z', 'confirmed'], // 09:30 local still: summer time since 29 March
    ]);
    expect((await feedNow(id)).lastOkAt).toBe(T0 + 2 * HOUR);
  });

  it('keeps the events imported before through a malformed feed and every failed fetch, with the reason', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    const added = await addFeed(f.store, MONS, `${server.url}/agenda.ics`, undefined, T0);
    if (!added.ok) throw new Error(added.error.message);
    const id = added.value.id;
    expect((await importFeed(deps, await feedNow(id), T0)).ok).toBe(true);
    await kiosk.pull();
    const before = await f.store.agenda.liveEvents();

    const failures: [string, () => void, string | RegExp][] = [
      [
        'feed-malformed',
        () => {
          current = { etag: '"bad"', body: V1.replace('SUMMARY:Conférence', 'SUMMARY Conférence') };
        },
        /^line \d+/,
      ],
      [
        'feed-http-status',
        () => {
          server.route('/agenda.ics', { status: 404 });
        },
        /HTTP 404/,
      ],
      [
        'feed-timeout',
        () => {
          server.route('/agenda.ics', { hang: true });
        },
        /within 0.3 s/,
      ],
      [
        'feed-too-large',
        () => {
          server.route('/agenda.ics', { chunks: 50, chunkBytes: 1000 });
        },
        'The feed is larger than 10000 bytes.',
      ],
      [
        'feed-redirect-loop',
        () => {
          server.route('/agenda.ics', { status: 302, headers: { location: '/elsewhere.ics' } });
          server.route('/elsewhere.ics', { status: 302, headers: { location: '/agenda.ics' } });
        },
        /^Redirect loop/,
      ],
    ];
    let at = T0;
    for (const [code, breakIt, reason] of failures) {
      breakIt();
      at += HOUR;
      // Short only where the server never answers; elsewhere the default, so load cannot time out.
      const timeoutMs = code === 'feed-timeout' ? 300 : DEFAULT_FETCH_LIMITS.timeoutMs;
      const limits = { ...LOCAL_FETCH_LIMITS, maxBytes: 10_000, timeoutMs };
      const result = await importFeed({ ...deps, limits }, await feedNow(id), at);
      expect(result.ok ? undefined : result.error.code, code).toBe(code);
      const feed = await feedNow(id);
      expect(feed.lastError, code).toMatch(reason);
      expect([feed.lastErrorAt, feed.lastOkAt], code).toEqual([at, T0]);
      expect(f.log.entries.at(-1), code).toMatchObject({
        level: 'warn',
        message: 'feed import failed',
        feedId: id,
        code,
      });
      expect(await f.store.agenda.liveEvents(), code).toEqual(before);
      expect(await kiosk.pull(), code).toEqual([]);
    }
  });

  it('keeps what a failed planning wrote and deletes nothing; the next import completes it', async () => {
    const added = await addFeed(f.store, MONS, `${server.url}/agenda.ics`, 'fr', T0);
    if (!added.ok) throw new Error(added.error.message);
    const id = added.value.id;
    expect((await importFeed(deps, await feedNow(id), T0)).ok).toBe(true);
    current = { etag: '"v2"', body: V2 };
    // A worker that hands on one batch of one series (the moved event's), then dies.
    const dying: FeedPlanner = async (job, overlaysOf, onBatch) => {
      await (deps.planner ?? planFeed)({ ...job, batchSize: 1 }, overlaysOf, (plan) => {
        if (plan.puts.some((p) => p.put.record['uid'] === 'moved@t')) onBatch(plan);
      });
      return workerFailed('the worker stopped (exit code 1).');
    };
    const failed = await importFeed({ ...deps, planner: dying }, await feedNow(id), T0 + HOUR);
    expect(failed).toEqual({
      ok: false,
      error: {
        code: 'feed-worker-failed',
        message: 'The feed could not be expanded: the worker stopped (exit code 1).',
      },
    });
    expect((await feedNow(id)).lastError).toMatch(/worker stopped/);
    const live = await f.store.agenda.liveEvents();
    expect(live.map((e) => e.uid)).toContain('gone@t');
    expect(live.find((e) => e.uid === 'moved@t')?.startsAt).toBe(Date.UTC(2026, 2, 17, 18, 0));
    expect(live.filter((e) => e.status === 'cancelled')).toEqual([]);

    const again = await importFeed(deps, await feedNow(id), T0 + 2 * HOUR);
    expect(again.ok && again.value).toMatchObject({ imported: 0, changed: 1, removed: 1 });
    expect((await f.store.agenda.liveEvents()).map((e) => e.uid)).not.toContain('gone@t');
  });

  it("keeps an editor's translation when the feed changes", async () => {
    const kiosk = new EventReplica(f.url, f.token);
    const added = await addFeed(f.store, MONS, `${server.url}/agenda.ics`, 'fr', T0);
    if (!added.ok) throw new Error(added.error.message);
    await importFeed(deps, await feedNow(added.value.id), T0);
    expect(
      await translateEvent(f.store, 'weekly@t', 'nl', { title: 'Koffie voor zelfstandigen' }, T0),
    ).toEqual({ ok: true, value: { changed: 4 } });
    current = { etag: '"v2"', body: V2 };
    await importFeed(deps, await feedNow(added.value.id), T0 + HOUR);
    await kiosk.pull();
    const weekly = kiosk.list().filter((e) => e.uid === 'weekly@t');
    expect(weekly.map((e) => e.title)).toEqual(
      Array.from({ length: 4 }, () => ({
        fr: 'Café des indépendants',
        nl: 'Koffie voor zelfstandigen',
      })),
    );
  });

  it('takes an uploaded file as a feed without URL, and removing a feed deletes its events', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    const uploaded = await uploadFeed(deps, { spaceId: MONS, lang: 'fr' }, V1, T0);
    if (!uploaded.ok) throw new Error(uploaded.error.message);
    expect(uploaded.value.feed).toMatchObject({ url: null, spaceId: MONS, lang: 'fr' });
    expect(uploaded.value.summary).toMatchObject({ imported: 6, skipped: [] });
    const replaced = await uploadFeed(deps, { feedId: uploaded.value.feed.id }, V2, T0 + HOUR);
    expect(replaced.ok && replaced.value.summary).toMatchObject({
      changed: 2,
      removed: 1,
      skipped: [],
    });
    // The hub's own view first, so a failure says whether the hub lacks them or the pull does.
    const live = (await f.store.agenda.liveEvents()).map((e) => e.id).sort();
    expect(live.length).toBe(5);
    const pulled = await kiosk.pull();
    expect(
      kiosk
        .list()
        .map((e) => e.id)
        .sort(),
      `pulled ${pulled.length} event changes`,
    ).toEqual(live);

    const malformed = await uploadFeed(deps, { spaceId: MONS }, 'BEGIN:VCALENDAR\r\nOOPS\r\n', T0);
    expect(malformed.ok ? undefined : malformed.error.code).toBe('feed-malformed');
    expect((await f.store.agenda.listFeeds()).length).toBe(1);

    expect(await removeFeed(f.store, uploaded.value.feed.id, T0 + 2 * HOUR)).toEqual({
      ok: true,
      value: { removed: 5 },
    });
    const gone = await kiosk.pull();
    expect(gone.map((c) => c.op)).toEqual(Array.from({ length: 5 }, () => 'delete'));
    expect(kiosk.list()).toEqual([]);
    expect(await f.store.agenda.listFeeds()).toEqual([]);
  });

  it('refuses a feed URL of another scheme, or for a space the hub lacks', async () => {
    const file = await addFeed(f.store, MONS, 'file:///etc/passwd', undefined, T0);
    expect(file.ok ? undefined : file.error.code).toBe('feed-url-invalid');
    const space = await addFeed(f.store, 'nowhere', `${server.url}/agenda.ics`, undefined, T0);
    expect(space.ok ? undefined : space.error.code).toBe('space-unknown');
    expect(await f.store.agenda.listFeeds()).toEqual([]);
  });
});
