import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORK_ZONES, intlWall } from './test-support';
import {
  addCalendarDays,
  addDays,
  startOfDay,
  systemTimeZone,
  toInstant,
  toWall,
  wallDateOf,
} from './zoned';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('shared/time on Node', () => {
  it('runs the polyfill here: Node 20 has no Temporal of its own', () => {
    expect('Temporal' in globalThis).toBe(false);
  });

  it('reads the wall clock at an instant, to the millisecond', () => {
    expect(toWall(Date.UTC(2026, 9, 25, 0, 30, 5, 7), 'Europe/Brussels')).toEqual({
      year: 2026,
      month: 10,
      day: 25,
      hour: 2,
      minute: 30,
      second: 5,
      millisecond: 7,
    });
    // The second 02:30 of that night reads the same: the wall clock alone is ambiguous.
    expect(toWall(Date.UTC(2026, 9, 25, 1, 30, 5, 7), 'Europe/Brussels')).toMatchObject({
      hour: 2,
      minute: 30,
    });
    expect(wallDateOf(Date.UTC(2026, 2, 28, 23, 30), 'Europe/Paris')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
    });
    expect(wallDateOf(Date.UTC(2026, 2, 28, 23, 30), 'America/Montreal')).toEqual({
      year: 2026,
      month: 3,
      day: 28,
    });
  });

  it('starts a day at its midnight, or where the clocks land when they skip it', () => {
    expect(iso(startOfDay({ year: 2026, month: 3, day: 29 }, 'Europe/Brussels'))).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(iso(startOfDay({ year: 2026, month: 10, day: 26 }, 'Europe/Paris'))).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    // Chile moves from -04 to -03 at midnight on 6 September 2026: the day starts at 01:00.
    expect(iso(startOfDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago'))).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('adds calendar days to a date across months, years and 29 February', () => {
    expect(addDays({ year: 2026, month: 3, day: 29 }, 3)).toEqual({ year: 2026, month: 4, day: 1 });
    expect(addDays({ year: 2027, month: 12, day: 31 }, 60)).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
    expect(addDays({ year: 2026, month: 1, day: 1 }, -1)).toEqual({
      year: 2025,
      month: 12,
      day: 31,
    });
  });

  it('adds calendar days at the same wall time: 23 and 25 hours over the changes', () => {
    const sat = Date.UTC(2026, 2, 28, 18); // Saturday 19:00 CET
    expect(addCalendarDays(sat, 1, 'Europe/Brussels') - sat).toBe(23 * 3_600_000);
    const octSat = Date.UTC(2026, 9, 24, 17); // Saturday 19:00 CEST
    expect(addCalendarDays(octSat, 1, 'Europe/Paris') - octSat).toBe(25 * 3_600_000);
    expect(addCalendarDays(octSat, 7, 'Europe/Paris') - octSat).toBe((7 * 24 + 1) * 3_600_000);
    // Saturday 02:30 plus a day lands in the skipped hour: 03:30 CEST, as `compatible` reads it.
    expect(iso(addCalendarDays(Date.UTC(2026, 2, 28, 1, 30), 1, 'Europe/Brussels'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('refuses an unknown zone, an impossible field and a fractional instant', () => {
    const wall = { year: 2026, month: 1, day: 1, hour: 0, minute: 0 };
    expect(() => toInstant(wall, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => toInstant({ ...wall, month: 13 }, 'UTC')).toThrow(RangeError);
    expect(() => toInstant({ ...wall, day: 32 }, 'UTC')).toThrow(RangeError);
    expect(() => toInstant({ ...wall, hour: 24 }, 'UTC')).toThrow(RangeError);
    expect(() => toInstant({ ...wall, minute: Number.NaN }, 'UTC')).toThrow(RangeError);
    expect(() => toWall(1.5, 'UTC')).toThrow(RangeError);
    expect(() => wallDateOf(0, 'Nowhere')).toThrow(RangeError);
    expect(() => startOfDay({ year: 2026, month: 2, day: 29 }, 'UTC')).toThrow(RangeError);
    expect(() => addDays({ year: 2026, month: 2, day: 30 }, 1)).toThrow(RangeError);
  });

  it("names the machine's zone as an IANA name every function accepts", () => {
    expect(() => toWall(0, systemTimeZone())).not.toThrow();
  });

  it('agrees with Intl on the wall clock, and round-trips every instant of 2026–2030', () => {
    const zones = [...NETWORK_ZONES, 'Europe/London', 'America/Montreal', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2031, 0, 1) - 1 }),
        fc.constantFrom(...zones),
        (at, zone) => {
          const wall = toWall(at, zone);
          const pad = (n: number): string => String(n).padStart(2, '0');
          const { date, time } = intlWall(at, zone);
          expect(`${date} ${time}`).toBe(
            `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`,
          );
          // A wall time read off the clock exists, so only a repeated one needs `later`.
          const back = [toInstant(wall, zone, 'earlier'), toInstant(wall, zone, 'later')];
          expect(back).toContain(at);
        },
      ),
      { numRuns: 400 },
    );
  }, 30_000);
});
