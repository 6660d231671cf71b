import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyAfter, dailyAtOrBefore } from './daily';
import { NETWORK_ZONES, intlWall } from './test-support';
import { addDays, wallDateOf } from './zoned';

const HOUR = 3_600_000;

/** Minutes since midnight on the wall clock, read by Intl. */
function intlMinuteOfDay(ms: number, timeZone: string): number {
  const [h = 0, m = 0] = intlWall(ms, timeZone).time.split(':').map(Number);
  return h * 60 + m;
}

// The network's zones, and zones whose changes fall elsewhere: at midnight (Santiago), by half an
// hour (Lord Howe), in the southern summer (Auckland), never (Kolkata, Kathmandu's +05:45).
const ZONES = [
  ...NETWORK_ZONES,
  'Europe/London',
  'America/Montreal',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Asia/Kathmandu',
];

describe('a daily time of day', () => {
  it('happens once per wall date, at its wall time or just after a gap that skips it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2031, 0, 1) - 1 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...ZONES),
        (t, hour, minute, zone) => {
          const time = { hour, minute };
          const before = dailyAtOrBefore(t, time, zone);
          const after = dailyAfter(t, time, zone);
          expect(before).toBeLessThanOrEqual(t);
          expect(after).toBeGreaterThan(t);
          // Consecutive: nothing in between, from either end.
          expect(dailyAfter(before, time, zone)).toBe(after);
          expect(dailyAtOrBefore(after - 1, time, zone)).toBe(before);
          expect(dailyAtOrBefore(after, time, zone)).toBe(after);
          // A day apart in wall time: the next wall date, 23 to 25 hours later.
          expect(wallDateOf(after, zone)).toEqual(addDays(wallDateOf(before, zone), 1));
          expect(after - before).toBeGreaterThanOrEqual(23 * HOUR);
          expect(after - before).toBeLessThanOrEqual(25 * HOUR);
          for (const at of [before, after]) {
            const late = intlMinuteOfDay(at, zone) - (hour * 60 + minute);
            // On time, or moved forward by a gap that ended within the last `late` minutes.
            if (late !== 0) {
              expect(late).toBeGreaterThan(0);
              expect(late).toBeLessThanOrEqual(60);
              expect(intlWall(at - late * 60_000 - 1, zone).offset).not.toBe(
                intlWall(at, zone).offset,
              );
            }
          }
        },
      ),
      { numRuns: 400 },
    );
    // The polyfill reads zone offsets through Intl: a few hundred µs per call on Node.
  }, 60_000);

  it('takes the first of two repeated occurrences, never the second', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NETWORK_ZONES),
        fc.integer({ min: 2026, max: 2030 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, year, minute) => {
          // The night the clocks go back (last Sunday of October, 01:00 UTC): 02:mm happens
          // at 00:mm UTC and again at 01:mm UTC.
          const night = lastSundayOfOctober(year);
          const first = night + minute * 60_000;
          const second = first + HOUR;
          const time = { hour: 2, minute };
          expect(dailyAfter(first - 1, time, zone)).toBe(first);
          expect(dailyAtOrBefore(second, time, zone)).toBe(first);
          expect(dailyAfter(first, time, zone)).toBeGreaterThan(second + 23 * HOUR);
        },
      ),
    );
  });

  it('throws a RangeError for an unknown zone or an impossible time', () => {
    expect(() => dailyAfter(0, { hour: 2, minute: 0 }, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => dailyAtOrBefore(0, { hour: 25, minute: 0 }, 'UTC')).toThrow(RangeError);
  });
});

/** 00:00 UTC on the last Sunday of October of `year`. */
function lastSundayOfOctober(year: number): number {
  const last = Date.UTC(year, 9, 31);
  return last - new Date(last).getUTCDay() * 24 * HOUR;
}
