import { err, ok, type Result } from '#shared/result';
import type { WallDate, WallDateTime } from '#shared/time/wall';
import { startOfDay, toInstant } from '#shared/time/zoned';
import type { HubEventDefinition, Occurrence } from '../store/agenda-rows';

/**
 * An event made at the hub, from the editor's wall-clock text to an occurrence: a timed event in
 * its zone (a skipped or repeated wall time resolved as RFC 5545 reads iCalendar times), an
 * all-day one on the space's local dates.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function invalid(message: string): Result<never> {
  return err({ code: 'event-invalid', message });
}

/** `text` as a wall date or date-time, or undefined when it has neither shape. */
function wallOf(text: string): { date: WallDate; time?: WallDateTime } | undefined {
  const d = DATE.exec(text);
  if (d) return { date: { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]) } };
  const t = DATE_TIME.exec(text);
  if (!t) return undefined;
  const date = { year: Number(t[1]), month: Number(t[2]), day: Number(t[3]) };
  return { date, time: { ...date, hour: Number(t[4]), minute: Number(t[5]) } };
}

/** Runs `f`, turning the RangeError of an impossible date or zone into undefined. */
function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * The occurrence `def` describes for series `uid` in a space whose zone is `spaceZone`. Fails
 * with `event-invalid` and a sentence when a time has neither shape (`YYYY-MM-DDTHH:MM`,
 * `YYYY-MM-DD`), start and end mix the two, a date does not exist, the zone is unknown, or the
 * end is not after the start.
 */
export function occurrenceOfDefinition(
  uid: string,
  def: HubEventDefinition,
  spaceZone: string,
): Result<Occurrence> {
  const start = wallOf(def.start);
  const end = wallOf(def.end);
  if (!start || !end) {
    return invalid('Give --start and --end as YYYY-MM-DDTHH:MM, or YYYY-MM-DD for a whole day.');
  }
  if ((start.time === undefined) !== (end.time === undefined)) {
    return invalid('--start and --end must both have a time, or both be dates (a whole day).');
  }
  const words = {
    uid,
    title: def.title,
    ...(def.description ? { description: def.description } : {}),
    ...(def.lang ? { lang: def.lang } : {}),
    ...(def.url ? { url: def.url } : {}),
    ...(def.location ? { location: def.location } : {}),
    status: def.status,
  };
  if (start.time && end.time) {
    const zone = def.timeZone ?? spaceZone;
    if (attempt(() => new Intl.DateTimeFormat('en', { timeZone: zone })) === undefined) {
      return invalid(`Unknown time zone ${zone}: give an IANA zone such as Europe/Brussels.`);
    }
    const { time: from } = start;
    const { time: to } = end;
    const startsAt = attempt(() => toInstant(from, zone));
    const endsAt = attempt(() => toInstant(to, zone));
    if (startsAt === undefined || endsAt === undefined) {
      return invalid(`${def.start} or ${def.end} is not a date and time in ${zone}.`);
    }
    if (endsAt <= startsAt) return invalid(`The end (${def.end}) must come after the start.`);
    return ok({ ...words, startsAt, endsAt, allDay: false, timeZone: zone });
  }
  const startsAt = attempt(() => startOfDay(start.date, spaceZone));
  const endsAt = attempt(() => startOfDay(end.date, spaceZone));
  if (startsAt === undefined || endsAt === undefined) {
    return invalid(`${def.start} or ${def.end} is not a date.`);
  }
  if (endsAt <= startsAt) {
    return invalid(`The end date (${def.end}, the day after the last) must come after the start.`);
  }
  return ok({ ...words, startsAt, endsAt, allDay: true, startDate: def.start, endDate: def.end });
}
