import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { KioskDb } from '../lib/db/kiosk-db';
import type { KioskState } from './kiosk-state.svelte';
import {
  demoCard,
  KIOSK_START,
  kioskWithEvents as kioskWith,
  releaseKiosks,
  spaceEvent as event,
} from './testing';

const MIN = 60_000;
const { resultScreenMs } = DEMO_KIOSK_CONFIG.idle;
const { holdOffMs } = DEMO_KIOSK_CONFIG.badge;
const SPACE = DEMO_KIOSK_CONFIG.spaceId;
const camille = demoCard((m) => m.isActive && m.homeSpaceId === SPACE);
const guest = demoCard((m) => m.isActive && m.homeSpaceId === 'mutualab-lille');

afterEach(releaseKiosks);

/**
 * Taps `read` and waits for the event picker; resolves with the tap's own promise (wrapped: it
 * settles only once the picker is answered).
 */
async function tapToPicker(kiosk: KioskState, at: number, read = camille.read) {
  const tap = kiosk.handleRead({ ...read, at });
  await vi.waitFor(() => {
    expect(kiosk.screen).toBe('event-picker');
  });
  return { done: tap };
}

async function visitsOf(db: KioskDb, memberId = camille.member.id) {
  return (await db.visits.where('personId').equals(memberId).sortBy('checkInAt')).map((v) => ({
    eventId: v.eventId,
    out: v.checkOutAt !== undefined,
  }));
}

