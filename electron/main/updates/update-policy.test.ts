import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '#shared/domain/types';
import { inDailyWindow, isOpenAt, isQuietAt, type QuietHours } from './quiet-hours';
import { decideUpdate, type UpdatePolicyOptions, type UpdateState } from './update-policy';

const ZONE = 'Europe/Brussels';
/** Co-nnexion's week: Monday to Friday 08:30–18:00, Saturday 09:00–12:30, Sunday closed. */
const HOURS: OpeningHours = {
  mon: [{ from: '08:30', to: '18:00' }],
  tue: [{ from: '08:30', to: '18:00' }],
  wed: [{ from: '08:30', to: '18:00' }],
  thu: [{ from: '08:30', to: '18:00' }],
  fri: [
    { from: '08:30', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
  sat: [{ from: '09:00', to: '12:30' }],
};
const QUIET: QuietHours = { hours: HOURS, zone: ZONE, fallbackWindow: '02:00-04:00' };
const OPTIONS: UpdatePolicyOptions = {
  quiet: QUIET,
  idleMs: 5 * 60_000,
  checkEveryMs: 4 * 3600_000,
};
/** Brussels wall time of 2026 (winter: UTC+1 until 29 March; summer: UTC+2). */
const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  it('reads opening hours as wall times in the space’s zone', () => {
    expect(isOpenAt(at('2026-03-09T07:29:00Z'), HOURS, ZONE)).toBe(false); // Mon 08:29
    expect(isOpenAt(at('2026-03-09T07:30:00Z'), HOURS, ZONE)).toBe(true); // Mon 08:30
    expect(isOpenAt(at('2026-03-09T16:59:00Z'), HOURS, ZONE)).toBe(true); // Mon 17:59
    expect(isOpenAt(at('2026-03-09T17:00:00Z'), HOURS, ZONE)).toBe(false); // Mon 18:00
    expect(isOpenAt(at('2026-03-13T11:30:00Z'), HOURS, ZONE)).toBe(false); // Fri 12:30, lunch
    expect(isOpenAt(at('2026-03-15T10:00:00Z'), HOURS, ZONE)).toBe(false); // Sunday
    // Summer time: 08:30 in Brussels is 06:30 UTC.
    expect(isOpenAt(at('2026-03-30T06:30:00Z'), HOURS, ZONE)).toBe(true);
    expect(isOpenAt(at('2026-03-30T06:29:00Z'), HOURS, ZONE)).toBe(false);
  });

  it('falls back to the nightly window, also across midnight, when no hours are stated', () => {
    const none: QuietHours = { hours: undefined, zone: ZONE, fallbackWindow: '02:00-04:00' };
    expect(isQuietAt(at('2026-03-10T01:30:00Z'), none)).toBe(true); // 02:30
    expect(isQuietAt(at('2026-03-10T03:00:00Z'), none)).toBe(false); // 04:00
    expect(inDailyWindow(at('2026-03-10T22:30:00Z'), '23:00-01:00', ZONE)).toBe(true); // 23:30
    expect(inDailyWindow(at('2026-03-10T23:30:00Z'), '23:00-01:00', ZONE)).toBe(true); // 00:30
    expect(inDailyWindow(at('2026-03-11T00:30:00Z'), '23:00-01:00', ZONE)).toBe(false); // 01:30
  });
});

describe('decideUpdate', () => {
  const idle: UpdateState = {
    syncing: false,
    lastInteractionAt: undefined,
    lastCheckAt: undefined,
    busy: false,
    downloaded: undefined,
  };
  const monday22h = at('2026-03-09T21:00:00Z');
  const mondayNoon = at('2026-03-09T11:00:00Z');

  it('checks when due and no sync runs, at any hour (the download is in the background)', () => {
    expect(decideUpdate(mondayNoon, idle, OPTIONS)).toEqual({ action: 'check' });
    expect(decideUpdate(mondayNoon, { ...idle, syncing: true }, OPTIONS)).toEqual({
      action: 'wait',
      reason: 'syncing',
    });
    const checked = { ...idle, lastCheckAt: mondayNoon - 3600_000 };
    expect(decideUpdate(mondayNoon, checked, OPTIONS)).toEqual({
      action: 'wait',
      reason: 'not-due',
    });
    expect(decideUpdate(mondayNoon + 3 * 3600_000, checked, OPTIONS)).toEqual({ action: 'check' });
    expect(decideUpdate(mondayNoon, { ...idle, busy: true }, OPTIONS)).toEqual({
      action: 'wait',
      reason: 'busy',
    });
  });

  it('installs a downloaded update only outside opening hours', () => {
    const ready = { ...idle, downloaded: '1.5.0' };
    expect(decideUpdate(mondayNoon, ready, OPTIONS)).toEqual({
      action: 'wait',
      reason: 'open-hours',
    });
    expect(decideUpdate(monday22h, ready, OPTIONS)).toEqual({
      action: 'install',
      version: '1.5.0',
    });
  });

  it('never installs during a sync or within idleMs of a visitor’s interaction', () => {
    const ready = { ...idle, downloaded: '1.5.0' };
    expect(decideUpdate(monday22h, { ...ready, syncing: true }, OPTIONS)).toEqual({
      action: 'wait',
      reason: 'syncing',
    });
    const touched = { ...ready, lastInteractionAt: monday22h - 4 * 60_000 };
    expect(decideUpdate(monday22h, touched, OPTIONS)).toEqual({
      action: 'wait',
      reason: 'visitor-active',
    });
    expect(decideUpdate(monday22h + 60_000, touched, OPTIONS)).toEqual({
      action: 'install',
      version: '1.5.0',
    });
  });
});
