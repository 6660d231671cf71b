import { Temporal } from 'temporal-polyfill';
import type { WallDate, WallDateTime } from './wall';

/**
 * Wall time in an IANA time zone ↔ instant, on Temporal (decision 0011). `temporal-polyfill` is
 * imported, never installed globally: it hands back the runtime's own Temporal where there is
 * one (Chromium ≥ 144, hence Electron ≥ 40) and its spec-complete implementation elsewhere
 * (Node 20). Instants are epoch milliseconds, as everywhere in the project; Temporal objects never
 * leave this folder, so callers do not depend on which implementation runs.
 *
 * Failure: an unknown time zone, an impossible field (month 13, 24:00) or a non-integer instant
 * throws a RangeError; a 'reject' disambiguation throws one for a wall time the zone skips or
 * repeats.
 */

/**
 * What a wall time that the zone skips (spring forward: 02:30 on 29 March 2026 in Brussels) or
 * repeats (fall back: 02:30 on 25 October 2026) means.
 * - `compatible` (the default): a skipped time is read with the offset before the change, i.e.
 *   moves forward by the gap (02:30 → 03:30 CEST), a repeated one is its first occurrence
 *   (02:30 CEST). RFC 5545 §3.3.5 says exactly this for iCalendar times, and it is Temporal's and
 *   `Date`'s default.
 * - `earlier` / `later`: a skipped time moves back / forward by the gap (01:30 CET / 03:30
 *   CEST); a repeated one is its first / second occurrence.
 * - `reject`: a RangeError, for input that must name an instant unambiguously.
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

function plainDate(date: WallDate): Temporal.PlainDate {
  return Temporal.PlainDate.from(
    { year: date.year, month: date.month, day: date.day },
    { overflow: 'reject' },
  );
}

function plainDateTime(wall: WallDateTime): Temporal.PlainDateTime {
  return Temporal.PlainDateTime.from(
    {
      year: wall.year,
      month: wall.month,
      day: wall.day,
      hour: wall.hour,
      minute: wall.minute,
      second: wall.second ?? 0,
      millisecond: wall.millisecond ?? 0,
    },
    { overflow: 'reject' },
  );
}

function zonedAt(at: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone);
}

function dateOf(d: Temporal.PlainDate): WallDate {
  return { year: d.year, month: d.month, day: d.day };
}

/**
 * The instant (epoch ms) at which the wall clock in `timeZone` reads `wall`, skipped and repeated
 * wall times resolved by `disambiguation` (default `compatible`). Throws a RangeError on bad input.
 */
export function toInstant(
  wall: WallDateTime,
  timeZone: string,
  disambiguation: Disambiguation = 'compatible',
): number {
  return plainDateTime(wall).toZonedDateTime(timeZone, { disambiguation }).epochMilliseconds;
}

/** What the wall clock in `timeZone` reads at `at` (epoch ms), to the millisecond. Throws a RangeError on bad input. */
export function toWall(at: number, timeZone: string): Required<WallDateTime> {
  const z = zonedAt(at, timeZone);
  return {
    year: z.year,
    month: z.month,
    day: z.day,
    hour: z.hour,
    minute: z.minute,
    second: z.second,
    millisecond: z.millisecond,
  };
}

/** The wall date in `timeZone` at `at` (epoch ms). Throws a RangeError on bad input. */
export function wallDateOf(at: number, timeZone: string): WallDate {
  return dateOf(zonedAt(at, timeZone).toPlainDate());
}

/**
 * The first instant of `date` in `timeZone`: its midnight, or the end of the gap in a zone whose
 * clocks skip midnight (America/Santiago in September). Throws a RangeError on bad input.
 */
export function startOfDay(date: WallDate, timeZone: string): number {
  return plainDate(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** `date` plus `days` calendar days (negative goes back). Throws a RangeError on bad input. */
export function addDays(date: WallDate, days: number): WallDate {
  return dateOf(plainDate(date).add({ days }));
}

/**
 * The instant `days` calendar days after `at` at the same wall time in `timeZone` (23 or 25
 * hours for one day across a daylight-saving change, not 24); a wall time the target day skips
 * or repeats resolves as `compatible`. Throws a RangeError on bad input.
 */
export function addCalendarDays(at: number, days: number, timeZone: string): number {
  return zonedAt(at, timeZone).add({ days }).epochMilliseconds;
}

/** The machine's own IANA time zone (a kiosk's OS may run in UTC: prefer the space's zone). */
export function systemTimeZone(): string {
  return Temporal.Now.timeZoneId();
}
