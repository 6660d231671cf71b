import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '#shared/domain/types';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { BadgeService } from '../lib/badge';
import { createDb, type KioskDb } from '../lib/db/kiosk-db';
import { seedDemoData } from '../lib/db/seed';
import { createBrowserKioskApi } from '../platform/browser-kiosk-api';
import { ManualTimers } from '../platform/manual-timers';
import { KioskState } from './kiosk-state.svelte';

const { resultScreenMs, screenMs } = DEMO_KIOSK_CONFIG.idle;
const START = Date.UTC(2025, 2, 4, 8, 30);

function card(pred: (member: (typeof DEMO_MEMBERS)[number]) => boolean) {
  const member = DEMO_MEMBERS.find(pred);
  const demo = DEMO_CARDS.find((c) => c.memberName === member?.displayName);
  if (!member || !demo) throw new Error('no such demo member');
  return {
    member,
    read: { cardId: demo.dec10, format: 'wedge-decimal', source: 'wedge' as const },
  };
}

const local = card((m) => m.isActive && m.homeSpaceId === DEMO_KIOSK_CONFIG.spaceId);
const inactive = card((m) => !m.isActive);

const opened: KioskDb[] = [];
const states: KioskState[] = [];

/** A KioskState on real parts: a fresh IndexedDB, the real badge flow and the browser API. */
function makeKiosk(search = '') {
  const timers = new ManualTimers(START);
  const db = createDb(`kiosk-state-test-${crypto.randomUUID()}`);
  opened.push(db);
  const applied: Lang[] = [];
  const kiosk = new KioskState({
    api: createBrowserKioskApi({ search, now: timers.clock }),
    db,
    clock: timers.clock,
    timers,
    initialLang: 'en',
    applyLang: (lang) => applied.push(lang),
    seedDemo: seedDemoData,
    createBadge: (config) =>
      new BadgeService({
        db,
        config,
        clock: timers.clock,
        hlc: new HybridLogicalClock(config.kioskId, timers.clock),
      }),
  });
  states.push(kiosk);
  return { kiosk, timers, db, applied };
}

afterEach(async () => {
  for (const s of states.splice(0)) s.dispose();
  for (const db of opened.splice(0)) await db.delete();
});

