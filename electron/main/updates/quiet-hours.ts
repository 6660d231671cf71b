import { WEEKDAYS, type OpeningHours } from '#shared/domain/types';
import { toWall } from '#shared/time/zoned';

/** Minutes since midnight of a wall time "HH:MM" ("24:00" is the day's end, 1440). */
function minutesOf(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * Whether the space is open at `at` by its weekly `hours` read as wall times in `zone` (a weekday
 * not listed, or listed with no span, is closed; a span is [from, to)). Pure. Throws a RangeError
 * on an unknown zone (the config and the space schema refuse one).
 */
export function isOpenAt(at: number, hours: OpeningHours, zone: string): boolean {
  const wall = toWall(at, zone);
  const sundayFirst = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
  const weekday = WEEKDAYS[(sundayFirst + 6) % 7] ?? 'mon';
  const minute = wall.hour * 60 + wall.minute;
  return (hours[weekday] ?? []).some(
    (span) => minutesOf(span.from) <= minute && minute < minutesOf(span.to),
  );
}

/** Whether `at` falls in a daily window "HH:MM-HH:MM" in `zone` (it may wrap past midnight). */
export function inDailyWindow(at: number, window: string, zone: string): boolean {
  const [from, to] = window.split('-').map(minutesOf);
  const wall = toWall(at, zone);
  const minute = wall.hour * 60 + wall.minute;
  if (from === undefined || to === undefined) return false;
  return from <= to ? from <= minute && minute < to : minute >= from || minute < to;
}

/** What makes a quiet time at a space: its opening hours, else a daily window. */
export interface QuietHours {
  /** The space's weekly hours from sync (shared/domain Space.openingHours); absent: not stated. */
  readonly hours: OpeningHours | undefined;
  readonly zone: string;
  /** Used when the space states no hours: the kiosk's nightly window (config `sync.nightlyWindow`). */
  readonly fallbackWindow: string;
}

/**
 * Whether an update may be installed at `at`: outside the space's opening hours, or, for a space
 * that states none (always open to the fleet's rules), inside the nightly window.
 */
export function isQuietAt(at: number, quiet: QuietHours): boolean {
  return quiet.hours === undefined
    ? inDailyWindow(at, quiet.fallbackWindow, quiet.zone)
    : !isOpenAt(at, quiet.hours, quiet.zone);
}
