import ICAL from 'ical.js';
import type { WallDate, WallDateTime } from '#shared/time/wall';
import type { InstanceTime } from './rule-instances';
import type { WallInstance } from './stepped-rule';

/**
 * ical.js values as the agenda reads them: times checked field by field (ical.js takes
 * `20261345T250000` without a word), wall-clock records for `#shared/time`, local dates as text.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const JCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z?)?$/;

/**
 * Whether a jCal date or date-time value (`2026-03-29`, `2026-03-29T02:30:00[Z]`; a period's
 * start) names a real date and time of day. ical.js quietly rolls `20261345T250000` over into
 * another date, so the check reads the text, not the ICAL.Time.
 */
export function isSaneTimeText(value: unknown): boolean {
  const text = typeof value === 'string' ? value.split('/')[0] : undefined;
  const m = text === undefined ? null : JCAL_TIME.exec(text);
  if (!m) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m
    .slice(1)
    .map((part: string | undefined) => Number(part ?? 0));
  const dateOk = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
  return dateOk && hour <= 23 && minute <= 59 && second <= 60;
}

/** The wall-clock fields of `time` (a leap second 60 reads as 59). */
export function wallOf(time: WallInstance): WallDateTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : Math.min(time.second, 59),
  };
}

/** The local date of `time`, YYYY-MM-DD. */
export function dateText(date: WallDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** ISO 8601 UTC to the second, `2026-03-29T07:30:00Z` (what `feeds check` and recurrenceId use). */
export function utcText(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whole days from `a` to `b` (both dates). */
export function daysBetween(a: WallDate, b: WallDate): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/** `date` plus `days` calendar days. */
export function plusDays(date: WallDateTime, days: number): WallDateTime {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { ...date, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The TZID parameter of `prop`, if any (a string; ical.js may hand back an array). */
export function tzidOf(prop: ICAL.Property): string | undefined {
  const tzid = prop.getParameter('tzid');
  const first: unknown = Array.isArray(tzid) ? tzid[0] : tzid;
  return typeof first === 'string' && first.length > 0 ? first : undefined;
}

/**
 * The UTC wall-clock fields of instant `at`, by Date (shared/time's Temporal `toWall(at, 'UTC')`
 * gives the same fields at a hundred times the cost, which a feed's expansion felt).
 */
export function utcWall(at: number): WallDateTime {
  const d = new Date(at);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** `time` as an ICAL.Time: RecurExpansion's instances (a series with ranges) are ones already. */
export function icalTime(time: InstanceTime): ICAL.Time {
  if (time instanceof ICAL.Time) return time;
  const { year, month, day, hour, minute, second, isDate } = time;
  return new ICAL.Time({ year, month, day, hour, minute, second, isDate }, time.zone);
}

/** A component's DTSTART. */
export function startOf(component: ICAL.Component): ICAL.Time {
  return component.getFirstPropertyValue('dtstart') as ICAL.Time;
}

/** Whether an override's RECURRENCE-ID says RANGE=THISANDFUTURE. */
export function isRange(override: ICAL.Component): boolean {
  const range = override.getFirstProperty('recurrence-id')?.getParameter('range');
  return typeof range === 'string' && range.toUpperCase() === 'THISANDFUTURE';
}

/** A component's SEQUENCE, 0 when it has none. */
export function sequenceOf(component: ICAL.Component): number {
  const sequence = component.getFirstPropertyValue('sequence');
  return typeof sequence === 'number' ? sequence : 0;
}
