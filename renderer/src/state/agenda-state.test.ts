import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG, DEMO_SPACES } from '#shared/demo/demo-data';
import { demoEvents } from '#shared/demo/demo-events';
import type { AgendaEvent } from '#shared/domain/types';
import type { KioskDb } from '../lib/db/kiosk-db';
import { freshDb } from '../lib/db/test-factories';
import { anEvent } from '../lib/agenda/testing';
import { ManualTimers } from '../platform/manual-timers';
import { AgendaSlot } from './agenda-slot.svelte';
import { AgendaState } from './agenda-state.svelte';
import { AgendaWindow } from './agenda-window.svelte';
import { KIOSK_START, makeKiosk, releaseKiosks } from './testing';
import { UPCOMING_ROTATE_MS, UpcomingState } from './upcoming-state.svelte';

const ZONE = 'Europe/Brussels';
const SPACE = DEMO_KIOSK_CONFIG.spaceId;
const dbs: KioskDb[] = [];
const windows: AgendaWindow[] = [];
afterEach(() => {
  releaseKiosks();
  for (const window of windows.splice(0)) window.stop();
  for (const db of dbs.splice(0)) db.close();
});

async function agendaOver(events: AgendaEvent[], rowsPerPage = 6) {
  const timers = new ManualTimers(KIOSK_START);
  const db = freshDb('agenda-state');
  dbs.push(db);
  await db.spaces.bulkPut([...DEMO_SPACES]);
  await db.events.bulkPut(events);
  const window = new AgendaWindow({ db, clock: timers.clock, timers, timeZone: ZONE });
  windows.push(window);
  await window.start();
  const agenda = new AgendaState({ window, clock: timers.clock, spaceId: SPACE, rowsPerPage });
  agenda.open();
  return { agenda, db, timers };
}

const zoneOf = (id: string): string => DEMO_SPACES.find((s) => s.id === id)?.timezone ?? ZONE;
const shown = (a: AgendaState): string[] => a.events.map((e) => e.id);

describe('AgendaState', () => {
  it('pages the demo agenda with its day headings, each event once, none beyond the fit', async () => {
    const events = demoEvents(KIOSK_START, zoneOf);
    const { agenda } = await agendaOver(events, 4);
    const seen: string[] = [];
    for (;;) {
      const headings = agenda.rows.filter((r) => r.kind === 'day').length;
      expect(agenda.events.length + headings * 0.5).toBeLessThanOrEqual(4);
      expect(agenda.rows[0]?.kind).toBe('day');
      seen.push(...shown(agenda));
      if (!agenda.hasMore) break;
      agenda.nextPage();
    }
    expect(seen).toEqual(events.map((e) => e.id));
    const last = agenda.page;
    agenda.previousPage();
    expect(agenda.page).toBe(last - 1);
  });

  it('filters by this space, country and language, back to the first page each time', async () => {
    const { agenda } = await agendaOver(demoEvents(KIOSK_START, zoneOf), 40);
    agenda.nextPage();
    agenda.setOwnSpace(true);
    expect(agenda.page).toBe(0);
    expect(new Set(agenda.events.map((e) => e.spaceId))).toEqual(new Set([SPACE]));
    agenda.setOwnSpace(false);
    agenda.setCountry('FR');
    expect(new Set(agenda.events.map((e) => e.spaceId))).toEqual(
      new Set(['mutualab-lille', 'pop-lille']),
    );
    agenda.setCountry(null);
    agenda.setLang('nl');
    expect(agenda.events.length).toBeGreaterThan(0);
    expect(agenda.events.every((e) => e.lang === 'nl')).toBe(true);
    expect(agenda.countries).toEqual(['BE', 'FR']);
  });

  it('lists from a chosen day at its midnight, and opens an event with its QR code', async () => {
    const H = 3_600_000;
    const { agenda } = await agendaOver([
      anEvent({ id: 'today', startsAt: KIOSK_START + H, url: 'https://example.org/today' }),
      anEvent({ id: 'in-3-days', startsAt: KIOSK_START + 72 * H }),
    ]);
    expect(shown(agenda)).toEqual(['today', 'in-3-days']);
    agenda.chooseDay(2);
    expect(shown(agenda)).toEqual(['in-3-days']);
    expect(agenda.rows[0]).toEqual({ kind: 'day', start: agenda.days[3] });
    agenda.chooseDay(9);
    expect(agenda.week).toBe(1);
    agenda.chooseDay(0);
    agenda.openEvent('today');
    expect(agenda.opened?.id).toBe('today');
    expect(agenda.openedQr?.size).toBeGreaterThanOrEqual(21);
    agenda.closeEvent();
    expect(agenda.opened).toBeNull();
  });

  it('shows a change to the stored events while open (a sync)', async () => {
    const { agenda, db } = await agendaOver([
      anEvent({ id: 'x', startsAt: KIOSK_START + 3600_000 }),
    ]);
    await db.events.put(
      anEvent({ id: 'x', startsAt: KIOSK_START + 3600_000, status: 'cancelled' }),
    );
    await expect.poll(() => agenda.events[0]?.status).toBe('cancelled');
    agenda.dispose();
  });
});

