import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visitor } from '#shared/domain/types';
import { erasePerson } from '../admin/admin';
import { runCli, type CliIo } from '../cli';
import { del, LILLE, member, MONS, NOW, put, space, visit } from '../test-support/factories';
import { agendaEvent, hubPut } from '../test-support/hub-writes';
import { withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { applyPush } from '../sync/push';
import type { HubStore } from './store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LILLE_KIOSK = { kind: 'kiosk', kioskId: 'lille-1', spaceId: LILLE } as const;

function visitor(id: string, over: Partial<Visitor> = {}): Visitor {
  return {
    id,
    firstName: 'Visitor',
    lastName: id,
    preferredLang: 'fr',
    consentAt: NOW - 2 * HOUR,
    consentVersion: 'v1',
    retainUntil: NOW + 30 * DAY,
    updatedAt: NOW - 2 * HOUR,
    ...over,
  };
}

/** Pushes records as Lille's kiosk, each stamped a second after the last; all must be accepted. */
async function pushFromLille(
  store: HubStore,
  items: readonly ['visits' | 'visitors', { id: string }][],
): Promise<void> {
  let ms = NOW;
  const batch = items.map(([table, record]) => put(table, record, (ms += 1000), 'lille-1'));
  const { rejected } = await applyPush(store, LILLE_KIOSK, batch, NOW + DAY);
  expect(rejected).toEqual([]);
}

/** The network of the test: a Belgian and a French space, members of both, four events. */
async function seed(store: HubStore): Promise<void> {
  await hubPut(
    store,
    'spaces',
    [
      space(),
      space({
        id: LILLE,
        name: 'Mutualab',
        city: 'Lille',
        country: 'FR',
        timezone: 'Europe/Paris',
      }),
    ],
    NOW - DAY,
  );
  await hubPut(
    store,
    'members',
    ['m-be', 'm-fr', 'm-gone-open', 'm-gone-closed'].map((id) =>
      member({ id, homeSpaceId: id === 'm-fr' ? LILLE : MONS, cardIds: [], cardKeys: [] }),
    ),
    NOW - DAY,
  );
  await hubPut(
    store,
    'events',
    [
      agendaEvent({
        id: 'e-lille',
        spaceId: LILLE,
        startsAt: NOW,
        title: { fr: 'Atelier', en: 'Workshop' },
      }),
      agendaEvent({ id: 'e-mons', spaceId: MONS, startsAt: NOW + 2 * DAY }),
      agendaEvent({ id: 'e-off', spaceId: MONS, startsAt: NOW + 4 * DAY, status: 'cancelled' }),
      agendaEvent({ id: 'e-gone', spaceId: MONS, startsAt: NOW + 5 * DAY }),
      agendaEvent({ id: 'e-april', spaceId: MONS, startsAt: NOW + 40 * DAY }),
    ],
    NOW - DAY,
  );
  const { rejected } = await applyPush(
    store,
    { kind: 'admin' },
    [del('events', 'e-gone', NOW, 'hub')],
    NOW,
  );
  expect(rejected).toEqual([]);
  const atLille = (id: string, over: Parameters<typeof visit>[0]) =>
    visit({ id, spaceId: LILLE, kioskId: 'lille-1', checkInAt: NOW + 60_000, ...over });
  await pushFromLille(store, [
    ['visitors', visitor('vis-be', { country: 'BE' })],
    ['visitors', visitor('vis-back', { country: 'FR' })],
    ['visitors', visitor('vis-none')],
    // A week earlier, without an event: vis-back is not a first-time visitor.
    [
      'visits',
      atLille('x-back-before', {
        personKind: 'visitor',
        personId: 'vis-back',
        checkInAt: NOW - 7 * DAY,
        checkOutAt: NOW - 7 * DAY + HOUR,
      }),
    ],
    // m-be checks out during the event and in again: one attendee, cross-border (BE at FR).
    ['visits', atLille('x-be-1', { personId: 'm-be', eventId: 'e-lille', checkOutAt: NOW + HOUR })],
    [
      'visits',
      atLille('x-be-2', { personId: 'm-be', eventId: 'e-lille', checkInAt: NOW + HOUR + 60_000 }),
    ],
    ['visits', atLille('x-fr', { personId: 'm-fr', eventId: 'e-lille' })],
    [
      'visits',
      atLille('x-vis-be', { personKind: 'visitor', personId: 'vis-be', eventId: 'e-lille' }),
    ],
    [
      'visits',
      atLille('x-vis-back', { personKind: 'visitor', personId: 'vis-back', eventId: 'e-lille' }),
    ],
    [
      'visits',
      atLille('x-vis-none', { personKind: 'visitor', personId: 'vis-none', eventId: 'e-lille' }),
    ],
    ['visits', atLille('x-gone-open', { personId: 'm-gone-open', eventId: 'e-lille' })],
    [
      'visits',
      atLille('x-gone-closed', {
        personId: 'm-gone-closed',
        eventId: 'e-lille',
        checkOutAt: NOW + HOUR,
      }),
    ],
    // In the space during the event, but not at it.
    [
      'visits',
      atLille('x-space-only', {
        personId: 'm-fr',
        checkInAt: NOW - HOUR,
        checkOutAt: NOW - 30 * 60_000,
      }),
    ],
  ]);
  // m-fr, from Lille, at the Belgian event: cross-border the other way.
  const { rejected: mons } = await applyPush(
    store,
    { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS },
    [
      put(
        'visits',
        visit({ id: 'x-mons', personId: 'm-fr', eventId: 'e-mons', checkInAt: NOW + 2 * DAY }),
        NOW + 2 * DAY,
      ),
    ],
    NOW + 2 * DAY,
  );
  expect(mons).toEqual([]);
}

const MARCH = { fromMs: Date.UTC(2025, 2, 1), toMs: Date.UTC(2025, 3, 1) };

describe.each(storeCases())('event attendance on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    await seed(store);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('counts distinct attendees, first-time visitors and cross-border attendees per event', async () => {
    const rows = await store.attendance(MARCH);
    expect(rows.map((r) => [r.eventId, r.attendees, r.firstTime, r.crossBorder])).toEqual([
      // m-be (twice), m-fr, vis-be, vis-back, vis-none, m-gone-open, m-gone-closed; first-time:
      // vis-be, vis-none; cross-border: the three members from Mons and vis-be.
      ['e-lille', 7, 2, 4],
      ['e-mons', 1, 0, 1],
      ['e-off', 0, 0, 0],
    ]);
    expect(rows[0]).toMatchObject({
      spaceId: LILLE,
      startsAt: NOW,
      status: 'confirmed',
      title: { fr: 'Atelier', en: 'Workshop' },
    });
    expect(rows[2]?.status).toBe('cancelled');
    expect(await store.attendance({ fromMs: NOW + 30 * DAY, toMs: NOW + 60 * DAY })).toHaveLength(
      1,
    );
  });

  it("keeps a check-in's event through its check-out and later puts (rule 3)", async () => {
    const at = NOW + 3 * HOUR;
    const { rejected } = await applyPush(
      store,
      LILLE_KIOSK,
      [
        put(
          'visits',
          { id: 'x-fr', spaceId: LILLE, checkOutAt: at, checkOutMethod: 'wedge' },
          at,
          'lille-1',
        ),
        put(
          'visits',
          visit({
            id: 'x-vis-none',
            spaceId: LILLE,
            kioskId: 'lille-1',
            personKind: 'visitor',
            personId: 'vis-none',
            eventId: 'e-mons',
          }),
          at,
          'lille-1',
        ),
      ],
      at,
    );
    expect(rejected).toEqual([]);
    const [lille] = await store.attendance(MARCH);
    expect([lille?.attendees, lille?.firstTime]).toEqual([7, 2]);
  });

  it('orders check-ins at one instant by id, and counts again when an earlier visit arrives', async () => {
    const same = NOW + 90_000;
    const at = (id: string, personId: string, eventId?: string) =>
      put(
        'visits',
        visit({
          id,
          spaceId: LILLE,
          kioskId: 'lille-1',
          personKind: 'visitor',
          personId,
          checkInAt: same,
          ...(eventId !== undefined ? { eventId } : {}),
        }),
        NOW + HOUR,
        'lille-1',
      );
    const tied = await applyPush(
      store,
      LILLE_KIOSK,
      [
        put('visitors', visitor('vis-tie-a'), NOW + HOUR, 'lille-1'),
        put('visitors', visitor('vis-tie-b'), NOW + HOUR, 'lille-1'),
        // vis-tie-a's visit at the event has the greater id: its first visit is the other one.
        at('x-tie-a1', 'vis-tie-a'),
        at('x-tie-a2', 'vis-tie-a', 'e-lille'),
        // vis-tie-b's has the lesser: a first-time attendee.
        at('x-tie-b1', 'vis-tie-b', 'e-lille'),
        at('x-tie-b2', 'vis-tie-b'),
      ],
      NOW + HOUR,
    );
    expect(tied.rejected).toEqual([]);
    const [lille] = await store.attendance(MARCH);
    expect([lille?.attendees, lille?.firstTime]).toEqual([9, 3]);
    // A visit of vis-be's from the day before, synced late: vis-be was not new at the event.
    const late = await applyPush(
      store,
      LILLE_KIOSK,
      [
        put(
          'visits',
          visit({
            id: 'x-vis-be-before',
            spaceId: LILLE,
            kioskId: 'lille-1',
            personKind: 'visitor',
            personId: 'vis-be',
            checkInAt: NOW - DAY,
            checkOutAt: NOW - DAY + HOUR,
          }),
          NOW + 2 * HOUR,
          'lille-1',
        ),
      ],
      NOW + 2 * HOUR,
    );
    expect(late.rejected).toEqual([]);
    const [again] = await store.attendance(MARCH);
    expect([again?.attendees, again?.firstTime]).toEqual([9, 2]);
  });

  it('counts an erased person still in anonymously and forgets one who had left (docs/gdpr.md)', async () => {
    await erasePerson(store, 'members', 'm-gone-open', NOW + 2 * HOUR);
    await erasePerson(store, 'members', 'm-gone-closed', NOW + 2 * HOUR);
    await erasePerson(store, 'visitors', 'vis-be', NOW + 2 * HOUR);
    const [lille] = await store.attendance(MARCH);
    // vis-be's open visit stays as an anonymous count: an attendee, no longer first-time or
    // cross-border; m-gone-open likewise; m-gone-closed's closed visit is gone.
    expect([lille?.attendees, lille?.firstTime, lille?.crossBorder]).toEqual([6, 1, 1]);
  });

  it('finds the events of visits stored before migration 7', async () => {
    await store.close();
    await withRawDb(
      db.url,
      async (raw) => {
        await raw.exec('DROP INDEX records_event');
        await raw.exec('ALTER TABLE records DROP COLUMN event_id');
        // Migrations 8 (the agenda's tables), 9 (the operators') and 10 (fleet health) came
        // later: undone too, so all run again.
        for (const table of [
          'feeds',
          'agenda_occurrences',
          'hub_events',
          'event_translations',
          'event_cancellations',
          'operators',
          'operator_sessions',
          'login_failures',
          'audit_log',
          'kiosk_heartbeats',
          'fleet_latest',
          // Migration 13's tallies (the indicators').
          'visit_hours',
          'visit_origins',
          // Migration 14's kiosk updates.
          'releases',
          'release_pins',
          // Migration 15's (kiosks' logs on request).
          'kiosk_log_requests',
          'kiosk_log_uploads',
          // Migration 16's presence rows (the indicators' distinct counts).
          'person_ordinals',
          'person_ordinal_next',
          'presence_days',
          'presence_months',
          'person_first',
        ]) {
          await raw.exec(`DROP TABLE ${table}`);
        }
        // And migration 11's visit columns (the indicators'), with their indexes, and migration
        // 17's index of members' homes.
        for (const index of ['records_visit_time', 'records_person_time', 'records_member_home']) {
          await raw.exec(`DROP INDEX ${index}`);
        }
        for (const column of ['check_in_at', 'check_out_at']) {
          await raw.exec(`ALTER TABLE records DROP COLUMN ${column}`);
        }
        await raw.exec('DELETE FROM hub_migrations WHERE version >= 7');
      },
      { write: true },
    );
    store = await db.open();
    const rows = await store.attendance(MARCH);
    expect(rows.map((r) => [r.eventId, r.attendees])).toEqual([
      ['e-lille', 7],
      ['e-mons', 1],
      ['e-off', 0],
    ]);
  });

  it('prints the report as a table and as JSON lines from the command line', async () => {
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const errors: string[] = [];
      const io: CliIo = {
        out: (l) => out.push(l),
        err: (l) => errors.push(l),
        env: {},
        now: () => NOW,
      };
      const code = await runCli(['events', 'attendance', ...args, '--db', db.url], io);
      return { code, out, errors };
    };
    const table = await run('--from', '2025-03-01', '--to', '2025-03-31');
    expect(table.code).toBe(0);
    expect(table.out).toEqual([
      'EVENT                      SPACE            DATE        ATTENDEES  FIRST-TIME  CROSS-BORDER',
      'Workshop                   mutualab-lille   2025-03-10          7           2             4',
      'Atelier e-mons             co-nnexion-mons  2025-03-12          1           0             1',
      'Atelier e-off (cancelled)  co-nnexion-mons  2025-03-14          0           0             0',
    ]);
    const json = await run('--from', '2025-03-10', '--to', '2025-03-10', '--json');
    expect(json.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        eventId: 'e-lille',
        spaceId: LILLE,
        date: '2025-03-10',
        startsAt: new Date(NOW).toISOString(),
        title: 'Workshop',
        status: 'confirmed',
        attendees: 7,
        firstTime: 2,
        crossBorder: 4,
      },
    ]);
    const bad = await run('--from', '2025-02-30');
    expect([bad.code, bad.errors[0]?.split('\n')[0]]).toEqual([
      2,
      '--from must be a date YYYY-MM-DD, got 2025-02-30',
    ]);
    const backwards = await run('--from', '2025-03-31', '--to', '2025-03-01');
    expect(backwards.errors[0]?.split('\n')[0]).toBe('--from 2025-03-31 is after --to 2025-03-01');
    expect((await run('--from', '2026-01-01', '--to', '2026-01-02')).out).toEqual([
      'No event in these dates.',
    ]);
  });
});
