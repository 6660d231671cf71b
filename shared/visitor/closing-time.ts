import type { Space } from '../domain/types';
import { dailyAfter, dailyAtOrBefore } from '../time/daily';
import { parseWallTime } from '../time/wall';

/**
 * A space's daily closing time ("HH:MM", wall time in the space's IANA time zone) as instants,
 * on `shared/time`. Contract: `closingAtOrBefore(t)` is the latest closing instant ≤ t and
 * `closingAfter(t)` the earliest one > t, one closing per wall date, across daylight-saving
 * changes. Hazards: a closing time the clocks skip on the spring-forward day (02:30 in Brussels)
 * falls an hour later in wall time (03:30, the same instant as 02:30 at the day before's offset);
 * one they repeat in autumn is the first. An unknown time zone or a malformed time throws a
 * RangeError.
 */

/** The latest closing instant at or before `ms`. Throws a RangeError on bad input. */
export function closingAtOrBefore(ms: number, closingTime: string, timeZone: string): number {
  return dailyAtOrBefore(ms, parseWallTime(closingTime), timeZone);
}

/** The earliest closing instant strictly after `ms`. Throws a RangeError on bad input. */
export function closingAfter(ms: number, closingTime: string, timeZone: string): number {
  return dailyAfter(ms, parseWallTime(closingTime), timeZone);
}

/**
 * The closing time in force at a space: its own `closingTime` (set at the hub, synced) when it
 * states one, else the kiosk's `configured` one, else none (undefined: nobody is checked out).
 */
export function closingTimeOf(
  space: Pick<Space, 'closingTime'> | undefined,
  configured: string | undefined,
): string | undefined {
  return space?.closingTime ?? configured;
}
