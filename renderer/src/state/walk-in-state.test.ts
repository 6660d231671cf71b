import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { CardRead, Lang } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { BadgeService } from '../lib/badge';
import type { KioskDb } from '../lib/db/kiosk-db';
import { seedDemoData } from '../lib/db/seed';
import { freshDb } from '../lib/db/test-factories';
import { VisitorDesk } from '../lib/visitors/visitor-desk';
import { createBrowserKioskApi } from '../platform/browser-kiosk-api';
import { ManualTimers } from '../platform/manual-timers';
import { KioskState } from './kiosk-state.svelte';
import { WalkInState } from './walk-in-state.svelte';

const START = Date.UTC(2025, 2, 4, 9, 0);
const SPARE = '0004340999';
const opened: KioskDb[] = [];
const kiosks: KioskState[] = [];
afterEach(() => {
  for (const k of kiosks.splice(0)) k.dispose();
  for (const db of opened.splice(0)) db.close();
});

const read = (cardId: string): CardRead => ({ cardId, format: 'wedge', source: 'wedge', at: 0 });

async function deskOn() {
  const db = freshDb('walk-in');
  opened.push(db);
  await seedDemoData(db);
  const timers = new ManualTimers(START);
  const hlc = new HybridLogicalClock('demo-kiosk', timers.clock);
  const desk = new VisitorDesk({ db, config: DEMO_KIOSK_CONFIG, clock: timers.clock, hlc });
  return { db, desk, timers, hlc };
}

function fill(w: WalkInState): void {
  w.firstName = 'Marie';
  w.lastName = 'Dupont';
  w.email = 'marie.dupont@example.com';
  w.consent = true;
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
    fill(w);
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
    fill(first);
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
    fill(first);
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

function kioskOn(db: KioskDb, timers: ManualTimers, hlc: HybridLogicalClock) {
  const kiosk = new KioskState({
    api: createBrowserKioskApi({ search: '', now: timers.clock }),
    db,
    clock: timers.clock,
    timers,
    initialLang: 'en',
    applyLang: (_lang: Lang) => undefined,
    seedDemo: seedDemoData,
    createBadge: (config) => new BadgeService({ db, config, clock: timers.clock, hlc }),
    createVisitorDesk: (config) => new VisitorDesk({ db, config, clock: timers.clock, hlc }),
  });
  kiosks.push(kiosk);
  return kiosk;
}

async function hostMode(kiosk: KioskState): Promise<void> {
  await kiosk.start();
  kiosk.openHostPin();
  kiosk.pinPad.setPin('1234');
  await kiosk.submitPin();
  expect(kiosk.screen).toBe('host');
}

describe('KioskState walk-ins', () => {
  it('drops every field when the form idles out', async () => {
    const { db, timers, hlc } = await deskOn();
    const kiosk = kioskOn(db, timers, hlc);
    await hostMode(kiosk);
    kiosk.openWalkIn();
    const form = kiosk.walkIn;
    if (!form) throw new Error('no walk-in form');
    fill(form);
    timers.advance(DEMO_KIOSK_CONFIG.idle.screenMs);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.walkIn).toBeNull();
    await hostMode(kiosk);
    kiosk.openWalkIn();
    expect(kiosk.walkIn?.firstName).toBe('');
    expect(kiosk.walkIn?.consent).toBe(false);
  });

  it('routes the next read to binding, then the bound card checks the visitor out', async () => {
    const { db, timers, hlc } = await deskOn();
    const kiosk = kioskOn(db, timers, hlc);
    await hostMode(kiosk);
    kiosk.openWalkIn();
    if (kiosk.walkIn) fill(kiosk.walkIn);
    await kiosk.submitWalkIn();
    expect(kiosk.screen).toBe('bind-card');
    await kiosk.handleRead(read(DEMO_CARDS[0]?.dec10 ?? ''));
    expect(kiosk.walkIn?.bindStatus).toBe('card-is-member');
    expect(kiosk.screen).toBe('bind-card');
    await kiosk.handleRead(read(SPARE));
    expect(kiosk.walkIn?.bindStatus).toBe('bound');
    await kiosk.closeWalkIn();
    expect(kiosk.presence?.map((p) => p.name)).toEqual(['Marie Dupont']);
    kiosk.goHome();
    timers.advance(DEMO_KIOSK_CONFIG.badge.holdOffMs);
    await kiosk.handleRead(read(SPARE));
    expect(kiosk.screen).toBe('visitor-out');
    expect(kiosk.visitorOut?.name).toBe('Marie Dupont');
    kiosk.goHome();
    await kiosk.handleRead(read(SPARE));
    expect(kiosk.screen).toBe('unknown');
  });

  it('checks a visitor out from who is in', async () => {
    const { db, timers, hlc } = await deskOn();
    const kiosk = kioskOn(db, timers, hlc);
    await hostMode(kiosk);
    kiosk.openWalkIn();
    if (kiosk.walkIn) fill(kiosk.walkIn);
    await kiosk.submitWalkIn();
    await kiosk.closeWalkIn();
    const row = kiosk.presence?.[0];
    if (!row) throw new Error('nobody is in');
    await kiosk.checkOutVisit(row.visitId);
    expect(kiosk.presence).toEqual([]);
  });
});
