import { offsetSpans, type OffsetSpan } from '#shared/time/offsets';
import { startOfDay } from '#shared/time/zoned';
import { DAY_MS } from './indicators-scope';

/**
 * The local calendar of the presence rows (migration 16): a local date is its day number since
 * 1970-01-01 (what indicators-scope.ts computes as `(instant + offset) / DAY_MS`), a month the
 * day number of its 1st. Pure arithmetic on UTC dates; zones enter only through Temporal's
 * offsets (`offsetSpans`) and `startOfDay`.
 */

export { DAY_MS };

const dateOfDay = (day: number) => new Date(day * DAY_MS);

/** The day number of a wall date. */
export function dayNumber(date: { year: number; month: number; day: number }): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

/** The day number of the 1st of the month holding day `day`. */
export function monthStartOf(day: number): number {
  const d = dateOfDay(day);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The day number of the 1st of the month after the one starting on `month`. */
export function nextMonth(month: number): number {
  const d = dateOfDay(month);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/** The 1st of every month from the one holding `firstDay` to the one holding `lastDay`. */
export function monthStarts(firstDay: number, lastDay: number): number[] {
  const out: number[] = [];
  for (let m = monthStartOf(firstDay); m <= lastDay; m = nextMonth(m)) out.push(m);
  return out;
}

/** Each zone's offsets over a year either side of the last instant asked (a zone per space). */
const spansOf = new Map<string, { fromMs: number; toMs: number; spans: OffsetSpan[] }>();
const YEAR_MS = 366 * DAY_MS;

/**
 * The offset of `zone` at `at`, from `offsetSpans` (as the indicators' SQL reads it), cached:
 * converting every check-in of a push through Temporal cost a fifth of the hub's ingest rate.
 */
function offsetAt(at: number, zone: string): number {
  let cached = spansOf.get(zone);
  if (cached === undefined || at < cached.fromMs || at >= cached.toMs) {
    const [fromMs, toMs] = [at - YEAR_MS, at + YEAR_MS];
    cached = { fromMs, toMs, spans: offsetSpans(zone, fromMs, toMs) };
    spansOf.set(zone, cached);
  }
  const span = cached.spans.find((s) => at < s.toMs);
  if (span === undefined) throw new RangeError(`No offset of ${zone} at ${at}`);
  return span.offsetMs;
}

/** The local day and month (day numbers) of instant `at` in `zone`. */
export function localCell(at: number, zone: string): { day: number; month: number } {
  const day = Math.floor((at + offsetAt(at, zone)) / DAY_MS);
  return { day, month: monthStartOf(day) };
}

/** The instants [fromMs, toMs) of local days [fromDay, toDay) in `zone`. */
export function dayInstants(
  fromDay: number,
  toDay: number,
  zone: string,
): { fromMs: number; toMs: number } {
  const wall = (day: number) => {
    const d = dateOfDay(day);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  };
  return { fromMs: startOfDay(wall(fromDay), zone), toMs: startOfDay(wall(toDay), zone) };
}

/**
 * Local days [fromDay, toDay) as whole months (`months`: [from, to) of month starts, or null)
 * and the days left at the edges (`days`: [from, to) ranges of day numbers).
 */
export function periodCells(
  fromDay: number,
  toDay: number,
): {
  months: { from: number; to: number } | null;
  days: { from: number; to: number }[];
} {
  let first = monthStartOf(fromDay);
  if (first < fromDay) first = nextMonth(first);
  let end = first;
  while (nextMonth(end) <= toDay) end = nextMonth(end);
  if (end === first) return { months: null, days: [{ from: fromDay, to: toDay }] };
  const days = [
    { from: fromDay, to: first },
    { from: end, to: toDay },
  ].filter((r) => r.to > r.from);
  return { months: { from: first, to: end }, days };
}
