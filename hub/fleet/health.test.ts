import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '#shared/domain/types';
import type { KioskRow } from '../store/store';
import { heartbeatBody, heartbeatRow } from '../test-support/heartbeats';
import { FLEET_RULES, compareVersions, fleetHealth, kioskHealth, type SpaceHours } from './health';

const MIN = 60_000;
const BRUSSELS = 'Europe/Brussels';

function kiosk(kioskId: string, over: Partial<KioskRow> = {}): KioskRow {
  return {
    kioskId,
    spaceId: 'mons',
    tokenHash: 'h',
    createdAt: 0,
    revokedAt: null,
    pulledThrough: 0,
    ...over,
  };
}

const ALWAYS: SpaceHours = { timezone: BRUSSELS };
const WEEKDAYS_8_18: OpeningHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [{ from: '08:00', to: '18:00' }]]),
);
const ALL_DAY: OpeningHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [
    d,
    [{ from: '00:00', to: '24:00' }],
  ]),
);

/** The state of kiosk k1 last heard at `lastAt`, seen at `now`, in a space of `space`. */
function stateAt(lastAt: number, now: number, space: SpaceHours = ALWAYS): string {
  return kioskHealth(kiosk('k1'), heartbeatRow('k1', lastAt), space, null, now).state;
}

