import type ICAL from 'ical.js';
import type { WallDate } from '#shared/time/wall';

/**
 * The simplest recurrence rules as a fixed step of days (decision 0062): DAILY with no BY part,
 * WEEKLY with none, WEEKLY on DTSTART's weekday alone, and WEEKLY on several weekdays every
 * week — with any COUNT or UNTIL. Their instances are DTSTART's wall-clock time on the days a
 * calendar walk from DTSTART meets (RFC 5545 §3.3.10: a DAILY or WEEKLY rule keeps DTSTART's
 * time of day, and a WEEKLY one without BYDAY its weekday). Most of a real agenda's recurring
 * instances are such (a weekly meetup, a Monday-and-Thursday permanence), and ical.js's
 * RecurIterator spends a clone of a Time per instance, and more per candidate, to find them:
 * a third of a feed's expansion. Everything else — BYDAY with a position, a weekday set every
 * other week (WKST then matters), any other BY part, a DTSTART that is not an instance, an UNTIL
 * of another value type — is left to ical.js. rule-instances.test.ts checks the instances against
 * ical.js's for random rules of every accepted form.
 */

/** An instance's wall clock: what ICAL.Time gives, without one per instance. */
export interface WallInstance extends WallDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly isDate: boolean;
}

/** BYDAY's weekday codes by JavaScript's numbering (Sunday 0). */
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

const DAY_MS = 86_400_000;

/** The weekday of a date, Sunday 0. */
const weekdayOf = (t: WallInstance): number =>
  new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay();

/** How the rule walks: every `step` days from DTSTART, on `weekdays` only when given. */
interface Walk {
  readonly step: number;
  readonly weekdays?: ReadonlySet<number>;
}

function walkOf(rule: ICAL.Recur, start: WallInstance): Walk | undefined {
  const parts = Object.keys(rule.parts);
  const interval = rule.interval;
  if (!Number.isInteger(interval) || interval < 1) return undefined;
  if (rule.freq === 'DAILY' && parts.length === 0) return { step: interval };
  if (rule.freq !== 'WEEKLY') return undefined;
  if (parts.length === 0) return { step: 7 * interval };
  const byday = rule.parts['BYDAY'];
  if (parts.length !== 1 || !Array.isArray(byday) || byday.length === 0) return undefined;
  const weekdays = new Set<number>();
  for (const code of byday) {
    const day = typeof code === 'string' ? WEEKDAYS.indexOf(code as (typeof WEEKDAYS)[number]) : -1;
    if (day < 0) return undefined;
    weekdays.add(day);
  }
  if (!weekdays.has(weekdayOf(start))) return undefined;
  if (weekdays.size === 1) return { step: 7 * interval };
  return interval === 1 ? { step: 1, weekdays } : undefined;
}

/** Whether `a` comes after `b` on the wall clock. */
function isAfter(a: WallInstance, b: WallInstance): boolean {
  return (
    (a.year - b.year ||
      a.month - b.month ||
      a.day - b.day ||
      a.hour - b.hour ||
      a.minute - b.minute ||
      a.second - b.second) > 0
  );
}

/**
 * The instances of `rule` from `start` (a floating DTSTART: the wall clock the rule walks), one
 * per call, null once COUNT or UNTIL (a floating or date UNTIL, inclusive) ends them; undefined
 * when the rule is not one of the forms above.
 */
export function steppedInstances(
  rule: ICAL.Recur,
  start: ICAL.Time,
): (() => WallInstance | null) | undefined {
  const first: WallInstance = {
    year: start.year,
    month: start.month,
    day: start.day,
    hour: start.isDate ? 0 : start.hour,
    minute: start.isDate ? 0 : start.minute,
    second: start.isDate ? 0 : start.second,
    isDate: start.isDate,
  };
  const walk = walkOf(rule, first);
  const until = rule.until;
  if (!walk) return undefined;
  // A timed UNTIL is compared on the wall clock: it must be floating like the walk's DTSTART.
  const isComparable =
    !until || (until.isDate === start.isDate && (until.isDate || until.zone === start.zone));
  if (!isComparable) return undefined;
  const count = rule.count ?? Number.POSITIVE_INFINITY;
  const base = Date.UTC(first.year, first.month - 1, first.day);
  let given = 0;
  let offset = 0;
  let isDone = false;
  return () => {
    if (isDone || given >= count) return null;
    for (;;) {
      const d = new Date(base + offset * DAY_MS);
      offset += walk.step;
      if (walk.weekdays && !walk.weekdays.has(d.getUTCDay())) continue;
      const next = {
        ...first,
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
      };
      if (until && isAfter(next, until)) {
        isDone = true;
        return null;
      }
      given += 1;
      return next;
    }
  };
}
