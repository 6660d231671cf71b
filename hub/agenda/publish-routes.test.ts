import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorResponseSchema } from '#shared/sync/protocol';
import { importSpacesCsv } from '../admin/admin';
import { startTestHub } from '../test-support/http';
import { useHubFixture } from '../test-support/hub-fixture';
import { storeCases } from '../test-support/stores';
import { addHubEvent, editHubEvent } from './editor';
import { PublishedAgendaSchema } from './published-agenda';

const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const SPACES = `id,name,city,country,timezone,languages
co-nnexion-mons,Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en
mutualab-lille,Mutualab,Lille,FR,Europe/Paris,fr;en
`;

describe.each(storeCases())('the published agenda on $name', (storeCase) => {
  const f = useHubFixture(storeCase, { hub: { agenda: { intervalMs: 0 } } });
  let monsUid = '';

  beforeEach(async () => {
    expect((await importSpacesCsv(f.store, SPACES, T0)).ok).toBe(true);
    const mons = await addHubEvent(
      f.store,
      'co-nnexion-mons',
      {
        title: { fr: 'Atelier', nl: 'Werkplaats' },
        start: '2026-03-10T18:00',
        end: '2026-03-10T20:00',
        lang: 'fr',
        url: 'https://example.org/atelier',
      },
      T0,
    );
    const lille = await addHubEvent(
      f.store,
      'mutualab-lille',
      { title: { fr: 'Apéro' }, start: '2026-03-11', end: '2026-03-12' },
      T0,
    );
    if (!mons.ok || !lille.ok) throw new Error('events not added');
    monsUid = mons.value.uid;
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${f.url}${path}`, { headers });

  it('serves JSON in the asked language (or the nearest, named), with ETag, 304 and filters', async () => {
    const res = await get('/agenda.json?lang=nl');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const agenda = PublishedAgendaSchema.parse(await res.json());
    expect(agenda.events.map((e) => [e.spaceId, e.title, e.titleLang, e.heldIn])).toEqual([
      ['co-nnexion-mons', 'Werkplaats', 'nl', 'fr'],
      ['mutualab-lille', 'Apéro', 'fr', undefined],
    ]);
    expect(agenda.events[0]).toMatchObject({
      startsAt: '2026-03-10T17:00:00.000Z',
      space: { name: 'Co-nnexion', city: 'Mons', country: 'BE' },
      url: 'https://example.org/atelier',
    });
    expect(agenda.events[1]).toMatchObject({ allDay: true, startDate: '2026-03-11' });

    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await get('/agenda.json?lang=nl', { 'if-none-match': etag });
    expect([again.status, again.headers.get('etag'), await again.text()]).toEqual([304, etag, '']);
    expect((await get('/agenda.json?lang=fr')).headers.get('etag')).not.toBe(etag);

    // A change to the events makes a new body and a new ETag.
    expect((await editHubEvent(f.store, monsUid, { title: { nl: 'Workshop' } }, T0 + 1)).ok).toBe(
      true,
    );
    const changed = await get('/agenda.json?lang=nl', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    const body = PublishedAgendaSchema.parse(await changed.json());
    expect(body.events[0]?.title).toBe('Workshop');

    const be = PublishedAgendaSchema.parse(
      await (await get('/agenda.json?lang=fr&country=BE')).json(),
    );
    expect(be.events.map((e) => e.spaceId)).toEqual(['co-nnexion-mons']);
    const lille = PublishedAgendaSchema.parse(
      await (await get('/agenda.json?lang=fr&space=mutualab-lille')).json(),
    );
    expect(lille.events.map((e) => e.title)).toEqual(['Apéro']);
  });

  it('serves iCalendar that parses again with the same ids, and 304 on its ETag', async () => {
    const res = await get('/agenda.ics?lang=en&country=BE');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const vevents = calendar.getAllSubcomponents('vevent');
    const live = (await f.store.agenda.liveEvents()).filter((e) => e.spaceId === 'co-nnexion-mons');
    expect(vevents.map((v) => v.getFirstPropertyValue('uid'))).toEqual(live.map((e) => e.id));
    expect(vevents[0]?.getFirstPropertyValue('summary')).toBe('Atelier');
    const etag = res.headers.get('etag') ?? '';
    expect((await get('/agenda.ics?lang=en&country=BE', { 'if-none-match': etag })).status).toBe(
      304,
    );
  });

  it('refuses a bad query with 400 and an unknown space with 404, in the protocol error body', async () => {
    for (const [path, status, code] of [
      ['/agenda.json', 400, 'malformed'],
      ['/agenda.ics?lang=de', 400, 'malformed'],
      ['/agenda.json?lang=fr&country=Belgium', 400, 'malformed'],
      ['/agenda.json?lang=fr&lang=nl', 400, 'malformed'],
      ['/agenda.ics?lang=fr&space=a%2Fb', 400, 'malformed'],
      ['/agenda.json?lang=fr&space=nowhere', 404, 'space-unknown'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(ErrorResponseSchema.parse(await res.json()).code, path).toBe(code);
    }
  });

  it('rate-limits these routes per address with 429, and no other route', async () => {
    const { hub, url } = await startTestHub(f.store, {
      purgeIntervalMs: 0,
      agenda: { intervalMs: 0, rateLimit: { max: 3, timeWindowMs: 60_000 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${url}/agenda.json?lang=fr`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${url}/agenda.ics?lang=fr`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      const error = ErrorResponseSchema.parse(await limited.json());
      expect(error.code).toBe('rate-limited');
      for (let i = 0; i < 5; i++) expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});
