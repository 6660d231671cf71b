import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaEvent, Visit } from '#shared/domain/types';
import type { KioskDb } from '../lib/db/kiosk-db';
import { eventLabel } from '../lib/event-check-in/event-label';
import {
  fillWalkIn,
  KIOSK_START,
  kioskWithEvents,
  releaseKiosks,
  spaceEvent,
  toHost,
  wedgeRead,
} from './testing';
import type { KioskState } from './kiosk-state.svelte';
import type { WalkInState } from './walk-in-state.svelte';

/**
 * A walk-in registered for the event on now (issue 11 point 4, decision 0025), on a kiosk wired
 * as main.ts wires it: real IndexedDB, the badge flow's in-memory events shared with the desk.
 */

afterEach(releaseKiosks);

/** A kiosk holding `events`, in host mode, with a walk-in form filled up to its visit step. */
async function visitStepWith(events: AgendaEvent[]) {
  const harness = await kioskWithEvents(events);
  await toHost(harness.kiosk);
  harness.kiosk.host?.openWalkIn();
  const walkIn = harness.kiosk.host?.walkIn;
  if (!walkIn) throw new Error('the walk-in form did not open');
  fillWalkIn(walkIn);
  expect(walkIn.next() && walkIn.next()).toBe(true);
  expect(walkIn.step).toBe('visit');
  return { ...harness, walkIn };
}

/**
 * Registers the walk-in from its visit step through the host screen (the spare-card step then
 * shows); resolves with its stored visit.
 */
async function register(harness: { db: KioskDb; kiosk: KioskState; walkIn: WalkInState }) {
  expect(harness.walkIn.next()).toBe(true);
  await harness.kiosk.host?.submitWalkIn();
  expect(harness.kiosk.screen).toBe('bind-card');
  const visitId = harness.walkIn.registration?.visit.id ?? '';
  const visit = await harness.db.visits.get(visitId);
  if (!visit) throw new Error('no visit stored');
  return visit;
}

/** The eventId of every visit entry in the outbox, in order. */
async function queuedEventIds(db: KioskDb): Promise<(string | undefined)[]> {
  const queued = await db.outbox.where('table').equals('visits').toArray();
  return queued.map((e) => (e.record as Partial<Visit>).eventId);
}

describe('walk-in for the event on now', () => {
  it('asks nothing when no event is on, and records none', async () => {
    const step = await visitStepWith([]);
    expect(step.walkIn.event.offered).toEqual([]);
    const visit = await register(step);
    expect(visit).not.toHaveProperty('eventId');
    expect(await queuedEventIds(step.db)).toEqual([undefined]);
  });

  it('records the chosen event on the stored visit and its outbox entry', async () => {
    const step = await visitStepWith([spaceEvent('e1')]);
    expect(step.walkIn.event.offered.map((e) => e.id)).toEqual(['e1']);
    expect(step.walkIn.event.chosenId).toBeNull();
    step.walkIn.chooseEvent('e1');
    expect(step.walkIn.purposeKind).toBe('event');
    const visit = await register(step);
    expect(visit).toMatchObject({ eventId: 'e1', personKind: 'visitor', method: 'host' });
    expect(await queuedEventIds(step.db)).toEqual(['e1']);
    const details = await step.db.visitDetails.get(visit.id);
    expect(details?.purpose).toEqual({ kind: 'event', eventId: 'e1' });
    // The spare card's put keeps the check-in's event (rule 3: the check-in is written once).
    await step.kiosk.handleRead(wedgeRead('0004340999'));
    expect(step.walkIn.bindStatus).toBe('bound');
    expect(await queuedEventIds(step.db)).toEqual(['e1', 'e1']);
  });

  it('"just the workspace" after an event records none, and another purpose drops the event', async () => {
    const step = await visitStepWith([spaceEvent('e1'), spaceEvent('e2')]);
    step.walkIn.chooseEvent('e2');
    step.walkIn.chooseEvent(null);
    expect(step.walkIn.purposeKind).toBe('coworking');
    step.walkIn.chooseEvent('e1');
    step.walkIn.choosePurpose('tour');
    expect(step.walkIn.event.chosenId).toBeNull();
    const visit = await register(step);
    expect(visit).not.toHaveProperty('eventId');
    expect(await queuedEventIds(step.db)).toEqual([undefined]);
  });

  it("never offers a cancelled event, another space's, or one outside the window", async () => {
    const step = await visitStepWith([
      spaceEvent('off', { status: 'cancelled' }),
      spaceEvent('lille', { spaceId: 'mutualab-lille' }),
      spaceEvent('later', { startsAt: KIOSK_START + 31 * 60_000 }),
      spaceEvent('over', { startsAt: KIOSK_START - 120 * 60_000, endsAt: KIOSK_START }),
    ]);
    expect(step.walkIn.event.offered).toEqual([]);
    step.walkIn.chooseEvent('off');
    expect(step.walkIn.event.chosenId).toBeNull();
    expect(step.walkIn.purposeKind).toBe('coworking');
  });

  it('refuses an event cancelled by a sync after the choice, storing nothing, and asks again', async () => {
    const event = spaceEvent('e1');
    const step = await visitStepWith([event]);
    step.walkIn.chooseEvent('e1');
    await step.db.events.put({ ...event, status: 'cancelled', updatedAt: 1 });
    expect(step.walkIn.next()).toBe(true);
    await step.kiosk.host?.submitWalkIn();
    expect(step.kiosk.screen).toBe('walk-in');
    expect(step.walkIn.problem).toBe('event-not-on');
    expect(step.walkIn.step).toBe('visit');
    expect(step.walkIn.event.offered).toEqual([]);
    expect(step.walkIn.event.chosenId).toBeNull();
    expect(await step.db.visitors.count()).toBe(0);
    expect((await step.db.visits.toArray()).filter((v) => v.personKind === 'visitor')).toEqual([]);
    expect(await step.db.outbox.count()).toBe(0);
  });

  it('offers a returning visitor the same choice', async () => {
    const first = await visitStepWith([spaceEvent('e1')]);
    await register(first);
    await first.kiosk.host?.closeWalkIn();
    first.kiosk.host?.openWalkIn();
    const again = first.kiosk.host?.walkIn;
    if (!again) throw new Error('the walk-in form did not open');
    await again.searchReturning('dupont');
    const match = again.returningResults[0];
    if (!match) throw new Error('returning search found nobody');
    again.chooseReturning(match);
    again.consent = true;
    expect(again.next() && again.next()).toBe(true);
    expect(again.event.offered.map((e) => e.id)).toEqual(['e1']);
    again.chooseEvent('e1');
    const visit = await register({ ...first, walkIn: again });
    expect(visit).toMatchObject({ personId: match.id, eventId: 'e1' });
    expect(await queuedEventIds(first.db)).toEqual([undefined, 'e1']);
  });

  it("labels an event in the visitor's language, else the one it is held in", () => {
    const event = spaceEvent('e1', { lang: 'fr', title: { fr: 'Atelier', en: 'Workshop' } });
    expect(eventLabel(event, 'en', 'Europe/Brussels')).toMatchObject({
      title: 'Workshop',
      titleLang: 'en',
    });
    expect(eventLabel(event, 'nl', 'Europe/Brussels')).toMatchObject({
      title: 'Atelier',
      titleLang: 'fr',
      time: '09:40–11:40',
    });
  });
});
