import { Temporal } from 'temporal-polyfill';
import type { WallTime } from './wall';

/**
 * A time of day that recurs every day in a zone (a space's closing time, a kiosk's nightly sync):
 * one occurrence per wall date, at `time` resolved as `compatible` (zoned.ts). So on the
 * spring-forward day a time the clocks skip happens one hour later in wall time (02:30 → 03:30 in
 * Brussels on 29 March 2026), and on the fall-back day a time they repeat happens once, the first
 * time (02:30 CEST on 25 October 2026), never twice. Consecutive occurrences are 23, 24 or 25 hours
 * apart in Europe.
 *
 * Failure: an unknown time zone, an impossible time or a non-integer instant throws a RangeError.
 */

/**
 * The occurrences on the wall dates around `at`. A time skipped near midnight moves a date's
 * occurrence into the next date (never further back or later than one gap), so the occurrence two
 * dates before is always at or before `at` and the one of the next date always after it.
 */
function around(at: number, time: WallTime, timeZone: string): number[] {
  const plainTime = Temporal.PlainTime.from(
    {
      hour: time.hour,
      minute: time.minute,
      second: time.second ?? 0,
      millisecond: time.millisecond ?? 0,
    },
    { overflow: 'reject' },
  );
  const today = Temporal.Instant.fromEpochMilliseconds(at)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();
  // Temporal objects throughout (not zoned.ts's records): this runs for every open visit at closing.
  // A PlainDate with a plainTime resolves a skipped or repeated time as `compatible`.
  return [-2, -1, 0, 1].map(
    (d) => today.add({ days: d }).toZonedDateTime({ timeZone, plainTime }).epochMilliseconds,
  );
}

/** The latest occurrence of `time` in `timeZone` at or before `at` (epoch ms). */
export function dailyAtOrBefore(at: number, time: WallTime, timeZone: string): number {
  return Math.max(...around(at, time, timeZone).filter((t) => t <= at));
}

/** The earliest occurrence of `time` in `timeZone` strictly after `at` (epoch ms). */
export function dailyAfter(at: number, time: WallTime, timeZone: string): number {
  return Math.min(...around(at, time, timeZone).filter((t) => t > at));
}
