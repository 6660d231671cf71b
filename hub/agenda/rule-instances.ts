import ICAL from 'ical.js';
import { DateTime, RRuleSet, type Time } from 'rrule-rust';
import type { WallDateTime } from '#shared/time/wall';
import { wallOf } from './feed-values';

/** One instance of a series: its wall-clock start, and ical.js's Time when it made it. */
export interface Instance {
  readonly wall: WallDateTime;
  readonly isDate: boolean;
  /** Set on ical.js's path only (what THISANDFUTURE overrides are looked up with). */
  readonly time?: ICAL.Time;
}

/** A source of a series' instances in order. */
export interface Instances {
  /** The next instance, or null when the set is exhausted. */
  next(): Instance | null;
  /** RDATE instances not yet given by `next` (all of them on the fast path, none otherwise). */
  readonly extra: readonly ICAL.Time[];
  /** Whether `key` (of an instance) is excluded by an EXDATE (the fast path filters them itself). */
  isExcluded(key: string): boolean;
}

/** A counted rule is walked whole: beyond this COUNT, ical.js's walk (which stops at the window). */
const MAX_COUNTED = 10_000;

/** The wall-clock span whose instances are wanted: a little wider than the window, both ends. */
export interface WallSpan {
  readonly after: WallDateTime;
  readonly before: WallDateTime;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateForm = (w: WallDateTime) => `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}`;
const utcForm = (w: WallDateTime) =>
  `${dateForm(w)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second ?? 0)}Z`;

function wallOfRust(at: DateTime<Time> | DateTime<undefined>): WallDateTime {
  const time = at.time;
  return {
    year: at.year,
    month: at.month,
    day: at.day,
    hour: time?.hour ?? 0,
    minute: time?.minute ?? 0,
    second: time?.second ?? 0,
  };
}

/**
 * The instances of a series with one RRULE and no RANGE override, in `span`, walked by the rrule
 * crate (`rrule-rust`, decision 0022) instead of ical.js's RecurIterator, which allocates a Time
 * per step and took four fifths of a large feed's expansion. The rule is a wall-clock rule, so
 * the crate walks DTSTART's wall time as if it were UTC (no offsets, no DST: exactly the local
 * calendar arithmetic), and each instance gets the series' zone back in expand-feed.ts, where
 * Temporal places it. A UTC UNTIL becomes the zone's wall time (`localUntil`). RDATEs come as
 * `extra`; EXDATEs are matched by key (an instant or a date, the key RECURRENCE-IDs use).
 *
 * Returns undefined when this path does not apply: several RRULEs, a rule the crate refuses, a
 * COUNT over MAX_COUNTED — then the caller uses ical.js's RecurExpansion.
 */
export function fastInstances(
  master: ICAL.Component,
  keyOf: (time: ICAL.Time) => string,
  localUntil: (until: ICAL.Time) => WallDateTime,
  span: WallSpan,
): Instances | undefined {
  const rules = master.getAllProperties('rrule');
  const rule = rules[0]?.getFirstValue();
  if (rules.length !== 1 || !(rule instanceof ICAL.Recur)) return undefined;
  const dtstart = master.getFirstPropertyValue('dtstart') as ICAL.Time;
  const isDate = dtstart.isDate;
  const start = wallOf(dtstart);
  const form = isDate ? dateForm : utcForm;
  const walked = rule.clone();
  let until = '';
  if (walked.until) {
    const wall =
      walked.until.zone === ICAL.Timezone.utcTimezone && !isDate
        ? localUntil(walked.until)
        : wallOf(walked.until);
    until = `;UNTIL=${form(wall)}`;
    walked.until = null;
  }
  const text = `DTSTART${isDate ? ';VALUE=DATE' : ''}:${form(start)}\nRRULE:${walked.toString()}${until}`;
  let found: WallDateTime[];
  try {
    const set = RRuleSet.fromString<DateTime<Time> | DateTime<undefined>>(text);
    const bound = (w: WallDateTime) =>
      isDate
        ? DateTime.date(w.year, w.month, w.day)
        : DateTime.utc(w.year, w.month, w.day, w.hour, w.minute, w.second ?? 0);
    // A COUNT is counted from DTSTART, so a counted rule is walked whole (bounded); others only
    // over the span.
    const count = walked.count ?? 0;
    if (count > MAX_COUNTED) return undefined;
    const walks = count > 0 ? set.all() : set.between(bound(span.after), bound(span.before), true);
    found = walks.map(wallOfRust);
  } catch {
    return undefined;
  }
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
  let index = 0;
  return {
    next() {
      const wall = found[index++];
      return wall ? { wall, isDate } : null;
    },
    extra,
    isExcluded: (key) => excluded.has(key),
  };
}

/** ical.js's instances (RecurExpansion: several rules, RANGE overrides, custom zones). */
export function icalInstances(event: ICAL.Event): Instances {
  const iterator = event.iterator();
  return {
    next() {
      // Typed as always a Time, ical.js's next() returns null once the set is exhausted.
      const time = iterator.next() as ICAL.Time | null;
      return time ? { wall: wallOf(time), isDate: time.isDate, time } : null;
    },
    extra: [],
    isExcluded: () => false,
  };
}
