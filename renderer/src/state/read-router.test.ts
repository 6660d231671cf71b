import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { KioskState } from './kiosk-state.svelte';
import { demoCard, fillWalkIn, makeKiosk, releaseKiosks, toHost, wedgeRead } from './testing';

const { resultScreenMs } = DEMO_KIOSK_CONFIG.idle;
const SPARE = '0004340999';
const local = demoCard((m) => m.isActive && m.homeSpaceId === DEMO_KIOSK_CONFIG.spaceId);

afterEach(releaseKiosks);

/** Registers a walk-in from host mode; throws unless the spare-card step shows. */
async function toBindCard(kiosk: KioskState): Promise<void> {
  await toHost(kiosk);
  kiosk.host?.openWalkIn();
  if (kiosk.host?.walkIn) fillWalkIn(kiosk.host.walkIn);
  await kiosk.host?.submitWalkIn();
  if (kiosk.screen !== 'bind-card') throw new Error(`no bind-card step: ${kiosk.screen}`);
}

describe('ReadRouter', () => {
  it('shows the store error when the database refuses a read, recording nothing', async () => {
    const { kiosk, timers, db } = makeKiosk();
    await kiosk.start();
    db.close();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.screen).toBe('store-error');
    expect(kiosk.reads?.storeError).toMatch(/DatabaseClosed/);
    await db.open();
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    timers.advance(resultScreenMs);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.reads?.storeError).toBeNull();
  });

  it('greets as soon as the outcome is decided and revokes it when the commit fails', async () => {
    const screens: string[] = [];
    const { kiosk, timers } = makeKiosk({
      // The commit is what fails here: the outcome was decided and handed over first.
      wrapBadge: (real) => ({
        handleRead: async (read, onDecided) => {
          await real.handleRead(read, (outcome) => {
            onDecided?.(outcome);
            screens.push(kiosk.screen);
          });
          throw new DOMException('disk full', 'QuotaExceededError');
        },
      }),
    });
    await kiosk.start();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(screens).toEqual(['welcome']);
    expect(kiosk.screen).toBe('store-error');
    expect(kiosk.reads?.storeError).toMatch(/QuotaExceededError: disk full/);
    expect(kiosk.reads?.outcome).toBeNull();
  });

  it('handles reads one at a time in arrival order', async () => {
    const { kiosk, db } = makeKiosk();
    await kiosk.start();
    const kinds: string[] = [];
    await Promise.all(
      [local.read, local.read, wedgeRead('0123456789')].map(async (read) => {
        await kiosk.handleRead(read);
        kinds.push(kiosk.screen);
      }),
    );
    expect(kinds).toEqual(['welcome', 'welcome', 'unknown']);
    expect(kiosk.reads?.outcome).toMatchObject({ kind: 'unknown' });
    expect(await db.visits.count()).toBe(1);
  });

  it('asks for the card again when a reader read was no whole card while binding', async () => {
    const { kiosk, db } = makeKiosk();
    await toBindCard(kiosk);
    await kiosk.handleUnreadable();
    expect(kiosk.host?.walkIn?.bindStatus).toBe('read-again');
    expect((await db.visits.toArray()).map((v) => v.cardId)).toEqual([undefined]);
    await kiosk.handleRead(wedgeRead(SPARE));
    expect(kiosk.host?.walkIn?.bindStatus).toBe('bound');
    await kiosk.handleUnreadable();
    expect(kiosk.host?.walkIn?.bindStatus).toBe('bound');
  });

  it('ignores an unreadable burst at home: no screen changes, nothing is stored', async () => {
    const { kiosk, db } = makeKiosk();
    await kiosk.start();
    await kiosk.handleUnreadable();
    expect(kiosk.screen).toBe('home');
    expect(await db.visits.count()).toBe(0);
  });

  it('routes the next read to binding, then the bound card checks the visitor out', async () => {
    const { kiosk, timers } = makeKiosk();
    await toBindCard(kiosk);
    await kiosk.handleRead(wedgeRead(DEMO_CARDS[0]?.dec10 ?? ''));
    expect(kiosk.host?.walkIn?.bindStatus).toBe('card-is-member');
    expect(kiosk.screen).toBe('bind-card');
    await kiosk.handleRead(wedgeRead(SPARE));
    expect(kiosk.host?.walkIn?.bindStatus).toBe('bound');
    await kiosk.host?.closeWalkIn();
    expect(kiosk.host?.presence?.map((p) => p.name)).toEqual(['Marie Dupont']);
    kiosk.goHome();
    timers.advance(DEMO_KIOSK_CONFIG.badge.holdOffMs);
    await kiosk.handleRead(wedgeRead(SPARE));
    expect(kiosk.screen).toBe('visitor-out');
    expect(kiosk.reads?.visitorOut?.name).toBe('Marie Dupont');
    kiosk.goHome();
    expect(kiosk.reads?.visitorOut).toBeNull();
    await kiosk.handleRead(wedgeRead(SPARE));
    expect(kiosk.screen).toBe('unknown');
  });

  it('ignores a bound card tapped again within the hold-off of binding it', async () => {
    const { kiosk, db } = makeKiosk();
    await toBindCard(kiosk);
    await kiosk.handleRead(wedgeRead(SPARE));
    await kiosk.host?.closeWalkIn();
    await kiosk.handleRead(wedgeRead(SPARE));
    expect(kiosk.screen).toBe('host');
    expect(await db.visits.filter((v) => v.checkOutAt !== undefined).count()).toBe(0);
  });

  it('a member card read during a walk-in form greets and forgets the form', async () => {
    const { kiosk } = makeKiosk();
    await toHost(kiosk);
    kiosk.host?.openWalkIn();
    if (kiosk.host?.walkIn) fillWalkIn(kiosk.host.walkIn);
    await kiosk.handleRead(local.read);
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.host?.walkIn).toBeNull();
    expect(kiosk.host?.presence).toBeNull();
  });
});
