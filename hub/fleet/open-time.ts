import { WEEKDAYS, type OpeningHours } from '#shared/domain/types';
import { parseWallTime, type WallDate } from '#shared/time/wall';
import { addDays, startOfDay, toInstant, wallDateOf } from '#shared/time/zoned';

/** Days looked at, at most: past a week of closed days, a longer look finds nothing new. */
const MAX_DAYS = 15;

/** `date`'s weekday (the calendar's, whatever the zone). */
function weekdayOf(date: WallDate): (typeof WEEKDAYS)[number] {
  const sundayFirst = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] ?? 'mon';
}

/** The instant `wall` ("HH:MM", or "24:00" for the day's end) of `date` reads in `zone`. */
function instantOf(date: WallDate, wall: string, zone: string): number {
  if (wall === '24:00') return startOfDay(addDays(date, 1), zone);
  return toInstant({ ...date, ...parseWallTime(wall) }, zone);
}

/**
 * Milliseconds of opening time in `(from, to]`, counted up to `enough` (the caller's threshold:
 * the count stops there). `hours` absent means always open; a weekday not listed, or listed with
 * no span, is closed. Spans are read as wall times in `zone` on each day's own offset, so a
 * daylight-saving night counts the hours that really passed (a 00:00–24:00 day lasts 23 or 25
 * hours; a span the clocks skip lasts nothing). Pure. Throws a RangeError on an unknown zone or
 * a malformed wall time (the space's schema already refuses both).
 */
export function openTimeBetween(
  from: number,
  to: number,
  hours: OpeningHours | undefined,
  zone: string,
  enough: number,
): number {
  if (to <= from) return 0;
  if (hours === undefined) return Math.min(to - from, enough);
  let open = 0;
  let day = wallDateOf(from, zone);
  for (let i = 0; i < MAX_DAYS && open < enough; i++, day = addDays(day, 1)) {
    if (startOfDay(day, zone) >= to) break;
    for (const span of hours[weekdayOf(day)] ?? []) {
      const start = Math.max(from, instantOf(day, span.from, zone));
      const end = Math.min(to, instantOf(day, span.to, zone));
      if (end > start) open += end - start;
    }
  }
  return Math.min(open, enough);
}
