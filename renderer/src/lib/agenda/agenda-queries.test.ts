import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaEvent } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { freshDb } from '../db/test-factories';
import { upcomingEvents, windowEvents } from './agenda-queries';
import { anEvent } from './testing';

const H = 3_600_000;
const NOW = Date.UTC(2026, 2, 3, 12);

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

describe('windowEvents', () => {
  it('reads what runs at the start and what starts before the end, in start order', async () => {
    const db = await dbWith([
      anEvent({ id: 'festival', spaceId: 'mons', startsAt: NOW - 50 * H, endsAt: NOW + 30 * H }),
      anEvent({ id: 'ended', spaceId: 'mons', startsAt: NOW - 3 * H, endsAt: NOW - H }),
      anEvent({ id: 'ends-then', spaceId: 'mons', startsAt: NOW - H, endsAt: NOW }),
      anEvent({ id: 'b-later', spaceId: 'lille', startsAt: NOW + 5 * H }),
      anEvent({ id: 'a-later', spaceId: 'mons', startsAt: NOW + 5 * H, status: 'cancelled' }),
      anEvent({ id: 'at-start', spaceId: 'lille', startsAt: NOW }),
      anEvent({ id: 'at-end', spaceId: 'lille', startsAt: NOW + 48 * H }),
      anEvent({ id: 'beyond', spaceId: 'lille', startsAt: NOW + 60 * H }),
    ]);
    expect(ids(await windowEvents(db, NOW, NOW + 48 * H))).toEqual([
      'festival',
      'at-start',
      'a-later',
      'b-later',
    ]);
  });

  it('rejects when the store does', async () => {
    const db = await dbWith([anEvent({ id: 'x', startsAt: NOW })]);
    db.close();
    await expect(windowEvents(db, NOW, NOW + H)).rejects.toThrow();
  });
});
