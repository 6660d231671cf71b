import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../store/agenda-rows';
import { EventReplica } from '../test-support/event-replica';
import { MONS, NOW } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { storeCases } from '../test-support/stores';
import { translateEvent } from './editor';
import { occurrenceId } from './occurrence-ids';
import type { SourceOccurrence } from './occurrence-plan';
import { syncOccurrences } from './occurrence-sync';

const DAY = 86_400_000;
const FEED = 'feed-test';
const SCOPE = { feedId: FEED, keepBefore: NOW - 30 * DAY };

function occ(uid: string, over: Partial<Occurrence> = {}): SourceOccurrence {
  return {
    spaceId: MONS,
    occurrence: {
      uid,
      startsAt: NOW + 2 * DAY,
      endsAt: NOW + 2 * DAY + 3_600_000,
      allDay: false,
      timeZone: 'Europe/Brussels',
      title: { fr: `Atelier ${uid}` },
      status: 'confirmed',
      ...over,
    },
  };
}

describe.each(storeCases())('syncOccurrences on $name', (storeCase) => {
  const f = useHubFixture(storeCase);

  it('writes new occurrences once, and an unchanged source writes nothing at all', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    const list = [
      occ('a@x', { description: { fr: 'Venez' }, url: 'https://example.org/a' }),
      occ('b@x', { recurrenceId: '2025-03-12T08:00:00Z' }),
      occ('b@x', { recurrenceId: '2025-03-19T08:00:00Z', startsAt: NOW + 9 * DAY }),
    ];
    expect(await syncOccurrences(f.store, SCOPE, list, NOW)).toEqual({
      imported: 3,
      changed: 0,
      removed: 0,
      unchanged: 0,
      skipped: [],
    });
    const first = await kiosk.pull();
    expect(first.map((c) => c.op)).toEqual(['put', 'put', 'put']);
    const a = kiosk.events.get(occurrenceId(FEED, 'a@x', ''));
    expect(a).toMatchObject({
      spaceId: MONS,
      uid: 'a@x',
      title: { fr: 'Atelier a@x' },
      description: { fr: 'Venez' },
      url: 'https://example.org/a',
      status: 'confirmed',
      updatedAt: NOW,
    });
    const head = (await f.store.stats()).head;
    const again = await syncOccurrences(f.store, SCOPE, list, NOW + 3_600_000);
    expect(again).toMatchObject({ imported: 0, changed: 0, removed: 0, unchanged: 3 });
    expect((await f.store.stats()).head).toBe(head);
    expect(await kiosk.pull()).toEqual([]);
  });

  it('sends a kiosk the moved, cancelled and cleared occurrences, and deletes a removed one', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    await syncOccurrences(
      f.store,
      SCOPE,
      [occ('moved@x'), occ('gone@x'), occ('off@x'), occ('plain@x', { description: { fr: 'x' } })],
      NOW,
    );
    await kiosk.pull();
    const later = NOW + 3_600_000;
    const summary = await syncOccurrences(
      f.store,
      SCOPE,
      [
        occ('moved@x', { startsAt: NOW + 3 * DAY, endsAt: NOW + 3 * DAY + 7_200_000 }),
        occ('off@x', { status: 'cancelled' }),
        occ('plain@x'),
      ],
      later,
    );
    expect(summary).toMatchObject({ imported: 0, changed: 3, removed: 1, unchanged: 0 });
    const changes = await kiosk.pull();
    expect(changes.map((c) => [c.op, c.recordId]).sort()).toEqual(
      [
        ['delete', occurrenceId(FEED, 'gone@x', '')],
        ['put', occurrenceId(FEED, 'moved@x', '')],
        ['put', occurrenceId(FEED, 'off@x', '')],
        ['put', occurrenceId(FEED, 'plain@x', '')],
      ].sort(),
    );
    const byUid = new Map(kiosk.list().map((e) => [e.uid, e]));
    expect([...byUid.keys()].sort()).toEqual(['moved@x', 'off@x', 'plain@x']);
    expect(byUid.get('moved@x')).toMatchObject({ startsAt: NOW + 3 * DAY, updatedAt: later });
    expect(byUid.get('off@x')?.status).toBe('cancelled');
    expect(byUid.get('plain@x')).not.toHaveProperty('description');
  });

  it('forgets an occurrence that aged out of the window instead of deleting it', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    const past = occ('past@x', { startsAt: NOW - 40 * DAY, endsAt: NOW - 40 * DAY + 3_600_000 });
    await syncOccurrences(f.store, { feedId: FEED, keepBefore: NOW - 60 * DAY }, [past], NOW);
    await kiosk.pull();
    const summary = await syncOccurrences(f.store, SCOPE, [], NOW);
    expect(summary.removed).toBe(0);
    expect(await kiosk.pull()).toEqual([]);
    expect(await f.store.agenda.occurrencesOf(FEED)).toEqual([]);
  });

  it("keeps an editor's translation over every later import", async () => {
    const kiosk = new EventReplica(f.url, f.token);
    await syncOccurrences(
      f.store,
      SCOPE,
      [occ('t@x', { title: { fr: 'Atelier', en: 'Workshop' } })],
      NOW,
    );
    const translated = await translateEvent(
      f.store,
      't@x',
      'nl',
      { title: 'Werkplaats', description: 'Kom langs' },
      NOW + 1000,
    );
    expect(translated).toEqual({ ok: true, value: { changed: 1 } });
    await syncOccurrences(
      f.store,
      SCOPE,
      [occ('t@x', { title: { fr: 'Atelier!', en: 'Workshop' } })],
      NOW + 2000,
    );
    await kiosk.pull();
    expect(kiosk.list()[0]).toMatchObject({
      title: { fr: 'Atelier!', en: 'Workshop', nl: 'Werkplaats' },
      description: { nl: 'Kom langs' },
    });
  });

  it('gives an occurrence that comes back after its delete a new id (a delete is forever)', async () => {
    const kiosk = new EventReplica(f.url, f.token);
    await syncOccurrences(f.store, SCOPE, [occ('back@x')], NOW);
    await syncOccurrences(f.store, SCOPE, [], NOW + 1000);
    await syncOccurrences(f.store, SCOPE, [occ('back@x')], NOW + 2000);
    await kiosk.pull();
    expect(kiosk.list().map((e) => e.id)).toEqual([`${occurrenceId(FEED, 'back@x', '')}.1`]);
  });

  it('skips an occurrence the record schema refuses, and writes the others', async () => {
    const summary = await syncOccurrences(
      f.store,
      SCOPE,
      [occ('long@x', { title: { fr: 'x'.repeat(301) } }), occ('fine@x')],
      NOW,
    );
    expect(summary.imported).toBe(1);
    expect(summary.skipped).toEqual([
      expect.stringMatching(/^long@x: Invalid events record: title\.fr: /),
    ]);
  });
});
