import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { steppedInstances } from './stepped-rule';
import { icalInstances } from './testing/fixtures';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** The same from the stepped walk, or undefined when it leaves the rule to ical.js. */
function steppedText(rule: ICAL.Recur, start: ICAL.Time, max: number): string[] | undefined {
  const next = steppedInstances(rule, start);
  if (!next) return undefined;
  const out: string[] = [];
  for (let i = 0; i < max; i++) {
    const wall = next();
    if (!wall) break;
    out.push(ICAL.Time.fromData(wall).toString());
  }
  return out;
}

/** DAILY and WEEKLY rules from a floating start on one of their instances, ended or not. */
const ruleArb = fc
  .record({
    freq: fc.constantFrom('DAILY', 'WEEKLY'),
    interval: fc.integer({ min: 1, max: 3 }),
    others: fc.subarray([1, 2, 3, 4, 5, 6], { maxLength: 3 }),
    hasByday: fc.boolean(),
    wkst: fc.constantFrom('', ';WKST=SU', ';WKST=MO', ';WKST=WE'),
    end: fc.constantFrom('none', 'count', 'until'),
    count: fc.integer({ min: 1, max: 60 }),
    untilDays: fc.integer({ min: -3, max: 500 }),
    start: fc.date({
      min: new Date(Date.UTC(2025, 0, 1)),
      max: new Date(Date.UTC(2027, 11, 31)),
      noInvalidDate: true,
    }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 59),
    second: fc.constantFrom(0, 30),
    untilSecond: fc.constantFrom(0, 29, 30, 31),
    isDate: fc.boolean(),
  })
  .map((r) => {
    const weekday = r.start.getUTCDay();
    const days = [weekday, ...r.others.map((o) => (weekday + o) % 7)];
    const byday = r.hasByday ? `;BYDAY=${days.map((d) => WEEKDAYS[d]).join(',')}` : '';
    const until = new Date(r.start.getTime() + r.untilDays * 86_400_000);
    const untilText = until.toISOString().slice(0, 10).replaceAll('-', '');
    const ending =
      r.end === 'count'
        ? `;COUNT=${r.count}`
        : r.end === 'until'
          ? `;UNTIL=${untilText}${r.isDate ? '' : `T${pad(r.hour)}${pad(r.minute)}${pad(r.untilSecond)}`}`
          : '';
    const start = ICAL.Time.fromData({
      year: r.start.getUTCFullYear(),
      month: r.start.getUTCMonth() + 1,
      day: r.start.getUTCDate(),
      hour: r.hour,
      minute: r.minute,
      second: r.second,
      isDate: r.isDate,
    });
    const text = `FREQ=${r.freq};INTERVAL=${r.interval}${byday}${r.wkst}${ending}`;
    const isSimple =
      r.freq === 'DAILY'
        ? byday === ''
        : byday === '' || new Set(days).size === 1 || r.interval === 1;
    return { text, start, isSimple };
  });

describe('steppedInstances (decision 0062)', () => {
  it('gives the instances ical.js gives, for every rule it takes (property)', () => {
    fc.assert(
      fc.property(ruleArb, ({ text, start, isSimple }) => {
        const rule = ICAL.Recur.fromString(text);
        const stepped = steppedText(rule, start, 120);
        // Not vacuous: every simple form is taken.
        expect(stepped === undefined, `${text} from ${start.toString()}`).toBe(!isSimple);
        if (stepped)
          expect(stepped, `${text} from ${start.toString()}`).toEqual(
            icalInstances(rule, start, 120),
          );
      }),
      { numRuns: 600 },
    );
  }, 20_000);

  it('keeps the wall-clock time across both 2026 changes and the month ends', () => {
    const start = ICAL.Time.fromData({ year: 2026, month: 3, day: 26, hour: 9, minute: 30 });
    const rule = ICAL.Recur.fromString('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4');
    expect(steppedText(rule, start, 10)).toEqual([
      '2026-03-26T09:30:00',
      '2026-03-30T09:30:00',
      '2026-04-02T09:30:00',
      '2026-04-06T09:30:00',
    ]);
  });

  it.each([
    'FREQ=WEEKLY;BYDAY=1TU',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
    'FREQ=WEEKLY;BYDAY=TU',
    'FREQ=WEEKLY;BYMONTH=3',
    'FREQ=WEEKLY;BYDAY=TH;BYHOUR=9,17',
    'FREQ=DAILY;BYDAY=MO,TH',
    'FREQ=MONTHLY',
    'FREQ=YEARLY',
    'FREQ=HOURLY',
  ])('leaves %s to ical.js', (text) => {
    // Thursday 26 March 2026: TU is not its weekday, TH is.
    const start = ICAL.Time.fromData({ year: 2026, month: 3, day: 26, hour: 9, minute: 30 });
    expect(steppedInstances(ICAL.Recur.fromString(text), start)).toBeUndefined();
  });

  it('leaves an UNTIL of another value type than DTSTART to ical.js', () => {
    const start = ICAL.Time.fromData({ year: 2026, month: 3, day: 26, hour: 9, minute: 30 });
    const rule = ICAL.Recur.fromString('FREQ=WEEKLY;UNTIL=20260430');
    expect(steppedInstances(rule, start)).toBeUndefined();
  });
});
