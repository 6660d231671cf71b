import fc from 'fast-check';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { describe, expect, it } from 'vitest';
import { intlWall } from '#shared/time/test-support';
import { expandFeed, type FeedOccurrence } from './expand-feed';
import { parsed } from './testing/fixtures';

/**
 * Random weekly and monthly rules in Brussels and Paris, with and without a VTIMEZONE, starting
 * at any quarter hour of 2025–2027 (so some start in or recur into the 02:xx gap and overlap).
 */
const ruleArb = fc.record({
  zone: fc.constantFrom('Europe/Brussels', 'Europe/Paris'),
  hasVtimezone: fc.boolean(),
  start: fc.date({
    min: new Date(Date.UTC(2025, 0, 1)),
    max: new Date(Date.UTC(2027, 11, 31)),
    noInvalidDate: true,
  }),
  hour: fc.oneof(fc.constant(2), fc.integer({ min: 0, max: 23 })),
  minute: fc.constantFrom(0, 15, 30, 45),
  minutes: fc.integer({ min: 15, max: 600 }),
  rule: fc.oneof(
    fc
      .record({
        interval: fc.integer({ min: 1, max: 3 }),
        days: fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], {
          minLength: 0,
          maxLength: 3,
        }),
      })
      .map(
        ({ interval, days }) =>
          `FREQ=WEEKLY;INTERVAL=${interval}${days.length > 0 ? `;BYDAY=${days.join(',')}` : ''}`,
      ),
    fc.integer({ min: 1, max: 31 }).map((day) => `FREQ=MONTHLY;BYMONTHDAY=${day}`),
    fc.constantFrom('FREQ=MONTHLY;BYDAY=-1SU', 'FREQ=MONTHLY;BYDAY=2TU'),
  ),
  count: fc.integer({ min: 1, max: 80 }),
});
type Rule = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

const pad = (n: number) => String(n).padStart(2, '0');

function feedOf(rule: Rule): string {
  const d = rule.start;
  const local = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(rule.hour)}${pad(rule.minute)}00`;
  const [vtimezone] = tzlib_get_ical_block(rule.zone, false);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//COFFEE Kiosk tests//property//EN',
    ...(rule.hasVtimezone && typeof vtimezone === 'string' ? [vtimezone] : []),
    'BEGIN:VEVENT',
    'UID:random@coffee.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=${rule.zone}:${local}`,
    `DURATION:PT${rule.minutes}M`,
    `RRULE:${rule.rule};COUNT=${rule.count}`,
    'SUMMARY:Random',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

const lastSunday = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
};

const WHOLE = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2035, 0, 1) };
const options = { floatingZone: 'Europe/London' };
const key = (o: FeedOccurrence) => `${o.uid} ${o.recurrenceId ?? ''}`;

describe('expandFeed, property-based', () => {
  it('every occurrence has the local wall-clock time of the first, except in the spring gap', () => {
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const occurrences = expandFeed(parsed(feedOf(rule)), WHOLE, options);
        expect(occurrences.length).toBeGreaterThan(0);
        const wanted = `${pad(rule.hour)}:${pad(rule.minute)}:00`;
        for (const o of occurrences) {
          const wall = intlWall(o.startsAt, rule.zone);
          const [year, month, day] = wall.date.split('-').map(Number) as [number, number, number];
          const isChangeDay = day === lastSunday(year, month);
          if (wall.time === wanted) {
            // The autumn overlap's 02:xx is its first instance, still on summer time.
            if (isChangeDay && month === 10 && rule.hour === 2)
              expect(wall.offset).toBe('GMT+02:00');
            continue;
          }
          // Only a time the spring change skips may differ: read with the offset before the gap,
          // 02:xx shows as 03:xx summer time.
          expect([month, isChangeDay, rule.hour]).toEqual([3, true, 2]);
          expect(wall.time).toBe(`03:${pad(rule.minute)}:00`);
          expect(wall.offset).toBe('GMT+02:00');
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('expansion over a window equals the union of the expansions over its two halves', () => {
    const windowArb = fc
      .tuple(
        fc.integer({ min: Date.UTC(2024, 6, 1), max: Date.UTC(2029, 0, 1) }),
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([from, length, split]) => ({
        from,
        to: from + length,
        mid: from + Math.round(length * split),
      }));
    fc.assert(
      fc.property(ruleArb, windowArb, (rule, { from, to, mid }) => {
        const feed = parsed(feedOf(rule));
        const whole = expandFeed(feed, { from, to }, options);
        const halves = new Map<string, FeedOccurrence>();
        for (const o of [
          ...expandFeed(feed, { from, to: mid }, options),
          ...expandFeed(feed, { from: mid, to }, options),
        ]) {
          halves.set(key(o), o);
        }
        const union = [...halves.values()].sort((a, b) => a.startsAt - b.startsAt);
        expect(union).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
