import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { demoCard, KIOSK_START, makeKiosk, releaseKiosks, wedgeRead } from './testing';

const { resultScreenMs, screenMs } = DEMO_KIOSK_CONFIG.idle;
const { chosenLangMs, holdOffMs } = DEMO_KIOSK_CONFIG.badge;

const local = demoCard((m) => m.isActive && m.homeSpaceId === DEMO_KIOSK_CONFIG.spaceId);
const inactive = demoCard((m) => !m.isActive);

afterEach(releaseKiosks);

/** A started kiosk on which a language other than the local member's own was just pressed. */
async function pressOtherLang() {
  const { kiosk, timers } = makeKiosk();
  await kiosk.start();
  const own = local.member.preferredLang ?? DEMO_KIOSK_CONFIG.defaultLang;
  const chosen = DEMO_KIOSK_CONFIG.languages.find((l) => l !== own);
  if (!chosen) throw new Error('the demo kiosk needs two languages');
  kiosk.chooseLang(chosen);
  return { kiosk, timers, own, chosen };
}

describe('KioskState', () => {
  it('starts on home in the default language, showing the demo space', async () => {
    const { kiosk, applied } = makeKiosk();
    expect(kiosk.screen).toBe('loading');
    expect(kiosk.reads).toBeNull();
    expect(kiosk.host).toBeNull();
    await kiosk.start();
    expect(kiosk.screen).toBe('home');
    expect(kiosk.lang).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(applied.at(-1)).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(kiosk.space?.id).toBe(DEMO_KIOSK_CONFIG.spaceId);
    expect(kiosk.languages).toEqual(DEMO_KIOSK_CONFIG.languages);
    expect(kiosk.now).toBe(KIOSK_START);
  });

  it('shows the config error with its path and every detail', async () => {
    const { kiosk } = makeKiosk({ search: '?screenMs=1&resultScreenMs=2' });
    await kiosk.start();
    expect(kiosk.screen).toBe('config-error');
    expect(kiosk.problem?.path).toBe('(query string)');
    const fields = kiosk.problem?.details.map((d) => d.split(':')[0]).sort();
    expect(fields).toEqual(['idle.resultScreenMs', 'idle.screenMs']);
    expect(kiosk.reads).toBeNull();
  });

  it('greets a member in their language, then goes home in the default one', async () => {
    const { kiosk, timers, db } = makeKiosk();
    await kiosk.start();
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.reads?.outcome).toMatchObject({
      kind: 'checked-in',
      member: { id: local.member.id },
    });
    expect(kiosk.lang).toBe(local.member.preferredLang ?? DEMO_KIOSK_CONFIG.defaultLang);
    expect(await db.visits.count()).toBe(1);

    timers.advance(resultScreenMs - 1);
    expect(kiosk.screen).toBe('welcome');
    timers.advance(1);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.lang).toBe(DEMO_KIOSK_CONFIG.defaultLang);
    expect(kiosk.reads?.outcome).toBeNull();
  });

  it('greets in a language pressed just before the tap, over the stored preference', async () => {
    const { kiosk, timers, own, chosen } = await pressOtherLang();
    timers.advance(chosenLangMs);
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.screen).toBe('welcome');
    expect(kiosk.lang).toBe(chosen);
    // Used by that greeting: the next tap, with no press, is in the member's own language.
    kiosk.goHome();
    timers.advance(holdOffMs);
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.lang).toBe(own);
  });

  it('greets in the stored preference once the press is older than chosenLangMs', async () => {
    const { kiosk, timers, own, chosen } = await pressOtherLang();
    timers.advance(chosenLangMs + 1);
    expect(kiosk.screen).toBe('home');
    expect(kiosk.lang).toBe(chosen);
    await kiosk.handleRead({ ...local.read, at: timers.now });
    expect(kiosk.lang).toBe(own);
  });

  it('sends unknown and inactive cards to their screens, checking nobody in', async () => {
    const { kiosk, timers, db } = makeKiosk();
    await kiosk.start();
    await kiosk.handleRead(wedgeRead('0123456789', 1));
    expect(kiosk.screen).toBe('unknown');
    await kiosk.handleRead({ ...inactive.read, at: timers.now });
    expect(kiosk.screen).toBe('inactive');
    expect(kiosk.reads?.outcome).toMatchObject({
      kind: 'inactive',
      member: { id: inactive.member.id },
    });
    expect(await db.visits.count()).toBe(0);
    timers.advance(resultScreenMs);
    expect(kiosk.screen).toBe('home');
  });

  it('tells the readers list when the wedge last read; a serial read does not count', async () => {
    const { kiosk } = makeKiosk();
    await kiosk.start();
    expect(kiosk.readers.wedgeLastReadAt).toBeNull();
    await kiosk.handleRead(wedgeRead('0123456789', KIOSK_START + 5_000));
    expect(kiosk.readers.wedgeLastReadAt).toBe(KIOSK_START + 5_000);
    await kiosk.handleRead({ ...wedgeRead('0123456789', KIOSK_START + 9_000), source: 'serial' });
    expect(kiosk.readers.wedgeLastReadAt).toBe(KIOSK_START + 5_000);
  });

  it('keeps a result screen its fixed time whatever the input', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    await kiosk.handleRead(wedgeRead('0123456789', 1));
    timers.advance(resultScreenMs - 10);
    kiosk.noteActivity();
    timers.advance(10);
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
    // Only the minute clock is left: home in the default language has no timeout.
    expect(timers.pendingCount).toBe(1);
  });

  it('refreshes the home clock at each minute boundary', async () => {
    const { kiosk, timers } = makeKiosk();
    await kiosk.start();
    const toBoundary = 60_000 - (KIOSK_START % 60_000);
    timers.advance(toBoundary + 49);
    expect(kiosk.now).toBe(KIOSK_START);
    timers.advance(1);
    expect(kiosk.now).toBe(KIOSK_START + toBoundary + 50);
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
    expect(kiosk.host?.presence?.map((r) => r.name)).toEqual([local.member.displayName]);
  });

  it('offers no "leave kiosk mode" in a plain browser, and says why when asked anyway', async () => {
    const { kiosk } = makeKiosk();
    await kiosk.start();
    expect(kiosk.canLeave).toBe(false);
    kiosk.openHostPin();
    kiosk.pinPad.setPin('1234');
    await kiosk.submitPin();
    expect(kiosk.screen).toBe('host');
    kiosk.openLeaveKiosk();
    expect(kiosk.screen).toBe('host-pin');
    expect(kiosk.pinPad.purpose).toBe('leave');
    kiosk.pinPad.setPin('1234');
    await kiosk.submitPin();
    expect(kiosk.pinPad.problem).toEqual({ kind: 'unavailable', code: 'host-not-a-kiosk' });
    expect(kiosk.pinPad.isLeaving).toBe(false);
    kiosk.backToHost();
    expect(kiosk.screen).toBe('host');
    expect(kiosk.pinPad.purpose).toBe('enter');
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
    await kiosk.handleRead({ ...local.read, at: KIOSK_START });
    expect(kiosk.screen).toBe('loading');
    await kiosk.start();
    expect(await db.visits.count()).toBe(0);
    expect(kiosk.screen).toBe('home');
  });
});
