import ICAL from 'ical.js';
import { steppedInstances, type WallInstance } from './stepped-rule';

/** An instance: its wall clock and zone (an ICAL.Time is one; the stepped path's are records). */
export interface InstanceTime extends WallInstance {
  readonly zone: ICAL.Timezone;
}

/** A source of a series' instances in order, as ical.js's RecurExpansion hands them out. */
export interface Instances {
  /** The next instance, or null when the set is exhausted. */
  next(): InstanceTime | null;
  /** RDATE instances not yet given by `next` (all of them on the fast path, none otherwise). */
  readonly extra: readonly ICAL.Time[];
  /** Whether `key` (of an instance) is excluded by an EXDATE (the fast path filters them itself). */
  isExcluded(key: string): boolean;
}

/** A first to fourth weekday of the month in a BYDAY value: `1TU`, `+2MO`. */
const NTH_WEEKDAY = /^\+?([1-4])(MO|TU|WE|TH|FR|SA|SU)$/;

/**
 * A MONTHLY rule whose BYDAY values all name the same first to fourth weekday (`1TU`, `2MO,2TH`)
 * and that has no other BY part, written as the same weekdays limited by BYMONTHDAY to that week
 * of the month: `1TU` is a Tuesday on days 1–7, `2TU` on days 8–14 (in a MONTHLY rule, BYDAY
 * limits BYMONTHDAY: RFC 5545 §3.3.10). The instances are the same, and ical.js finds them about
 * 3× faster: for a positional BYDAY it tests every day of every month, cloning a Time per test (a
 * third of the benchmark feed's expansion went to its first-Tuesday rules; decision 0058). Left
 * as they are, because ical.js's BYMONTHDAY form then differs (it starts a month late or skips an
 * instance, found by the property test in rule-instances.test.ts): last weekdays (`-1FR`, a
 * negative BYMONTHDAY), fifth ones, and a rule whose `start` (DTSTART) is not one of its
 * instances. Returns a new rule, or undefined.
 */
export function weekOfMonthForm(rule: ICAL.Recur, start: ICAL.Time): ICAL.Recur | undefined {
  const days = rule.parts['BYDAY'];
  if (rule.freq !== 'MONTHLY' || !Array.isArray(days) || days.length === 0) return undefined;
  if (Object.keys(rule.parts).some((part) => part !== 'BYDAY')) return undefined;
  let position: number | undefined;
  const weekdays: string[] = [];
  for (const day of days) {
    const match = typeof day === 'string' ? NTH_WEEKDAY.exec(day) : null;
    if (!match) return undefined;
    const [, n, weekday] = match;
    const at = Number(n);
    if (position !== undefined && at !== position) return undefined;
    position = at;
    if (weekday !== undefined && !weekdays.includes(weekday)) weekdays.push(weekday);
  }
  if (position === undefined) return undefined;
  const first = 7 * position - 6;
  const isInstance =
    start.day >= first &&
    start.day < first + 7 &&
    weekdays.includes(ICAL.Recur.numericDayToIcalDay(start.dayOfWeek()));
  if (!isInstance) return undefined;
  const out = rule.clone();
  out.parts['BYDAY'] = weekdays;
  out.parts['BYMONTHDAY'] = Array.from({ length: 7 }, (_, i) => first + i);
  return out;
}

/**
 * The instances of a series with one RRULE and no RANGE override, without ical.js's
 * RecurExpansion: it converts every candidate to UTC through the zone's VTIMEZONE to compare it
 * with RDATEs and EXDATEs, which makes a weekly rule 3–7× slower. Here the simplest rules step
 * through days (stepped-rule.ts) and the RecurIterator walks the others, both from a floating
 * copy of DTSTART (the rule is a wall-clock rule anyway), and each instance gets the series'
 * zone back; RDATEs come as `extra`, EXDATEs are matched by key (an instant or a date,
 * the same key RECURRENCE-IDs use). `localUntil` turns a UTC UNTIL into the zone's wall time.
 * Returns undefined when the fast path does not apply (then use ical.js's RecurExpansion).
 */
export function fastInstances(
  master: ICAL.Component,
  keyOf: (time: ICAL.Time) => string,
  localUntil: (until: ICAL.Time) => ICAL.Time,
): Instances | undefined {
  const rules = master.getAllProperties('rrule');
  const rule = rules[0]?.getFirstValue();
  if (rules.length !== 1 || !(rule instanceof ICAL.Recur)) return undefined;
  const dtstart = master.getFirstPropertyValue('dtstart') as ICAL.Time;
  const zone = dtstart.zone as ICAL.Timezone | null;
  const floating = dtstart.clone();
  floating.zone = ICAL.Timezone.localTimezone;
  const walked = weekOfMonthForm(rule, dtstart) ?? rule.clone();
  if (walked.until && walked.until.zone === ICAL.Timezone.utcTimezone && !dtstart.isDate) {
    walked.until = localUntil(walked.until);
    walked.until.zone = ICAL.Timezone.localTimezone;
  }
  const instanceZone = zone ?? ICAL.Timezone.localTimezone;
  // The simplest rules as a step of days (stepped-rule.ts); the others by ical.js's iterator.
  const stepped = steppedInstances(walked, floating);
  const iterator = stepped ? undefined : walked.iterator(floating);
  const excluded = new Set<string>();
  for (const prop of master.getAllProperties('exdate')) {
    for (const value of prop.getValues())
      if (value instanceof ICAL.Time) excluded.add(keyOf(value));
  }
  const extra: ICAL.Time[] = [];
  for (const prop of master.getAllProperties('rdate')) {
    for (const value of prop.getValues()) {
      const time: unknown = value instanceof ICAL.Period ? value.start : value;
      if (time instanceof ICAL.Time) extra.push(time);
    }
  }
  return {
    next() {
      if (stepped) {
        const wall = stepped();
        return wall ? { ...wall, zone: instanceZone } : null;
      }
      // ical.js types next() as always a Time; it returns null once the rule is exhausted.
      const time = iterator?.next() as ICAL.Time | null | undefined;
      if (!time) return null;
      // The iterator hands out its own working copy: give back a clone in the series' zone.
      const instance = time.clone();
      instance.zone = instanceZone;
      return instance;
    },
    extra,
    isExcluded: (key) => excluded.has(key),
  };
}
