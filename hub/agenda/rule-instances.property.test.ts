import fc from 'fast-check';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { describe, expect, it } from 'vitest';
import { expandFeed } from './expand-feed';
import { parsed } from './testing/fixtures';

/**
 * The rrule crate walks plain rules (rule-instances.ts); ical.js remains the reference. For
 * random rules of every frequency with BY parts, COUNT or UNTIL or neither, timed (zoned,
 * floating, UTC) or all-day, with EXDATEs, both walks give the same occurrences. BYSETPOS and
 * 29 February are left out: there ical.js is wrong and the crate right (pinned below).
 */
const byDay = fc
  .subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { minLength: 1, maxLength: 3 })
  .map((days) => days.join(','));
const ruleArb = fc.record({
  zone: fc.constantFrom('Europe/Brussels', 'Europe/Paris', 'floating', 'UTC'),
  allDay: fc.boolean(),
  start: fc.date({
    min: new Date(Date.UTC(2024, 0, 1)),
    max: new Date(Date.UTC(2027, 5, 30)),
    noInvalidDate: true,
  }),
  hour: fc.oneof(fc.constant(2), fc.integer({ min: 0, max: 23 })),
  minute: fc.constantFrom(0, 15, 30, 45),
  rule: fc.oneof(
    fc.integer({ min: 1, max: 3 }).map((n) => `FREQ=DAILY;INTERVAL=${n}`),
    fc
      .tuple(fc.integer({ min: 1, max: 3 }), byDay, fc.constantFrom('MO', 'SU'))
      .map(([n, days, wkst]) => `FREQ=WEEKLY;INTERVAL=${n};BYDAY=${days};WKST=${wkst}`),
    fc.constantFrom(-1, 1, 15, 29, 30, 31).map((d) => `FREQ=MONTHLY;BYMONTHDAY=${d}`),
    fc
      .tuple(fc.constantFrom('1', '2', '-1', ''), fc.constantFrom('MO', 'TU', 'SU'))
      .map(([nth, day]) => `FREQ=MONTHLY;BYDAY=${nth}${day}`),
    fc.constantFrom(
      'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'FREQ=YEARLY',
    ),
  ),
  end: fc.oneof(
    fc.constant(''),
    fc.integer({ min: 1, max: 60 }).map((n) => `;COUNT=${n}`),
    fc.integer({ min: 10, max: 500 }).map((days) => ({ days })),
  ),
  exdateAfterDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
});
type Rule = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;

function feedOf(r: Rule): string {
  const day = dateOf(r.start);
  const time = `T${pad(r.hour)}${pad(r.minute)}00`;
  const value = (d: string) =>
    r.allDay
      ? `;VALUE=DATE:${d}`
      : r.zone === 'floating'
        ? `:${d}${time}`
        : r.zone === 'UTC'
          ? `:${d}${time}Z`
          : `;TZID=${r.zone}:${d}${time}`;
  let end = '';
  if (typeof r.end === 'string') end = r.end;
  else {
    const until = dateOf(new Date(r.start.getTime() + r.end.days * 86_400_000));
    end = r.allDay ? `;UNTIL=${until}` : `;UNTIL=${until}T120000Z`;
  }
  const [vtimezone] =
    r.zone.startsWith('Europe/') && !r.allDay ? tzlib_get_ical_block(r.zone, false) : [];
  const exdate =
    r.exdateAfterDays === undefined
      ? []
      : [`EXDATE${value(dateOf(new Date(r.start.getTime() + r.exdateAfterDays * 86_400_000)))}`];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//COFFEE Kiosk tests//walkers//EN',
    ...(typeof vtimezone === 'string' ? [vtimezone] : []),
    'BEGIN:VEVENT',
    'UID:walk@coffee.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART${value(day)}`,
    r.allDay ? 'DURATION:P1D' : 'DURATION:PT90M',
    `RRULE:${r.rule}${end}`,
    ...exdate,
    'SUMMARY:Walk',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('the rrule crate and ical.js walk plain rules alike', () => {
  it('gives the same occurrences over a window, for random rules', () => {
    const window = { from: Date.UTC(2025, 6, 1), to: Date.UTC(2027, 0, 1) };
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const feed = parsed(feedOf(rule));
        const options = { floatingZone: 'Europe/Brussels' };
        const crate = expandFeed(feed, window, { ...options, walker: 'crate' });
        const ical = expandFeed(feed, window, { ...options, walker: 'ical' });
        expect(crate).toEqual(ical);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('takes BYSETPOS as RFC 5545 says, where ical.js does not', () => {
    // The last Friday of each month from Saturday 1 November 2025, three times (ical.js took the
    // first Friday, 7 November, for a last Friday).
    const feed = parsed(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//COFFEE Kiosk tests//walkers//EN',
        'BEGIN:VEVENT',
        'UID:setpos@coffee.test',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=Europe/Brussels:20251101T020000',
        'DURATION:PT90M',
        'RRULE:FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=3',
        'SUMMARY:Last Friday',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const window = { from: Date.UTC(2025, 9, 1), to: Date.UTC(2026, 3, 1) };
    const starts = expandFeed(feed, window, { floatingZone: 'Europe/Brussels' }).map((o) =>
      new Date(o.startsAt).toISOString(),
    );
    // 28 November, 26 December (CET: 01:00Z), 30 January.
    expect(starts).toEqual([
      '2025-11-28T01:00:00.000Z',
      '2025-12-26T01:00:00.000Z',
      '2026-01-30T01:00:00.000Z',
    ]);
  });

  it('skips 29 February in common years, where ical.js put 1 March', () => {
    const feed = parsed(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//COFFEE Kiosk tests//walkers//EN',
        'BEGIN:VEVENT',
        'UID:leap@coffee.test',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=Europe/Brussels:20240229T100000',
        'DURATION:PT1H',
        'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2',
        'SUMMARY:Leap day',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const window = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2029, 0, 1) };
    const starts = expandFeed(feed, window, { floatingZone: 'Europe/Brussels' }).map((o) =>
      new Date(o.startsAt).toISOString(),
    );
    expect(starts).toEqual(['2024-02-29T09:00:00.000Z', '2028-02-29T09:00:00.000Z']);
  });
});
