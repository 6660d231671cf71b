import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { BadgeService } from '../lib/badge';
import { createDb, type KioskDb } from '../lib/db/kiosk-db';
import { seedDemoData } from '../lib/db/seed';
import { createVisitorDataDeps } from '../lib/gdpr/visitor-data-deps';
import { createBrowserKioskApi } from '../platform/browser-kiosk-api';
import { ManualTimers } from '../platform/manual-timers';
import { KioskState } from './kiosk-state.svelte';
import { VisitorDataState } from './visitor-data-state.svelte';

const START = Date.UTC(2025, 2, 4, 8, 30);
const opened: KioskDb[] = [];
const states: KioskState[] = [];

afterEach(async () => {
  for (const s of states.splice(0)) s.dispose();
  for (const db of opened.splice(0)) await db.delete();
});

/** A KioskState on real parts with the visitor-data screen wired as main.ts wires it. */
function makeKiosk(withVisitorData = true) {
  const timers = new ManualTimers(START);
  const db = createDb(`kiosk-state-gdpr-${crypto.randomUUID()}`);
  opened.push(db);
  const hlc = new HybridLogicalClock(DEMO_KIOSK_CONFIG.kioskId, timers.clock);
  const kiosk = new KioskState({
    api: createBrowserKioskApi({ search: '', now: timers.clock }),
    db,
    clock: timers.clock,
    timers,
    initialLang: 'en',
    applyLang: () => undefined,
    seedDemo: seedDemoData,
    createBadge: (config) => new BadgeService({ db, config, clock: timers.clock, hlc }),
    ...(withVisitorData
      ? {
          createVisitorData: (config) =>
            new VisitorDataState(
              createVisitorDataDeps({
                db,
                config,
                clock: timers.clock,
                hlc,
                save: () => undefined,
                requestSync: () => Promise.resolve(),
              }),
            ),
        }
      : {}),
  });
  states.push(kiosk);
  return { kiosk, timers };
}

async function toHost(kiosk: KioskState): Promise<void> {
  await kiosk.start();
  kiosk.openHostPin();
  kiosk.pinPad.setPin('1234');
  await kiosk.submitPin();
  expect(kiosk.screen).toBe('host');
}

describe('KioskState visitor data', () => {
  it('opens a fresh visitor-data screen from host and goes back to host', async () => {
    const { kiosk } = makeKiosk();
    await toHost(kiosk);
    expect(kiosk.hasVisitorData).toBe(true);
    kiosk.openVisitorData();
    expect(kiosk.screen).toBe('visitor-data');
    const first = kiosk.visitorData;
    await first?.search('marie');
    await kiosk.closeVisitorData();
    expect(kiosk.screen).toBe('host');
    expect(kiosk.visitorData).toBeNull();
    kiosk.openVisitorData();
    expect(kiosk.visitorData).not.toBe(first);
    expect(kiosk.visitorData?.query).toBe('');
  });

  it('forgets the search when idle sends the kiosk home', async () => {
    const { kiosk, timers } = makeKiosk();
    await toHost(kiosk);
    kiosk.openVisitorData();
    await kiosk.visitorData?.search('marie');
    timers.advance(DEMO_KIOSK_CONFIG.idle.screenMs);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.visitorData).toBeNull();
  });

  it('is not offered without its factory, nor opened outside host mode', async () => {
    const without = makeKiosk(false).kiosk;
    await toHost(without);
    expect(without.hasVisitorData).toBe(false);
    without.openVisitorData();
    expect(without.screen).toBe('host');
    const { kiosk } = makeKiosk();
    await kiosk.start();
    kiosk.openVisitorData();
    expect(kiosk.screen).toBe('home');
  });
});
