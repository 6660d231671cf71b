import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erasePerson } from '../admin/admin';
import { purgeExpiredVisitors } from '../sync/retention';
import { hubPut, personWith } from '../test-support/hub-writes';
import { closeOpenVisits, PERIOD, seedNetwork } from '../test-support/indicator-network';
import { attendanceCounts, witnessIndicators } from '../test-support/indicator-witness';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { IndicatorPeriod } from './indicators-rows';
import { visitScope } from './indicators-scope';
import { TALLY } from './indicators-tallied';
import type { HubStore } from './store';

const BE_AND_CAYENNE: IndicatorPeriod = {
  ...PERIOD,
  spaces: ['be-mons', 'be-liege', 'fr-cayenne'],
};

/** Every figure of the store for `period`, next to the witness's (an independent computation). */
async function compare(store: HubStore, url: string, period: IndicatorPeriod) {
  const want = await witnessIndicators(url, period);
  const i = store.indicators;
  const weeks = await i.visitsPerWeek(period);
  expect(weeks.map(({ spaceId, week, visits }) => ({ spaceId, week, visits }))).toEqual(
    want.visitsPerWeek,
  );
  expect(await i.uniquePeople(period)).toEqual(want.uniquePeople);
  expect(await i.newReturning(period)).toEqual(want.newReturning);
  expect(await i.crossBorder(period)).toEqual(want.crossBorder);
  expect(await i.busiestHours(period)).toEqual(want.busiestHours);
  expect(await i.averageStay(period)).toEqual(want.averageStay);
  expect(attendanceCounts(await i.eventAttendance(period))).toEqual(want.attendees);
  return want;
}

describe.each(storeCases())('indicators on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeAll(async () => {
    db = await storeCase.create();
    store = await db.open();
    await seedNetwork(store);
  }, 30_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('equals an independent computation for the whole network and for some spaces', async () => {
    const want = await compare(store, db.url, PERIOD);
    // Every figure counts something: a test that compares zeros proves nothing.
    expect(want.crossBorder.total).toBeGreaterThan(20);
    expect(want.newReturning.returningVisitors).toBeGreaterThan(0);
    expect(want.newReturning.newVisitors).toBeGreaterThan(0);
    expect(want.busiestHours.length).toBeGreaterThan(100);
    const events = want.attendees;
    expect(events.reduce((n, e) => n + e.firstTime, 0)).toBeGreaterThan(0);
    expect(events.reduce((n, e) => n + e.crossBorder, 0)).toBeGreaterThan(0);
    expect(events.some((e) => e.firstTime < e.attendees)).toBe(true);
    await compare(store, db.url, BE_AND_CAYENNE);
    const totals = await store.indicators.networkTotals(PERIOD);
    const all = await witnessIndicators(db.url, PERIOD);
    expect(totals).toEqual({
      visits: all.visits,
      ...all.uniquePeople.total,
      crossBorder: all.crossBorder.total,
    });
  }, 60_000);

  it('reads local time in each space’s zone across the autumn change', async () => {
    const week = await store.indicators.visitsPerWeek({
      from: '2026-10-25',
      to: '2026-10-26',
      spaces: ['be-mons'],
    });
    // 02:30 CEST and 02:30 CET on 25 October, a Sunday: ISO week 43, both at 2 h local.
    expect(week.map((w) => [w.week, w.monday])).toEqual([['2026-W43', '2026-10-19']]);
    const hours = await store.indicators.busiestHours({
      from: '2026-10-25',
      to: '2026-10-26',
      spaces: ['be-mons'],
    });
    expect(hours.find((h) => h.hour === 2)).toMatchObject({ weekday: 7 });
    expect(hours.find((h) => h.hour === 2)?.visits).toBeGreaterThanOrEqual(2);
  });

  it('stays exact after a check-out, a visitor’s new country, an erasure and a retention purge', async () => {
    // Every visit still open in the period is checked out, by a host, an hour after its check-in.
    const before = await store.indicators.averageStay(PERIOD);
    expect(await closeOpenVisits(store, Date.UTC(2026, 11, 20))).toBeGreaterThan(100);
    const after = await store.indicators.averageStay(PERIOD);
    expect(after.total.closedVisits).toBeGreaterThan(before.total.closedVisits);
    await compare(store, db.url, PERIOD);
    // A visitor's country changes and another's goes: their visits' origins follow.
    await hubPut(
      store,
      'visitors',
      [
        await personWith(store, 'visitors', 'v-06', { country: 'NL' }),
        await personWith(store, 'visitors', 'v-01', { country: undefined }),
      ],
      Date.UTC(2026, 11, 20),
    );
    await compare(store, db.url, PERIOD);
    await erasePerson(store, 'members', 'm-01', Date.UTC(2026, 11, 20));
    await compare(store, db.url, PERIOD);
    const { purged } = await purgeExpiredVisitors(store, Date.UTC(2028, 0, 1));
    expect(purged).toBe(44);
    await compare(store, db.url, PERIOD);
    await compare(store, db.url, BE_AND_CAYENNE);
  }, 60_000);

  it('refuses a period that ends before it starts, and counts nothing for unknown spaces', async () => {
    await expect(
      store.indicators.uniquePeople({ from: '2026-10-01', to: '2026-09-01' }),
    ).rejects.toThrow(RangeError);
    expect(await store.indicators.uniquePeople({ ...PERIOD, spaces: ['nowhere'] })).toEqual({
      bySpace: [],
      total: { members: 0, visitors: 0 },
    });
  });

  it('follows a member moving home, and reads rows in a half-hour zone', async () => {
    const now = Date.UTC(2026, 11, 21);
    await hubPut(
      store,
      'members',
      [await personWith(store, 'members', 'm-04', { homeSpaceId: 'fr-cayenne' })],
      now,
    );
    await compare(store, db.url, PERIOD);
    // Kolkata is UTC+05:30: an hour bucket of check-ins straddles two local hours, so the
    // additive figures read the visit rows there (and stay exact).
    const pune = {
      id: 'in-pune',
      name: 'Pune',
      city: 'Pune',
      country: 'IN',
      timezone: 'Asia/Kolkata',
      languages: ['en'],
    };
    await hubPut(store, 'spaces', [pune], now);
    const at = [Date.UTC(2026, 9, 5, 18, 15), Date.UTC(2026, 9, 5, 18, 45)];
    await hubPut(
      store,
      'visits',
      at.map((checkInAt, i) => ({
        id: `x-pune-${i}`,
        spaceId: 'in-pune',
        personKind: 'member',
        personId: 'm-04',
        method: 'host',
        checkInAt,
        checkOutAt: checkInAt + 1_800_000,
        kioskId: 'in-pune-1',
      })),
      now,
    );
    const mixed = { ...PERIOD, spaces: ['in-pune', 'be-mons'] };
    expect(visitScope(await store.indicators.spaces(), mixed, TALLY).hourly).toBe(false);
    await compare(store, db.url, mixed);
    // 23:45 on Monday 5 October and 00:15 on Tuesday 6, Pune time.
    const hours = await store.indicators.busiestHours({ ...mixed, spaces: ['in-pune'] });
    expect(hours).toEqual([
      { weekday: 1, hour: 23, visits: 1 },
      { weekday: 2, hour: 0, visits: 1 },
    ]);
  }, 60_000);
});
