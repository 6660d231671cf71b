import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKioskConfig } from '../config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '../demo/demo-data';
import { closingAfter, closingAtOrBefore } from './closing-time';

const BXL = 'Europe/Brussels';
const iso = (ms: number): string => new Date(ms).toISOString();

/** The wall clock "HH:MM" in `timeZone` at `ms`. */
function wallTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
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

  it('brackets every instant between two consecutive closings at the right wall time', () => {
    // From 04:00: earlier wall times may not exist on a daylight-saving day (see the header).
    const zones = [BXL, 'Europe/London', 'America/Montreal', 'Asia/Kolkata', 'Pacific/Auckland'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 4, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        (t, h, m, zone) => {
          const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const before = closingAtOrBefore(t, hhmm, zone);
          const after = closingAfter(t, hhmm, zone);
          expect(before).toBeLessThanOrEqual(t);
          expect(after).toBeGreaterThan(t);
          expect(closingAfter(before, hhmm, zone)).toBe(after);
          expect(after - before).toBeGreaterThanOrEqual(23 * 3_600_000);
          expect(after - before).toBeLessThanOrEqual(25 * 3_600_000);
          expect(wallTime(after, zone)).toBe(hhmm);
        },
      ),
      { numRuns: 500 },
    );
  });

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