describe('KioskState', () => {
  it('starts on home in the default language, showing the demo space', async () => {
    const { kiosk, applied } = makeKiosk();
    expect(kiosk.screen).toBe('loading');
    await kiosk.start();
    expect(kiosk.screen).toBe('home');
    expect(kiosk.lang).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(applied.at(-1)).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(kiosk.space?.id).toBe(DEMO_KIOSK_CONFIG.spaceId);
    expect(kiosk.languages).toEqual(DEMO_KIOSK_CONFIG.languages);
  });

  it('shows the config error with its path and every detail', async () => {
    const { kiosk } = makeKiosk('?screenMs=1&resultScreenMs=2');
    await kiosk.start();
    expect(kiosk.screen).toBe('config-error');
    expect(kiosk.problem?.path).toBe('(query string)');
    const fields = kiosk.problem?.details.map((d) => d.split(':')[0]).sort();
    expect(fields).toEqual(['idle.resultScreenMs', 'idle.screenMs']);
  });

  it('greets a member in their language, then goes home in the default one', async () => {
    const { kiosk, timers, db } = makeKiosk();
    await kiosk.start();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.outcome).toMatchObject({ kind: 'checked-in', member: { id: local.member.id } });
    expect(kiosk.lang).toBe(local.member.preferredLang ?? DEMO_KIOSK_CONFIG.defaultLang);
    expect(await db.visits.count()).toBe(1);

    timers.advance(resultScreenMs - 1);
    expect(kiosk.screen).toBe('welcome');
    timers.advance(1);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.lang).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(kiosk.outcome).toBeNull();
  });

  it('sends unknown and inactive cards to their screens, checking nobody in', async () => {
    const { kiosk, timers, db } = makeKiosk();
    await kiosk.start();
    await kiosk.handleRead({
      cardId: '0123456789',
      format: 'wedge-decimal',
      source: 'wedge',
      at: 1,
    });
    expect(kiosk.screen).toBe('unknown');
    await kiosk.handleRead({ ...inactive.read, at: timers.now });
    expect(kiosk.screen).toBe('inactive');
    expect(kiosk.outcome).toMatchObject({ kind: 'inactive', member: { id: inactive.member.id } });
    expect(await db.visits.count()).toBe(0);
    timers.advance(resultScreenMs);
    expect(kiosk.screen).toBe('home');
  });

  it('clears a half-typed PIN after screenMs without input, counting input as activity', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    kiosk.openHostPin();
    kiosk.pinPad.pressDigit('4');
    kiosk.pinPad.pressDigit('2');
    timers.advance(screenMs - 10);
    kiosk.noteActivity();
    timers.advance(screenMs - 10);
    expect(kiosk.screen).toBe('host-pin');
    expect(kiosk.pinPad.pin).toBe('42');
    timers.advance(10);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.pinPad.pin).toBe('');
  });

  it('returns a home screen left in another language to the default after screenMs', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    const other = DEMO_KIOSK_CONFIG.languages.find((l) => l !== DEMO_KIOSK_CONFIG.defaultLang);
    if (!other) throw new Error('the demo kiosk needs two languages');
    kiosk.chooseLang(other);
    expect(kiosk.lang).toBe(other);
    timers.advance(screenMs);
    expect(kiosk.lang).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(timers.pendingCount).toBe(1);
  });

  it('refuses a wrong PIN, opens host mode on the right one and lists who is in', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    kiosk.goHome();
    kiosk.openHostPin();
    kiosk.pinPad.setPin('0000');
    await kiosk.submitPin();
    expect(kiosk.screen).toBe('host-pin');
    expect(kiosk.pinPad.problem).toEqual({ kind: 'wrong' });
    kiosk.pinPad.setPin('12');
    await kiosk.submitPin();
    expect(kiosk.pinPad.problem).toEqual({ kind: 'format' });
    kiosk.pinPad.setPin('1234');
    await kiosk.submitPin();
    expect(kiosk.screen).toBe('host');
    expect(kiosk.presence?.map((r) => r.name)).toEqual([local.member.displayName]);
  });

  it('handles a card read on the host PIN screen through the same flow, clearing the field', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    kiosk.openHostPin();
    kiosk.pinPad.setPin('12');
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.pinPad.pin).toBe('');
  });

  it('ignores reads before the config is loaded', async () => {
    const { kiosk, db } = makeKiosk();
    await kiosk.handleRead({ ...local.read, at: START });
    expect(kiosk.screen).toBe('loading');
    await kiosk.start();
    expect(await db.visits.count()).toBe(0);
  });

  it('shows the store error when the database refuses a read, recording nothing', async () => {
    const { kiosk, timers, db } = makeKiosk();
    await kiosk.start();
    db.close();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.screen).toBe('store-error');
    expect(kiosk.storeError).toMatch(/DatabaseClosed/);
    await db.open();
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    timers.advance(resultScreenMs);
    expect(kiosk.screen).toBe('home');
  });

  it('greets as soon as the outcome is decided and revokes it when the commit fails', async () => {
    const { kiosk, timers, db } = makeKiosk();
    const screens: string[] = [];
    const failing = new KioskState({
      api: createBrowserKioskApi({ search: '', now: timers.clock }),
      db,
      clock: timers.clock,
      timers,
      initialLang: 'en',
      applyLang: () => undefined,
      seedDemo: seedDemoData,
      createBadge: (config) => {
        const real = new BadgeService({
          db,
          config,
          clock: timers.clock,
          hlc: new HybridLogicalClock(config.kioskId, timers.clock),
        });
        // The commit is what fails here: the outcome was decided and handed over first.
        return {
          handleRead: async (read, onDecided) => {
            await real.handleRead(read, (outcome) => {
              onDecided?.(outcome);
              screens.push(failing.screen);
            });
            throw new DOMException('disk full', 'QuotaExceededError');
          },
        };
      },
    });
    states.push(failing);
    kiosk.dispose();
    await failing.start();
    await failing.handleRead({ ...local.read, at: timers.now });
    expect(screens).toEqual(['welcome']);
    expect(failing.screen).toBe('store-error');
    expect(failing.storeError).toMatch(/QuotaExceededError: disk full/);
  });
});
