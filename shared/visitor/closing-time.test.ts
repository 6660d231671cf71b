import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKioskConfig } from '../config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '../demo/demo-data';
import { NETWORK_ZONES, intlWall } from '../time/test-support';
import { closingAfter, closingAtOrBefore, closingTimeOf } from './closing-time';

const BXL = 'Europe/Brussels';
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The wall clock in `timeZone` at `ms` as Intl reads it: ["YYYY-MM-DD", "HH:MM"]. */
function wallClock(ms: number, timeZone: string): [string, string] {
  const { date, time } = intlWall(ms, timeZone);
  return [date, time.slice(0, 5)];
}

/** The wall clock "HH:MM" in `timeZone` at `ms`. */
function wallTime(ms: number, timeZone: string): string {
  return wallClock(ms, timeZone)[1];
}

/** The calendar day after "YYYY-MM-DD". */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
}

describe('closing time', () => {
  it('is 19:00 Brussels time in winter and in summer', () => {
    const winter = Date.UTC(2025, 0, 15, 20, 30);
    expect(iso(closingAtOrBefore(winter, '19:00', BXL))).toBe('2025-01-15T18:00:00.000Z');
    expect(iso(closingAfter(winter, '19:00', BXL))).toBe('2025-01-16T18:00:00.000Z');
    const summer = Date.UTC(2025, 6, 15, 8, 0);
    expect(iso(closingAtOrBefore(summer, '19:00', BXL))).toBe('2025-07-14T17:00:00.000Z');
    expect(iso(closingAfter(summer, '19:00', BXL))).toBe('2025-07-15T17:00:00.000Z');
  });

  it('counts the closing instant itself as past, not next', () => {
    const at = Date.UTC(2025, 0, 15, 18, 0);
    expect(closingAtOrBefore(at, '19:00', BXL)).toBe(at);
    expect(iso(closingAfter(at, '19:00', BXL))).toBe('2025-01-16T18:00:00.000Z');
  });

  it('follows the daylight-saving changes', () => {
    // 30 March 2025: 02:00 → 03:00 in Brussels; 26 October 2025: 03:00 → 02:00.
    const spring = Date.UTC(2025, 2, 30, 12, 0);
    expect(iso(closingAtOrBefore(spring, '19:00', BXL))).toBe('2025-03-29T18:00:00.000Z');
    expect(iso(closingAfter(spring, '19:00', BXL))).toBe('2025-03-30T17:00:00.000Z');
    const autumn = Date.UTC(2025, 9, 26, 12, 0);
    expect(iso(closingAtOrBefore(autumn, '19:00', BXL))).toBe('2025-10-25T17:00:00.000Z');
    expect(iso(closingAfter(autumn, '19:00', BXL))).toBe('2025-10-26T18:00:00.000Z');
  });

  describe.each(NETWORK_ZONES)('on the 2026 change nights in %s', (zone) => {
    // 29 March 2026: 02:00 CET → 03:00 CEST at 01:00 UTC. 25 October 2026: 03:00 CEST → 02:00
    // CET at 01:00 UTC. Each row: a closing time and its instant on that Sunday.
    it.each([
      ['spring', '01:59', '2026-03-29T00:59:00.000Z'],
      ['spring', '02:00', '2026-03-29T01:00:00.000Z'],
      ['spring', '02:30', '2026-03-29T01:30:00.000Z'],
      ['spring', '02:59', '2026-03-29T01:59:00.000Z'],
      ['spring', '03:00', '2026-03-29T01:00:00.000Z'],
      ['spring', '03:30', '2026-03-29T01:30:00.000Z'],
      ['autumn', '01:59', '2026-10-24T23:59:00.000Z'],
      ['autumn', '02:00', '2026-10-25T00:00:00.000Z'],
      ['autumn', '02:30', '2026-10-25T00:30:00.000Z'],
      ['autumn', '02:59', '2026-10-25T00:59:00.000Z'],
      ['autumn', '03:00', '2026-10-25T02:00:00.000Z'],
    ])('%s, closing at %s', (night, closing, sunday) => {
      const at = Date.parse(sunday);
      const saturdayNoon =
        night === 'spring' ? Date.UTC(2026, 2, 28, 11) : Date.UTC(2026, 9, 24, 10);
      const mondayNoon = saturdayNoon + 48 * HOUR - (night === 'spring' ? HOUR : -HOUR);
      expect(iso(closingAfter(saturdayNoon, closing, zone))).toBe(sunday);
      expect(closingAtOrBefore(at, closing, zone)).toBe(at);
      expect(closingAfter(at - 1, closing, zone)).toBe(at);
      // The neighbours are Saturday's and Monday's, at the closing's own wall time.
      const saturday = closingAtOrBefore(at - 1, closing, zone);
      const monday = closingAfter(at, closing, zone);
      expect(wallClock(saturday, zone)).toEqual([
        night === 'spring' ? '2026-03-28' : '2026-10-24',
        closing,
      ]);
      expect(wallClock(monday, zone)).toEqual([
        night === 'spring' ? '2026-03-30' : '2026-10-26',
        closing,
      ]);
      expect(closingAtOrBefore(mondayNoon, closing, zone)).toBe(monday);
    });

    it('closes once on the autumn night, at the first of the two 02:30s', () => {
      const first = Date.UTC(2026, 9, 25, 0, 30);
      const second = Date.UTC(2026, 9, 25, 1, 30);
      expect(wallTime(second, zone)).toBe('02:30');
      expect(closingAtOrBefore(second, '02:30', zone)).toBe(first);
      expect(iso(closingAfter(first, '02:30', zone))).toBe('2026-10-26T01:30:00.000Z');
      expect(iso(closingAfter(second - 1, '02:30', zone))).toBe('2026-10-26T01:30:00.000Z');
    });

    it('closes at 03:30 for 02:30 on the spring night, not in the hour before the change', () => {
      // Before the fix this was 01:30 CET, an hour before the (skipped) wall time.
      const changed = Date.UTC(2026, 2, 29, 1, 0);
      expect(iso(closingAtOrBefore(changed - 1, '02:30', zone))).toBe('2026-03-28T01:30:00.000Z');
      expect(iso(closingAfter(changed - 1, '02:30', zone))).toBe('2026-03-29T01:30:00.000Z');
      expect(wallTime(closingAfter(changed - 1, '02:30', zone), zone)).toBe('03:30');
    });

    it('keeps 19:00 across the changed hour: 23 hours, then 25 hours apart', () => {
      const spring = closingAfter(Date.UTC(2026, 2, 28, 12), '19:00', zone);
      expect(iso(spring)).toBe('2026-03-28T18:00:00.000Z');
      expect(closingAfter(spring, '19:00', zone) - spring).toBe(23 * HOUR);
      const autumn = closingAfter(Date.UTC(2026, 9, 24, 12), '19:00', zone);
      expect(iso(autumn)).toBe('2026-10-24T17:00:00.000Z');
      expect(closingAfter(autumn, '19:00', zone) - autumn).toBe(25 * HOUR);
    });
  });

  it('brackets every instant of 2026–2030 in the network, whatever the closing time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2031, 0, 1) - 1 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.constantFrom(...NETWORK_ZONES),
        (t, minuteOfDay, zone) => {
          const hhmm = new Date(minuteOfDay * 60_000).toISOString().slice(11, 16);
          const before = closingAtOrBefore(t, hhmm, zone);
          const after = closingAfter(t, hhmm, zone);
          expect(before).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(after);
          const [beforeDate, beforeTime] = wallClock(before, zone);
          const [afterDate, afterTime] = wallClock(after, zone);
          expect(afterDate).toBe(nextDay(beforeDate));
          // In Brussels and Paris only 02:00–02:59 on the last Sunday of March is ever skipped.
          for (const [date, time] of [
            [beforeDate, beforeTime],
            [afterDate, afterTime],
          ] as const) {
            const isSkipped =
              hhmm.startsWith('02:') &&
              date.slice(5, 7) === '03' &&
              new Date(`${date}T12:00:00Z`).getUTCDay() === 0 &&
              Number(date.slice(8)) > 24;
            expect(time).toBe(isSkipped ? `03:${hhmm.slice(3)}` : hhmm);
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('works just after midnight and in a zone west of UTC', () => {
    expect(iso(closingAtOrBefore(Date.UTC(2025, 0, 15, 23, 30), '00:15', BXL))).toBe(
      '2025-01-15T23:15:00.000Z',
    );
    expect(iso(closingAfter(Date.UTC(2025, 0, 15, 3, 0), '22:00', 'America/Montreal'))).toBe(
      '2025-01-16T03:00:00.000Z',
    );
  });

  it('refuses a malformed time or an unknown zone', () => {
    expect(() => closingAfter(0, '7pm', BXL)).toThrow(RangeError);
    expect(() => closingAfter(0, '24:00', BXL)).toThrow(RangeError);
    expect(() => closingAfter(0, '19:00', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('brackets every instant between two consecutive closings, a wall day apart', () => {
    // Every minute of the day, the skipped spring hour included (see the header).
    const zones = [
      ...NETWORK_ZONES,
      'Europe/London',
      'America/Montreal',
      'Asia/Kolkata',
      'Pacific/Auckland',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        (t, h, m, zone) => {
          const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const before = closingAtOrBefore(t, hhmm, zone);
          const after = closingAfter(t, hhmm, zone);
          expect(before).toBeLessThanOrEqual(t);
          expect(after).toBeGreaterThan(t);
          expect(closingAfter(before, hhmm, zone)).toBe(after);
          expect(closingAtOrBefore(after - 1, hhmm, zone)).toBe(before);
          expect(after - before).toBeGreaterThanOrEqual(23 * HOUR);
          expect(after - before).toBeLessThanOrEqual(25 * HOUR);
          expect(wallClock(after, zone)[0]).toBe(nextDay(wallClock(before, zone)[0]));
          // On time, or one hour late when the spring change skips that wall time.
          const skipped = wallTime(after - HOUR, zone) < hhmm && wallTime(after, zone) > hhmm;
          const late = new Date(Date.parse(`2000-01-01T${hhmm}:00Z`) + HOUR)
            .toISOString()
            .slice(11, 16);
          expect(wallTime(after, zone)).toBe(skipped ? late : hhmm);
          // The first of two repeated wall times: an hour earlier the clock read otherwise.
          expect(wallTime(after - HOUR, zone)).not.toBe(wallTime(after, zone));
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('is optional in the kiosk config, and a malformed one is named', () => {
    const none = parseKioskConfig(DEMO_KIOSK_CONFIG);
    expect(none.ok && none.value.visitors.closingTime).toBeUndefined();
    const set = parseKioskConfig({ ...DEMO_KIOSK_CONFIG, visitors: { closingTime: '19:00' } });
    expect(set.ok && set.value.visitors.closingTime).toBe('19:00');
    const bad = parseKioskConfig({ ...DEMO_KIOSK_CONFIG, visitors: { closingTime: '7pm' } });
    expect(bad.ok ? [] : bad.error.details).toEqual([
      'visitors.closingTime: a time of day as HH:MM, e.g. 19:00',
    ]);
  });
});

describe('the closing time in force', () => {
  it("is the space's own when it states one, else the kiosk's configured one, else none", () => {
    expect(closingTimeOf({ closingTime: '18:00' }, '19:00')).toBe('18:00');
    expect(closingTimeOf({}, '19:00')).toBe('19:00');
    expect(closingTimeOf(undefined, '19:00')).toBe('19:00');
    expect(closingTimeOf({ closingTime: '18:00' }, undefined)).toBe('18:00');
    expect(closingTimeOf({}, undefined)).toBeUndefined();
  });
});
