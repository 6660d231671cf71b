import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { KioskState } from './kiosk-state.svelte';
import type { HostState } from './host-state.svelte';
import { demoCard, fillWalkIn, makeKiosk, releaseKiosks, toHost } from './testing';

afterEach(releaseKiosks);

function hostOf(kiosk: KioskState): HostState {
  if (!kiosk.host) throw new Error('the kiosk has not started');
  return kiosk.host;
}

describe('HostState walk-ins', () => {
  it('drops every field when the form idles out', async () => {
    const { kiosk, timers } = makeKiosk();
    await toHost(kiosk);
    const host = hostOf(kiosk);
    host.openWalkIn();
    const form = host.walkIn;
    if (!form) throw new Error('no walk-in form');
    fillWalkIn(form);
    timers.advance(DEMO_KIOSK_CONFIG.idle.screenMs);
    expect(kiosk.screen).toBe('home');
    expect(host.walkIn).toBeNull();
    expect(host.presence).toBeNull();
    await toHost(kiosk);
    host.openWalkIn();
    expect(host.walkIn?.firstName).toBe('');
    expect(host.walkIn?.consent).toBe(false);
  });

  it('checks a visitor out from who is in', async () => {
    const { kiosk } = makeKiosk();
    await toHost(kiosk);
    const host = hostOf(kiosk);
    host.openWalkIn();
    if (host.walkIn) fillWalkIn(host.walkIn);
    await host.submitWalkIn();
    expect(kiosk.screen).toBe('bind-card');
    await host.closeWalkIn();
    expect(kiosk.screen).toBe('host');
    const row = host.presence?.[0];
    if (!row) throw new Error('nobody is in');
    await host.checkOutVisit(row.visitId);
    expect(host.presence).toEqual([]);
  });

  it('checks a member out after a confirmation, once, with method host, and syncs it', async () => {
    const { kiosk, db, timers } = makeKiosk();
    const local = demoCard((m) => m.homeSpaceId === DEMO_KIOSK_CONFIG.spaceId && m.isActive);
    await kiosk.start();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.reads?.outcome?.kind).toBe('checked-in');
    timers.advance(60_000);
    await toHost(kiosk);
    const host = hostOf(kiosk);
    const row = host.presence?.find((r) => r.name === local.member.displayName);
    if (!row) throw new Error('the member is not in the list');
    expect(row.isVisitor).toBe(false);

    // Asking writes nothing; cancelling forgets the question.
    host.askCheckOut(row.visitId);
    expect(host.checkOutAsked?.visitId).toBe(row.visitId);
    host.cancelCheckOut();
    expect(host.checkOutAsked).toBeNull();
    expect((await db.visits.get(row.visitId))?.checkOutAt).toBeUndefined();

    host.askCheckOut(row.visitId);
    await host.confirmCheckOut();
    expect(host.checkOutAsked).toBeNull();
    expect(host.presence?.some((r) => r.visitId === row.visitId)).toBe(false);
    const closed = await db.visits.get(row.visitId);
    expect(closed).toMatchObject({ checkOutAt: timers.now, checkOutMethod: 'host' });
    const queued = (await db.outbox.where('recordId').equals(row.visitId).toArray()).map(
      (e) => e.record as { checkOutMethod?: string },
    );
    expect(queued.at(-1)?.checkOutMethod).toBe('host');

    // Closed once: a second check-out of the same visit writes nothing.
    const before = await db.outbox.count();
    await host.checkOutVisit(row.visitId);
    expect(await db.outbox.count()).toBe(before);
    expect((await db.visits.get(row.visitId))?.checkOutAt).toBe(closed?.checkOutAt);
    host.askCheckOut(row.visitId);
    expect(host.checkOutAsked).toBeNull();

    // The badge flow knows it at once: the member's next tap checks them in again.
    kiosk.goHome();
    timers.advance(60_000);
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.reads?.outcome?.kind).toBe('checked-in');
  });

  it('is not offered without a desk, nor opened outside host mode', async () => {
    const without = makeKiosk({ withDesk: false }).kiosk;
    await toHost(without);
    expect(hostOf(without).hasVisitorDesk).toBe(false);
    hostOf(without).openWalkIn();
    expect(without.screen).toBe('host');
    const { kiosk } = makeKiosk();
    await kiosk.start();
    hostOf(kiosk).openWalkIn();
    expect(kiosk.screen).toBe('home');
    expect(hostOf(kiosk).walkIn).toBeNull();
  });
});

describe('HostState visitor data', () => {
  it('keeps an erased visitor who is in on who is in, anonymous, until the host checks them out', async () => {
    const { kiosk, db } = makeKiosk();
    await toHost(kiosk);
    const host = hostOf(kiosk);
    host.openWalkIn();
    if (host.walkIn) fillWalkIn(host.walkIn);
    await host.submitWalkIn();
    await host.closeWalkIn();
    const [row] = host.presence ?? [];
    if (!row) throw new Error('nobody is in');
    host.openVisitorData();
    const data = host.visitorData;
    if (!data) throw new Error('no visitor-data screen');
    await data.search('dupont');
    const match = data.matches[0];
    if (!match) throw new Error('the visitor is not found');
    data.choose(match.id);
    data.askErase();
    await data.confirmErase();
    expect(data.step).toBe('erased');
    await host.closeVisitorData();

    expect(host.presence).toEqual([
      expect.objectContaining({
        visitId: row.visitId,
        name: null,
        isVisitor: true,
        isErased: true,
      }),
    ]);
    expect(await db.visitors.count()).toBe(0);
    host.askCheckOut(row.visitId);
    await host.confirmCheckOut();
    expect(host.presence).toEqual([]);
    expect((await db.visits.get(row.visitId))?.checkOutMethod).toBe('host');
  });

  it('opens a fresh visitor-data screen from host and goes back to host', async () => {
    const { kiosk } = makeKiosk();
    await toHost(kiosk);
    const host = hostOf(kiosk);
    expect(host.hasVisitorData).toBe(true);
    host.openVisitorData();
    expect(kiosk.screen).toBe('visitor-data');
    const first = host.visitorData;
    await first?.search('marie');
    await host.closeVisitorData();
    expect(kiosk.screen).toBe('host');
    expect(host.visitorData).toBeNull();
    host.openVisitorData();
    expect(host.visitorData).not.toBe(first);
    expect(host.visitorData?.query).toBe('');
  });

  it('forgets the search when idle sends the kiosk home', async () => {
    const { kiosk, timers } = makeKiosk();
    await toHost(kiosk);
    const host = hostOf(kiosk);
    host.openVisitorData();
    await host.visitorData?.search('marie');
    timers.advance(DEMO_KIOSK_CONFIG.idle.screenMs);
    expect(kiosk.screen).toBe('home');
    expect(host.visitorData).toBeNull();
  });

  it('is not offered without its factory, nor opened outside host mode', async () => {
    const without = makeKiosk({ withVisitorData: false }).kiosk;
    await toHost(without);
    expect(hostOf(without).hasVisitorData).toBe(false);
    hostOf(without).openVisitorData();
    expect(without.screen).toBe('host');
    const { kiosk } = makeKiosk();
    await kiosk.start();
    hostOf(kiosk).openVisitorData();
    expect(kiosk.screen).toBe('home');
  });
});
