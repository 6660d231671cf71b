import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { KioskDb } from '../lib/db/kiosk-db';
import { seedDemoData } from '../lib/db/seed';
import { freshDb } from '../lib/db/test-factories';
import { VisitorDesk } from '../lib/visitors/visitor-desk';
import { ManualTimers } from '../platform/manual-timers';
import { fillWalkIn } from './testing';
import { WalkInState } from './walk-in-state.svelte';

const START = Date.UTC(2025, 2, 4, 9, 0);
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function deskOn() {
  const db = freshDb('walk-in');
  opened.push(db);
  await seedDemoData(db);
  const timers = new ManualTimers(START);
  const hlc = new HybridLogicalClock('demo-kiosk', timers.clock);
  const desk = new VisitorDesk({ db, config: DEMO_KIOSK_CONFIG, clock: timers.clock, hlc });
  return { db, desk, timers, hlc };
}

describe('WalkInState', () => {
  it('shows per-field codes and stores nothing for a bad form', async () => {
    const { db, desk } = await deskOn();
    const w = new WalkInState(desk, () => 'nl');
    w.firstName = '<script>alert(1)</script>';
    w.email = 'marie@';
    w.purposeKind = 'meeting';
    expect(await w.submit()).toBe(false);
    expect(w.errors).toEqual({
      firstName: 'name-chars',
      lastName: 'required',
      email: 'email-invalid',
      purpose: 'member-required',
      consent: 'consent-required',
    });
    expect(await db.visitors.count()).toBe(0);
  });

  it('registers in the visitor language; a double submit stores one visitor and one visit', async () => {
    const { db, desk } = await deskOn();
    const w = new WalkInState(desk, () => 'nl');
    fillWalkIn(w);
    const [first, second] = await Promise.all([w.submit(), w.submit()]);
    expect([first, second]).toEqual([true, false]);
    expect(await w.submit()).toBe(false);
    expect(w.registration?.visitor.preferredLang).toBe('nl');
    expect(await db.visitors.count()).toBe(1);
    expect(await db.visits.count()).toBe(1);
  });

  it('meets a member found from three letters and re-uses a returning visitor', async () => {
    const { db, desk } = await deskOn();
    const first = new WalkInState(desk, () => 'fr');
    fillWalkIn(first);
    first.purposeKind = 'meeting';
    await first.searchMembers('ca');
    expect(first.memberResults).toEqual([]);
    await first.searchMembers('cam');
    const camille = first.memberResults.find((m) => m.displayName === 'Camille Dubois');
    if (!camille) throw new Error('member search found nobody');
    first.chooseMember(camille);
    expect(await first.submit()).toBe(true);

    const again = new WalkInState(desk, () => 'en');
    await again.searchReturning('dpu');
    expect(again.returningResults.map((r) => r.maskedName)).toEqual(['Marie D…']);
    const match = again.returningResults[0];
    if (!match) throw new Error('returning search found nobody');
    again.chooseReturning(match);
    again.consent = true;
    expect(await again.submit()).toBe(true);
    expect(await db.visitors.count()).toBe(1);
    expect(again.registration?.visitor).toMatchObject({ firstName: 'Marie', preferredLang: 'en' });
  });

  it('updates only the contact field typed for a returning visitor; empty ones keep theirs', async () => {
    const { db, desk } = await deskOn();
    const first = new WalkInState(desk, () => 'fr');
    fillWalkIn(first);
    first.company = 'Old Co';
    expect(await first.submit()).toBe(true);

    const again = new WalkInState(desk, () => 'fr');
    await again.searchReturning('dupont');
    const match = again.returningResults[0];
    if (!match) throw new Error('returning search found nobody');
    again.chooseReturning(match);
    again.company = 'New Co';
    again.consent = true;
    expect(await again.submit()).toBe(true);
    const stored = await db.visitors.get(match.id);
    expect(stored).toMatchObject({ company: 'New Co', email: 'marie.dupont@example.com' });
    const patch = (await db.outbox.where('table').equals('visitors').toArray()).at(-1)?.record;
    expect(patch).toHaveProperty('company', 'New Co');
    expect(patch).not.toHaveProperty('email');
    expect(patch).not.toHaveProperty('firstName');
  });
});
