/**
 * A space's daily closing time ("HH:MM", wall time in the space's IANA time zone) as instants.
 * Pure, on Intl only. Contract: `closingAtOrBefore(t)` is the latest closing instant ≤ t and
 * `closingAfter(t)` the earliest one > t, across daylight-saving changes. Hazards: a closing
 * time that does not exist on a spring-forward day (02:30 in Brussels) falls at the same offset
 * as the day before, i.e. an hour later in wall time; one that exists twice (autumn) is the
 * first. An unknown time zone or a malformed time throws a RangeError.
 */

/** The config's format: 00:00–23:59. */
export const CLOSING_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function parseClosing(closingTime: string): number {
  const m = CLOSING_TIME_PATTERN.exec(closingTime);
  if (!m) throw new RangeError(`not an HH:MM closing time: ${closingTime}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour and minute of the wall clock in `timeZone` at `ms`. */
function wallParts(ms: number, timeZone: string): number[] {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  return ['year', 'month', 'day', 'hour', 'minute'].map((t) =>
    Number(parts.find((p) => p.type === t)?.value ?? NaN),
  );
}

/** The zone's offset from UTC at `ms`, in ms (wall time minus UTC), to the minute. */
function offsetAt(ms: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = wallParts(ms, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** The instant the wall clock in `timeZone` reads `minutes` past midnight on the wall date of `ms`. */
function closingOnWallDateOf(ms: number, minutes: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1] = wallParts(ms, timeZone);
  const wall = Date.UTC(y, mo - 1, d) + minutes * MINUTE_MS;
  // Two passes settle the offset on either side of a daylight-saving change.
  const first = wall - offsetAt(wall - offsetAt(wall, timeZone), timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The latest closing instant at or before `ms`. Throws a RangeError on bad input. */
export function closingAtOrBefore(ms: number, closingTime: string, timeZone: string): number {
  const minutes = parseClosing(closingTime);
  const today = closingOnWallDateOf(ms, minutes, timeZone);
  if (today <= ms) return today;
  // Noon of the day before always lies on the previous wall date, whatever the offsets.
  return closingOnWallDateOf(
    today - DAY_MS + 12 * 3_600_000 - minutes * MINUTE_MS,
    minutes,
    timeZone,
  );
}

/** The earliest closing instant strictly after `ms`. Throws a RangeError on bad input. */
export function closingAfter(ms: number, closingTime: string, timeZone: string): number {
  const minutes = parseClosing(closingTime);
  const today = closingOnWallDateOf(ms, minutes, timeZone);
  if (today > ms) return today;
  return closingOnWallDateOf(
    today + DAY_MS + 12 * 3_600_000 - minutes * MINUTE_MS,
    minutes,
    timeZone,
  );
}
