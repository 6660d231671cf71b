import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaEvent } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { freshDb } from '../db/test-factories';
import { agendaPage, matchesFilter, NO_FILTER, upcomingEvents } from './agenda-queries';
import { anEvent } from './testing';

const H = 3_600_000;
const NOW = Date.UTC(2026, 2, 3, 12);
const COUNTRY: Record<string, string> = { mons: 'BE', lille: 'FR' };
const countryOf = (id: string): string | undefined => COUNTRY[id];

const dbs: KioskDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

async function dbWith(events: AgendaEvent[]): Promise<KioskDb> {
  const db = freshDb('agenda');
  dbs.push(db);
  await db.events.bulkPut(events);
  return db;
}

const ids = (events: readonly AgendaEvent[]): string[] => events.map((e) => e.id);

describe('upcomingEvents', () => {
  it('lists what runs now first (even a festival begun days ago), then what starts next', async () => {
    const db = await dbWith([
      anEvent({ id: 'festival', spaceId: 'mons', startsAt: NOW - 50 * H, endsAt: NOW + 30 * H }),
      anEvent({ id: 'morning', spaceId: 'mons', startsAt: NOW - 3 * H, endsAt: NOW - H }),
      anEvent({ id: 'running', spaceId: 'lille', startsAt: NOW - H, endsAt: NOW + H }),
      anEvent({ id: 'soon', spaceId: 'lille', startsAt: NOW + H }),
      anEvent({ id: 'off', spaceId: 'mons', startsAt: NOW + 2 * H, status: 'cancelled' }),
      anEvent({ id: 'later', spaceId: 'mons', startsAt: NOW + 3 * H }),
      anEvent({ id: 'last', spaceId: 'mons', startsAt: NOW + 9 * H }),
    ]);
    expect(ids(await upcomingEvents(db, { now: NOW, limit: 4, spaceId: null }))).toEqual([
      'festival',
      'running',
      'soon',
      'later',
    ]);
    expect(ids(await upcomingEvents(db, { now: NOW, limit: 3, spaceId: 'mons' }))).toEqual([
      'festival',
      'later',
      'last',
    ]);
    expect(ids(await upcomingEvents(db, { now: NOW, limit: 1, spaceId: null }))).toEqual([
      'festival',
    ]);
  });
});

describe('agendaPage', () => {
  const week = [
    anEvent({ id: 'a-run', spaceId: 'mons', startsAt: NOW - 26 * H, endsAt: NOW + 2 * H }),
    anEvent({ id: 'b-nl', spaceId: 'mons', startsAt: NOW + H, lang: 'nl' }),
    anEvent({ id: 'c-fr', spaceId: 'lille', startsAt: NOW + 2 * H, status: 'cancelled' }),
    anEvent({ id: 'd-en', spaceId: 'lille', startsAt: NOW + 25 * H, lang: 'en' }),
    anEvent({ id: 'e-fr', spaceId: 'mons', startsAt: NOW + 49 * H }),
    anEvent({ id: 'f-beyond', spaceId: 'mons', startsAt: NOW + 30 * 24 * H }),
  ];
  const page = (db: KioskDb, over: Partial<Parameters<typeof agendaPage>[1]>) =>
    agendaPage(db, {
      from: NOW,
      until: NOW + 28 * 24 * H,
      filter: NO_FILTER,
      countryOf,
      offset: 0,
      limit: 10,
      ...over,
    });

  it('lists the running event, then each start in order, cancelled ones included, up to the horizon', async () => {
    const db = await dbWith(week);
    const all = await page(db, {});
    expect(ids(all.events)).toEqual(['a-run', 'b-nl', 'c-fr', 'd-en', 'e-fr']);
    expect(all.hasMore).toBe(false);
  });

  it('pages across the running events and the starting ones without loss or repeat', async () => {
    const db = await dbWith(week);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 2) {
      const p = await page(db, { offset, limit: 2 });
      seen.push(...ids(p.events));
      if (!p.hasMore) break;
    }
    expect(seen).toEqual(['a-run', 'b-nl', 'c-fr', 'd-en', 'e-fr']);
  });

  it('filters by space, country and language, alone and together', async () => {
    const db = await dbWith(week);
    const only = async (filter: Partial<typeof NO_FILTER>) =>
      ids((await page(db, { filter: { ...NO_FILTER, ...filter } })).events);
    expect(await only({ spaceId: 'mons' })).toEqual(['a-run', 'b-nl', 'e-fr']);
    expect(await only({ country: 'FR' })).toEqual(['c-fr', 'd-en']);
    expect(await only({ lang: 'fr' })).toEqual(['a-run', 'c-fr', 'e-fr']);
    expect(await only({ country: 'BE', lang: 'fr' })).toEqual(['a-run', 'e-fr']);
    expect(await only({ country: 'NL' })).toEqual([]);
  });

  it('starts a later day at its own start, with what still runs from before', async () => {
    const db = await dbWith(week);
    const dayAfter = await page(db, { from: NOW + 24 * H });
    expect(ids(dayAfter.events)).toEqual(['d-en', 'e-fr']);
    const runningThen = await page(db, { from: NOW + H + 30 * 60_000 });
    expect(ids(runningThen.events)).toEqual(['a-run', 'b-nl', 'c-fr', 'd-en', 'e-fr']);
  });

  it('drops a country filter for a space the kiosk does not know', () => {
    const event = anEvent({ id: 'x', spaceId: 'nowhere' });
    expect(matchesFilter(event, { ...NO_FILTER, country: 'BE' }, countryOf)).toBe(false);
    expect(matchesFilter(event, NO_FILTER, countryOf)).toBe(true);
  });
});