describe('the agenda in the kiosk', () => {
  it('opens from home and goes home after screenMs without input', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    await kiosk.openAgenda();
    expect(kiosk.screen).toBe('agenda');
    expect(kiosk.agenda).not.toBeNull();
    timers.advance(DEMO_KIOSK_CONFIG.idle.screenMs);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.agenda).toBeNull();
  });

  it('keeps one screen state when two taps open it during the first read, and none after', async () => {
    const timers = new ManualTimers(KIOSK_START);
    const db = freshDb('agenda-slot');
    dbs.push(db);
    await db.events.put(anEvent({ id: 'first', startsAt: KIOSK_START + 3_600_000 }));
    const made: AgendaState[] = [];
    const window = new AgendaWindow({ db, clock: timers.clock, timers, timeZone: ZONE });
    windows.push(window);
    const slot = new AgendaSlot(() => {
      void window.start();
      return Promise.resolve({
        window,
        screen: () => {
          const agenda = new AgendaState({
            window,
            clock: timers.clock,
            spaceId: SPACE,
            rowsPerPage: 6,
          });
          made.push(agenda);
          return agenda;
        },
      });
    });
    const opened = await Promise.all([
      slot.open(DEMO_KIOSK_CONFIG, ZONE, () => true),
      slot.open(DEMO_KIOSK_CONFIG, ZONE, () => true),
    ]);
    expect(opened).toEqual([true, true]);
    expect(made).toHaveLength(2);
    expect(slot.agenda).toBe(made[1]);
    slot.close();
    await db.events.put(anEvent({ id: 'second', startsAt: KIOSK_START + 7_200_000 }));
    await expect.poll(() => window.events.length).toBe(2);
    expect(made.map((a) => shown(a))).toEqual([['first'], ['first']]);
  });
});

describe('UpcomingState', () => {
  it('turns through this space’s next events, then the network’s, and reads them again', async () => {
    const timers = new ManualTimers(KIOSK_START);
    const db = freshDb('upcoming');
    dbs.push(db);
    const H = 3_600_000;
    await db.spaces.bulkPut([...DEMO_SPACES]);
    await db.events.bulkPut([
      anEvent({ id: 'here-1', spaceId: SPACE, startsAt: KIOSK_START + H }),
      anEvent({
        id: 'here-off',
        spaceId: SPACE,
        startsAt: KIOSK_START + 2 * H,
        status: 'cancelled',
      }),
      anEvent({ id: 'lille-1', spaceId: 'mutualab-lille', startsAt: KIOSK_START + 3 * H }),
    ]);
    const upcoming = new UpcomingState({ db, clock: timers.clock, timers, spaceId: SPACE });
    upcoming.start();
    await expect.poll(() => upcoming.items.map((i) => i.event.id)).toEqual(['here-1', 'lille-1']);
    expect(upcoming.current?.isHere).toBe(true);
    timers.advance(UPCOMING_ROTATE_MS);
    await expect.poll(() => upcoming.current?.event.id).toBe('lille-1');
    expect(upcoming.current?.space?.city).toBe('Lille');
    await db.events.put(anEvent({ id: 'here-2', spaceId: SPACE, startsAt: KIOSK_START + 4 * H }));
    timers.advance(UPCOMING_ROTATE_MS);
    await expect.poll(() => upcoming.items.length).toBe(3);
    expect(upcoming.current?.event.id).toBe('here-1');
    upcoming.stop();
  });
});
