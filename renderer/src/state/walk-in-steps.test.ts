import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { KioskDb } from '../lib/db/kiosk-db';
import { seedDemoData } from '../lib/db/seed';
import { freshDb } from '../lib/db/test-factories';
import { VisitorDesk } from '../lib/visitors/visitor-desk';
import { ManualTimers } from '../platform/manual-timers';
import { WalkInState } from './walk-in-state.svelte';
import { firstStepWithError } from './walk-in-steps';

const START = Date.UTC(2025, 2, 4, 9, 0);
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function walkIn(): Promise<WalkInState> {
  const db = freshDb('walk-in-steps');
  opened.push(db);
  await seedDemoData(db);
  const timers = new ManualTimers(START);
  const hlc = new HybridLogicalClock('demo-kiosk', timers.clock);
  const desk = new VisitorDesk({ db, config: DEMO_KIOSK_CONFIG, clock: timers.clock, hlc });
  return new WalkInState(desk, () => 'fr');
}

/** Types `text` key by key, as the on-screen keyboard does. */
function typeKeys(w: WalkInState, text: string): void {
  for (const ch of text) w.press({ text: ch });
}

describe('WalkInState steps', () => {
  it('moves on only when the step is valid, keeps what was typed going back, never skips', async () => {
    const w = await walkIn();
    expect(w.step).toBe('who');
    expect(w.errors).toEqual({});
    expect(w.next()).toBe(false);
    expect(w.step).toBe('who');
    expect(w.errors).toEqual({ firstName: 'required', lastName: 'required' });
    w.firstName = 'Zoé';
    w.lastName = "D'Hondt";
    expect(w.next()).toBe(true);
    expect(w.step).toBe('contact');
    expect(w.activeField).toBe('company');
    w.email = 'zoe@';
    expect(w.next()).toBe(false);
    expect(w.errors).toEqual({ email: 'email-invalid' });
    w.email = '';
    expect(w.next()).toBe(true);
    expect(w.back()).toBe(true);
    expect(w.back()).toBe(true);
    expect(w.back()).toBe(false);
    expect(w.step).toBe('who');
    expect(w.firstName).toBe('Zoé');
  });

  it('clears an error the moment its field is valid, and the consent error when ticked', async () => {
    const w = await walkIn();
    w.next();
    expect(w.errors.firstName).toBe('required');
    w.firstName = 'Anna';
    expect(w.errors.firstName).toBeUndefined();
    expect(w.errors.lastName).toBe('required');
    w.firstName = 'Anna 2';
    expect(w.errors.firstName).toBe('name-chars');
    w.firstName = 'Anna';
    w.lastName = 'Peeters';
    expect(w.errors).toEqual({});

    w.next();
    w.next();
    w.next();
    expect(w.step).toBe('consent');
    expect(await w.submit()).toBe(false);
    expect(w.errors).toEqual({ consent: 'consent-required' });
    w.consent = true;
    expect(w.errors).toEqual({});
  });

  it('a refused submit shows the earliest step with an error', async () => {
    const w = await walkIn();
    w.firstName = 'Anna';
    w.lastName = 'Peeters';
    w.next();
    w.next();
    w.choosePurpose('meeting');
    expect(w.activeField).toBe('memberQuery');
    w.next();
    expect(w.errors).toEqual({ purpose: 'member-required' });
    w.choosePurpose('coworking');
    w.next();
    w.consent = true;
    w.firstName = '';
    expect(await w.submit()).toBe(false);
    expect(w.step).toBe('who');
    expect(firstStepWithError({ purpose: 'member-required', consent: 'consent-required' })).toBe(
      'visit',
    );
  });

  it('hides "No match" once a member is picked', async () => {
    const w = await walkIn();
    w.choosePurpose('meeting');
    await w.searchMembers('zzz');
    expect(w.memberNoMatch).toBe(true);
    await w.searchMembers('cam');
    const camille = w.memberResults.find((m) => m.displayName === 'Camille Dubois');
    if (!camille) throw new Error('member search found nobody');
    w.chooseMember(camille);
    expect(w.memberQuery).toBe('Camille Dubois');
    expect(w.memberResults).toEqual([]);
    expect(w.memberNoMatch).toBe(false);
    expect(w.activeField).toBeNull();
  });

  it('types into the active field through the keyboard, within its limit, and searches', async () => {
    const w = await walkIn();
    expect(w.activeField).toBe('firstName');
    typeKeys(w, 'Zoéx');
    w.press('backspace');
    expect(w.firstName).toBe('Zoé');
    w.focus('lastName');
    typeKeys(w, 'x'.repeat(150));
    expect(w.lastName).toHaveLength(100);
    w.focus('memberQuery');
    typeKeys(w, 'cam');
    await expect.poll(() => w.memberResults.map((m) => m.displayName)).toContain('Camille Dubois');
    w.focus(null);
    w.press({ text: 'z' });
    expect(w.memberQuery).toBe('cam');
  });
});
