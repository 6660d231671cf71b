import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { weekOfMonthForm } from './rule-instances';
import { icalInstances } from './testing/fixtures';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Monthly n-th weekday rules, starting on any day (on an instance or not), ended or not. */
const nthWeekdayArb = fc.record({
  position: fc.constantFrom(1, 2, 3, 4),
  hasPlus: fc.boolean(),
  weekdays: fc.subarray([...WEEKDAYS], { minLength: 1, maxLength: 3 }),
  interval: fc.integer({ min: 1, max: 3 }),
  end: fc.oneof(
    fc.constant(''),
    fc.integer({ min: 1, max: 40 }).map((n) => `;COUNT=${n}`),
    fc.integer({ min: 0, max: 900 }).map((days) => {
      const d = new Date(Date.UTC(2026, 0, 1) + days * 86_400_000);
      return `;UNTIL=${d.toISOString().slice(0, 10).replaceAll('-', '')}T235959`;
    }),
  ),
  start: fc.date({
    min: new Date(Date.UTC(2025, 0, 1)),
    max: new Date(Date.UTC(2027, 11, 31)),
    noInvalidDate: true,
  }),
  isDate: fc.boolean(),
});

/** The rule's text and a start as the property's record describes them. */
function ruleOf(r: typeof nthWeekdayArb extends fc.Arbitrary<infer T> ? T : never) {
  const sign = r.position > 0 && r.hasPlus ? '+' : '';
  const byday = r.weekdays.map((d) => `${sign}${r.position}${d}`).join(',');
  const text = `FREQ=MONTHLY;INTERVAL=${r.interval};BYDAY=${byday}${r.end}`;
  const start = ICAL.Time.fromData({
    year: r.start.getUTCFullYear(),
    month: r.start.getUTCMonth() + 1,
    day: r.start.getUTCDate(),
    hour: 9,
    minute: 30,
    isDate: r.isDate,
  });
  return { text, start };
}

describe('weekOfMonthForm', () => {
  it('gives the instances of the rule as written, from a start on one (property)', () => {
    fc.assert(
      fc.property(nthWeekdayArb, (r) => {
        const { text, start: anyDay } = ruleOf(r);
        // Start on the rule's first instance from a random day, as calendar programs write it.
        const unbounded = ICAL.Recur.fromString(text.replace(/;(COUNT|UNTIL)=[^;]*/, ''));
        const start = unbounded.iterator(anyDay.clone()).next().clone();
        const rule = ICAL.Recur.fromString(text);
        const rewritten = weekOfMonthForm(rule, start);
        expect(rewritten, `${text} from ${start.toString()}`).toBeDefined();
        if (!rewritten) return;
        expect(icalInstances(rewritten, start, 40), text).toEqual(icalInstances(rule, start, 40));
        // The rule given is left as it was.
        expect(rule.toString()).toBe(ICAL.Recur.fromString(text).toString());
      }),
      { numRuns: 400 },
    );
    // 400 rules, 80 expansions each: 5 s was seen to run out once on a loaded 2-core machine.
  }, 20_000);

  it('is undefined, or gives the same instances, from any start (property)', () => {
    fc.assert(
      fc.property(nthWeekdayArb, (r) => {
        const { text, start } = ruleOf(r);
        const rule = ICAL.Recur.fromString(text);
        const rewritten = weekOfMonthForm(rule, start);
        if (rewritten) {
          expect(icalInstances(rewritten, start, 40), text).toEqual(icalInstances(rule, start, 40));
        }
      }),
      { numRuns: 400 },
    );
  }, 20_000);

  it('leaves a rule whose start is not one of its instances as it is', () => {
    // 1 January 2025 is a Wednesday; the first Tuesday of that month is the 7th.
    const start = ICAL.Time.fromData({ year: 2025, month: 1, day: 1, hour: 9, minute: 30 });
    expect(weekOfMonthForm(ICAL.Recur.fromString('FREQ=MONTHLY;BYDAY=1TU'), start)).toBeUndefined();
    expect(weekOfMonthForm(ICAL.Recur.fromString('FREQ=MONTHLY;BYDAY=1WE'), start)).toBeDefined();
  });

  it('writes 1TU as Tuesdays on days 1–7 and 4FR as Fridays on days 22–28', () => {
    // Tuesday 3 and Friday 27 March 2026.
    const tuesday = ICAL.Time.fromData({ year: 2026, month: 3, day: 3, hour: 9, minute: 30 });
    const friday = ICAL.Time.fromData({ year: 2026, month: 3, day: 27, hour: 9, minute: 30 });
    expect(
      weekOfMonthForm(ICAL.Recur.fromString('FREQ=MONTHLY;BYDAY=1TU'), tuesday)?.toString(),
    ).toBe('FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=1,2,3,4,5,6,7');
    expect(
      weekOfMonthForm(ICAL.Recur.fromString('FREQ=MONTHLY;COUNT=5;BYDAY=4FR'), friday)?.toString(),
    ).toBe('FREQ=MONTHLY;COUNT=5;BYDAY=FR;BYMONTHDAY=22,23,24,25,26,27,28');
  });

  it.each([
    'FREQ=WEEKLY;BYDAY=1TU',
    'FREQ=MONTHLY;BYDAY=TU',
    'FREQ=MONTHLY;BYDAY=5TU',
    'FREQ=MONTHLY;BYDAY=-5TU',
    'FREQ=MONTHLY;BYDAY=-1TU',
    'FREQ=MONTHLY;BYDAY=1TU,2TU',
    'FREQ=MONTHLY;BYDAY=1TU,TH',
    'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1',
    'FREQ=MONTHLY;BYDAY=1TU;BYMONTH=3,9',
    'FREQ=MONTHLY;BYDAY=1TU;BYMONTHDAY=1',
    'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9,17',
    'FREQ=MONTHLY;BYMONTHDAY=15',
  ])('leaves %s to ical.js as written', (text) => {
    // Tuesday 3 March 2026: the first Tuesday, so only the rule's shape can refuse.
    const start = ICAL.Time.fromData({ year: 2026, month: 3, day: 3, hour: 9, minute: 30 });
    expect(weekOfMonthForm(ICAL.Recur.fromString(text), start)).toBeUndefined();
  });
});