describe('event check-in by badge', () => {
  it('records the one event on now with the check-in, and queues it for the hub', async () => {
    const { kiosk, db, timers } = await kioskWith([event('e1')]);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'checked-in', event: { id: 'e1' } });
    expect(await visitsOf(db)).toEqual([{ eventId: 'e1', out: false }]);
    const queued = await db.outbox.toArray();
    expect(queued.map((e) => (e.record as { eventId?: string }).eventId)).toEqual(['e1']);
  });

  it('counts from agenda.checkInBeforeMin before the start; never a cancelled occurrence', async () => {
    const { kiosk, db, timers } = await kioskWith([
      event('later', { startsAt: KIOSK_START + 31 * MIN }),
      event('off', { status: 'cancelled' }),
      event('elsewhere', { spaceId: 'mutualab-lille' }),
    ]);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'checked-in' });
    expect(await visitsOf(db)).toEqual([{ eventId: undefined, out: false }]);
    timers.advance(2 * MIN);
    await kiosk.handleRead({ ...guest.read, at: timers.now });
    expect(await visitsOf(db, guest.member.id)).toEqual([{ eventId: 'later', out: false }]);
  });

  it('lets the member pick one of two events; a second tap meanwhile counts once', async () => {
    const { kiosk, db, timers } = await kioskWith([
      event('b', { startsAt: KIOSK_START + 20 * MIN }),
      event('a'),
    ]);
    const tap = await tapToPicker(kiosk, timers.now);
    expect(kiosk.reads?.question?.mode).toBe('arriving');
    expect(kiosk.reads?.question?.events.map((e) => e.id)).toEqual(['a', 'b']);
    await kiosk.handleRead({ ...camille.read, at: timers.now + 500 });
    expect(kiosk.screen).toBe('event-picker');
    expect(await db.visits.count()).toBe(0);
    kiosk.reads?.choose('b');
    await tap.done;
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'checked-in', event: { id: 'b' } });
    expect(await visitsOf(db)).toEqual([{ eventId: 'b', out: false }]);
    // Within the hold-off of the check-in, another tap only greets again.
    timers.advance(holdOffMs - 1);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(kiosk.reads?.outcome?.kind).toBe('repeat');
    expect(await visitsOf(db)).toEqual([{ eventId: 'b', out: false }]);
  });

  it('checks in for the space alone when the picker times out or "just the space" is chosen', async () => {
    const { kiosk, db, timers } = await kioskWith([event('a'), event('b')]);
    const tap = await tapToPicker(kiosk, timers.now);
    timers.advance(resultScreenMs);
    await tap.done;
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'checked-in' });
    expect(await visitsOf(db)).toEqual([{ eventId: undefined, out: false }]);
    const second = await tapToPicker(kiosk, timers.now, guest.read);
    kiosk.reads?.choose(null);
    await second.done;
    expect(await visitsOf(db, guest.member.id)).toEqual([{ eventId: undefined, out: false }]);
  });

  it('handles another card tapped while the picker waits after the choice, in order', async () => {
    const { kiosk, db, timers } = await kioskWith([event('a'), event('b')]);
    const first = await tapToPicker(kiosk, timers.now);
    const second = kiosk.handleRead({ ...guest.read, at: timers.now + 1000 });
    expect(await db.visits.count()).toBe(0);
    kiosk.reads?.choose('a');
    await first.done;
    await vi.waitFor(() => {
      expect(kiosk.reads?.question?.member.id).toBe(guest.member.id);
    });
    kiosk.reads?.choose('b');
    await second;
    expect(await visitsOf(db)).toEqual([{ eventId: 'a', out: false }]);
    expect(await visitsOf(db, guest.member.id)).toEqual([{ eventId: 'b', out: false }]);
  });

  it('asks a member already in "at the event or leaving": the event starts a visit recording it', async () => {
    const { kiosk, db, timers } = await kioskWith([
      event('a', { startsAt: KIOSK_START + 60 * MIN }),
    ]);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(await visitsOf(db)).toEqual([{ eventId: undefined, out: false }]);
    timers.advance(45 * MIN);
    const tap = await tapToPicker(kiosk, timers.now);
    expect(kiosk.reads?.question).toMatchObject({ mode: 'in', events: [{ id: 'a' }] });
    kiosk.reads?.choose('a');
    await tap.done;
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'checked-in', event: { id: 'a' } });
    expect(await visitsOf(db)).toEqual([
      { eventId: undefined, out: true },
      { eventId: 'a', out: false },
    ]);
    // In for the event now: the next tap is the usual check-out, no question.
    timers.advance(30 * MIN);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(kiosk.reads?.outcome?.kind).toBe('checked-out');
    expect((await visitsOf(db)).at(-1)).toEqual({ eventId: 'a', out: true });
  });

  it('never asks nor counts a tap for an event where taps are for the workspace only', async () => {
    const { kiosk, db, timers } = await kioskWith([event('a'), event('b')], {
      search: '?tapCheckIn=0',
    });
    expect(kiosk.config?.agenda.tapCheckIn).toBe(false);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'checked-in' });
    expect(kiosk.reads?.outcome).not.toHaveProperty('event');
    timers.advance(45 * MIN);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.reads?.outcome?.kind).toBe('checked-out');
    expect(await visitsOf(db)).toEqual([{ eventId: undefined, out: true }]);
  });

  it('checks a member already in out when they say they are leaving, or do not answer', async () => {
    const { kiosk, db, timers } = await kioskWith([
      event('a', { startsAt: KIOSK_START + 60 * MIN }),
    ]);
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    await kiosk.handleRead({ ...guest.read, at: timers.now });
    timers.advance(45 * MIN);
    const leaving = await tapToPicker(kiosk, timers.now);
    kiosk.reads?.choose(null);
    await leaving.done;
    expect(kiosk.reads?.outcome?.kind).toBe('checked-out');
    expect(await visitsOf(db)).toEqual([{ eventId: undefined, out: true }]);
    const silent = await tapToPicker(kiosk, timers.now, guest.read);
    timers.advance(resultScreenMs);
    await silent.done;
    expect(kiosk.reads?.outcome?.kind).toBe('checked-out');
    expect(await visitsOf(db, guest.member.id)).toEqual([{ eventId: undefined, out: true }]);
  });

  it('follows the agenda as pulls change it: a cancelled occurrence stops counting', async () => {
    const { kiosk, db, timers } = await kioskWith([event('a')]);
    await db.events.put(event('a', { status: 'cancelled' }));
    await kiosk.handleRead({ ...camille.read, at: timers.now });
    expect(await visitsOf(db)).toEqual([{ eventId: undefined, out: false }]);
  });
});