describe('kiosk states', () => {
  const t0 = Date.UTC(2026, 5, 10, 10, 0);

  it('says revoked first, then never seen, each with its reason', () => {
    const revoked = kiosk('k1', { revokedAt: t0 - MIN });
    expect(kioskHealth(revoked, heartbeatRow('k1', t0), ALWAYS, null, t0)).toMatchObject({
      state: 'revoked',
      reasons: [{ code: 'revoked', at: t0 - MIN }],
    });
    expect(kioskHealth(kiosk('k1'), undefined, ALWAYS, null, t0)).toMatchObject({
      state: 'never-seen',
      reasons: [{ code: 'never-seen' }],
      lastSeenAt: null,
    });
  });

  it('says down after 30 silent minutes when the space states no hours', () => {
    expect(stateAt(t0, t0 + FLEET_RULES.silentMs - 1)).toBe('ok');
    expect(
      kioskHealth(kiosk('k1'), heartbeatRow('k1', t0), ALWAYS, null, t0 + FLEET_RULES.silentMs),
    ).toMatchObject({ state: 'down', reasons: [{ code: 'silent', since: t0 }] });
  });

  it('counts only opening hours: a kiosk silent over the weekend is down 30 minutes into Monday', () => {
    const space = { timezone: BRUSSELS, openingHours: WEEKDAYS_8_18 };
    // Friday 12 June 2026, 17:50 CEST = 15:50 UTC; Monday 15 June 08:19 / 08:20 CEST.
    const friday = Date.UTC(2026, 5, 12, 15, 50);
    expect(stateAt(friday, Date.UTC(2026, 5, 14, 12, 0), space)).toBe('ok');
    expect(stateAt(friday, Date.UTC(2026, 5, 15, 6, 19), space)).toBe('ok');
    expect(stateAt(friday, Date.UTC(2026, 5, 15, 6, 20), space)).toBe('down');
    // Gone silent at 10:00 on a Tuesday: down by 10:30, and still down that night.
    const tuesday = Date.UTC(2026, 5, 16, 8, 0);
    expect(stateAt(tuesday, tuesday + 30 * MIN, space)).toBe('down');
    expect(stateAt(tuesday, Date.UTC(2026, 5, 16, 22, 0), space)).toBe('down');
  });

  it('counts the real minutes of a spring-forward night in Brussels (29 March 2026)', () => {
    const space = { timezone: BRUSSELS, openingHours: ALL_DAY };
    // 01:45 CET = 00:45 UTC; the clocks jump 02:00 → 03:00. 03:14 CEST is 29 minutes later.
    const last = Date.UTC(2026, 2, 29, 0, 45);
    expect(stateAt(last, Date.UTC(2026, 2, 29, 1, 14), space)).toBe('ok');
    expect(stateAt(last, Date.UTC(2026, 2, 29, 1, 15), space)).toBe('down');
  });

  it('counts the repeated hour of a fall-back night in Brussels (25 October 2026)', () => {
    // Open only 02:00–03:00 on Sundays: on 25 October that wall hour lasts two real hours.
    const space = { timezone: BRUSSELS, openingHours: { sun: [{ from: '02:00', to: '03:00' }] } };
    // 02:45 CEST = 00:45 UTC; 02:10 CET (the second 02:10) = 01:10 UTC, 25 open minutes later.
    const last = Date.UTC(2026, 9, 25, 0, 45);
    expect(stateAt(last, Date.UTC(2026, 9, 25, 1, 10), space)).toBe('ok');
    expect(stateAt(last, Date.UTC(2026, 9, 25, 1, 15), space)).toBe('down');
    // Closed after 03:00 CET: a later look still counts 75 open minutes, so down.
    expect(stateAt(last, Date.UTC(2026, 9, 25, 9, 0), space)).toBe('down');
    // Silent from before the night's opening to just after it: 29 minutes open, not down.
    expect(stateAt(Date.UTC(2026, 9, 24, 20, 0), Date.UTC(2026, 9, 25, 0, 29), space)).toBe('ok');
  });

  it('asks for attention with every reason that holds, at the stated thresholds', () => {
    const body = heartbeatBody({
      sentAt: t0,
      outboxSize: 12,
      outboxOldestAt: t0 - FLEET_RULES.backlogMs - 1,
      readers: [
        { name: 'front', kind: 'serial', state: 'disconnected' },
        { name: 'keyboard-wedge', kind: 'wedge', state: 'listening' },
      ],
      appVersion: '1.3.9',
    });
    const row = heartbeatRow('k1', t0, {
      heartbeat: body,
      clockOffsetMs: -FLEET_RULES.clockOffsetMs - 1,
    });
    expect(kioskHealth(kiosk('k1'), row, ALWAYS, '1.4.0', t0).reasons).toEqual([
      { code: 'backlog', entries: 12, oldestAt: t0 - FLEET_RULES.backlogMs - 1 },
      { code: 'clock-offset', offsetMs: -FLEET_RULES.clockOffsetMs - 1 },
      { code: 'reader-disconnected', reader: 'front' },
      { code: 'version-behind', version: '1.3.9', newest: '1.4.0' },
    ]);
    const atThresholds = heartbeatRow('k1', t0, {
      heartbeat: heartbeatBody({
        sentAt: t0,
        outboxSize: 1,
        outboxOldestAt: t0 - FLEET_RULES.backlogMs,
      }),
      clockOffsetMs: FLEET_RULES.clockOffsetMs,
    });
    expect(kioskHealth(kiosk('k1'), atThresholds, ALWAYS, '1.4.0', t0)).toMatchObject({
      state: 'ok',
      reasons: [],
    });
  });

  it('takes the newest version over the kiosks still enrolled, comparing semver only', () => {
    const rows = [
      heartbeatRow('a', t0, { heartbeat: heartbeatBody({ appVersion: '1.4.0' }) }),
      heartbeatRow('b', t0, { heartbeat: heartbeatBody({ appVersion: '1.10.0-rc.1' }) }),
      heartbeatRow('c', t0, { heartbeat: heartbeatBody({ appVersion: 'dev' }) }),
      heartbeatRow('d', t0, { heartbeat: heartbeatBody({ appVersion: '2.0.0' }) }),
    ];
    const kiosks = [kiosk('a'), kiosk('b'), kiosk('c'), kiosk('d', { revokedAt: t0 })];
    const states = fleetHealth(kiosks, rows, new Map([['mons', ALWAYS]]), t0);
    expect(states.map((k) => [k.kioskId, k.state])).toEqual([
      ['a', 'attention'],
      ['b', 'ok'],
      ['c', 'ok'],
      ['d', 'revoked'],
    ]);
    expect(compareVersions('1.10.0', '1.10.0-rc.1')).toBeGreaterThan(0);
    expect(compareVersions('1.9.9', '1.10.0')).toBeLessThan(0);
  });
});
