import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SPACES } from '#shared/demo/demo-data';
import type { AgendaEvent } from '#shared/domain/types';
import type { KioskDb } from '../lib/db/kiosk-db';
import { freshDb } from '../lib/db/test-factories';
import { anEvent } from '../lib/agenda/testing';
import { ManualTimers } from '../platform/manual-timers';
import { AGENDA_DAYS, AgendaWindow } from './agenda-window.svelte';

const ZONE = 'Europe/Brussels';
const H = 3_600_000;
// 10:00 in Brussels on Wednesday 4 March 2026; its midnight was 23:00 UTC the day before.
const START = Date.UTC(2026, 2, 4, 9);
const MIDNIGHT = Date.UTC(2026, 2, 3, 23);
const NEXT_MIDNIGHT = MIDNIGHT + 24 * H;

const dbs: KioskDb[] = [];
const windows: AgendaWindow[] = [];
afterEach(() => {
  for (const window of windows.splice(0)) window.stop();
  for (const db of dbs.splice(0)) db.close();
});

async function windowOver(events: AgendaEvent[]) {
  const timers = new ManualTimers(START);
  const db = freshDb('agenda-window');
  dbs.push(db);
  await db.spaces.bulkPut([...DEMO_SPACES]);
  await db.events.bulkPut(events);
  const window = new AgendaWindow({ db, clock: timers.clock, timers, timeZone: ZONE });
  windows.push(window);
  let changes = 0;
  window.onChange(() => (changes += 1));
  await window.start();
  return { window, db, timers, changes: () => changes };
}

const ids = (window: AgendaWindow): string[] => window.events.map((e) => e.id);

describe('AgendaWindow', () => {
  const events = [
    anEvent({ id: 'yesterday', startsAt: MIDNIGHT - 5 * H }),
    anEvent({ id: 'festival', startsAt: MIDNIGHT - 30 * H, endsAt: MIDNIGHT + 30 * H }),
    anEvent({ id: 'this-morning', startsAt: MIDNIGHT + 8 * H }),
    anEvent({ id: 'day-28', startsAt: MIDNIGHT + 27 * 24 * H + 9 * H }),
    anEvent({ id: 'day-29', startsAt: MIDNIGHT + 28 * 24 * H + 9 * H }),
  ];

  it("holds the four weeks from the kiosk's midnight, what still runs from before, and the spaces", async () => {
    const { window } = await windowOver(events);
    expect(window.days).toHaveLength(AGENDA_DAYS + 1);
    expect(window.days[0]).toBe(MIDNIGHT);
    expect(window.days[1]).toBe(NEXT_MIDNIGHT);
    expect(ids(window)).toEqual(['festival', 'this-morning', 'day-28']);
    expect(window.spaces['mutualab-lille']?.country).toBe('FR');
    expect(window.hasFailed).toBe(false);
  });

  it('reads again after a change to the store (a sync), and tells its listeners', async () => {
    const { window, db, changes } = await windowOver(events);
    const before = changes();
    await db.events.bulkPut([
      anEvent({ id: 'this-morning', startsAt: MIDNIGHT + 8 * H, status: 'cancelled' }),
      anEvent({ id: 'new', startsAt: START + H }),
    ]);
    await db.events.delete('day-28');
    await expect.poll(() => ids(window)).toEqual(['festival', 'this-morning', 'new']);
    expect(window.events[1]?.status).toBe('cancelled');
    expect(changes()).toBeGreaterThan(before);
  });

  it("moves on at the kiosk's midnight: the next four weeks, without the day gone", async () => {
    const { window, timers } = await windowOver(events);
    timers.advance(NEXT_MIDNIGHT - START + 1000);
    await expect.poll(() => window.days[0]).toBe(NEXT_MIDNIGHT);
    await expect.poll(() => ids(window)).toEqual(['festival', 'day-28', 'day-29']);
  });

  it('is read again on demand when the clock passed midnight unseen (a suspended machine)', async () => {
    const { window, timers } = await windowOver(events);
    timers.now = NEXT_MIDNIGHT + 30 * 24 * H;
    await window.ready();
    expect(window.days[0]).toBe(NEXT_MIDNIGHT + 30 * 24 * H - H);
    expect(ids(window)).toEqual([]);
  });

  it('keeps what it read when a read fails, says so, and tries again when asked', async () => {
    const { window, db, timers } = await windowOver(events);
    db.close();
    timers.advance(NEXT_MIDNIGHT - START + 1000);
    await expect.poll(() => window.hasFailed).toBe(true);
    expect(ids(window)).toEqual(['festival', 'this-morning', 'day-28']);
    await expect(window.ready()).resolves.toBeUndefined();
    expect(window.hasFailed).toBe(true);
  });

  it('answers at once when current, without waiting for a read under way', async () => {
    const { window, db } = await windowOver(events);
    const put = db.events.put(anEvent({ id: 'late', startsAt: START + 2 * H }));
    await put;
    let isReady = false;
    void window.ready().then(() => (isReady = true));
    await Promise.resolve();
    expect(isReady).toBe(true);
    await expect.poll(() => ids(window)).toContain('late');
  });

  it('stops following the store and the clock', async () => {
    const { window, db, timers, changes } = await windowOver(events);
    window.stop();
    const before = changes();
    await db.events.put(anEvent({ id: 'after-stop', startsAt: START + H }));
    timers.advance(NEXT_MIDNIGHT - START + 1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(changes()).toBe(before);
    expect(timers.pendingCount).toBe(0);
  });
});
