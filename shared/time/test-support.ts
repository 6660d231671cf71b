import { DEMO_SPACES } from '../demo/demo-data';
import type { Disambiguation } from './zoned';
import type { WallDateTime, WallTime } from './wall';

/**
 * For tests of time: the network's zones, an Intl witness of the wall clock, and vectors for the
 * two daylight-saving changes of 2026, which `dst.any.test.ts` runs on Node (where
 * `temporal-polyfill` runs its own implementation) and in Chromium (where it hands back the
 * browser's native Temporal), so both implementations are held to the same answers. Brussels and
 * Paris change together: on 29 March 2026 at 01:00 UTC the clocks go from 02:00 CET to 03:00 CEST
 * (02:00–02:59 does not exist); on 25 October 2026 at 01:00 UTC they go from 03:00 CEST back to
 * 02:00 CET (02:00–02:59 happens twice).
 */

/** The network's time zones (Belgian spaces in Brussels, French ones in Paris). */
export const NETWORK_ZONES: readonly string[] = [...new Set(DEMO_SPACES.map((s) => s.timezone))];

const witnesses = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock in `timeZone` at `ms` as Intl (not Temporal) reads it: `date` "YYYY-MM-DD",
 * `time` "HH:MM:SS", `offset` "GMT+02:00". An independent witness for Temporal's answers.
 */
export function intlWall(
  ms: number,
  timeZone: string,
): { date: string; time: string; offset: string } {
  let f = witnesses.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    witnesses.set(timeZone, f);
  }
  const parts = f.formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}`,
    offset: get('timeZoneName'),
  };
}

/** One wall time read in a zone: the instant (ISO, UTC) for each disambiguation, or `null` for a RangeError. */
export interface ToInstantCase {
  readonly wall: WallDateTime;
  readonly expected: Readonly<Record<Disambiguation, string | null>>;
}

const same = (iso: string): Record<Disambiguation, string> => ({
  compatible: iso,
  earlier: iso,
  later: iso,
  reject: iso,
});
const march = (hour: number, minute: number): WallDateTime => ({
  year: 2026,
  month: 3,
  day: 29,
  hour,
  minute,
});
const october = (hour: number, minute: number): WallDateTime => ({
  year: 2026,
  month: 10,
  day: 25,
  hour,
  minute,
});

/** The same answers in every zone of NETWORK_ZONES. */
export const TO_INSTANT_CASES: readonly ToInstantCase[] = [
  // Spring forward: the last minute before the gap, its edges and its middle, the first after.
  { wall: march(1, 59), expected: same('2026-03-29T00:59:00.000Z') },
  {
    wall: march(2, 0),
    expected: {
      compatible: '2026-03-29T01:00:00.000Z',
      earlier: '2026-03-29T00:00:00.000Z',
      later: '2026-03-29T01:00:00.000Z',
      reject: null,
    },
  },
  {
    wall: march(2, 30),
    expected: {
      compatible: '2026-03-29T01:30:00.000Z',
      earlier: '2026-03-29T00:30:00.000Z',
      later: '2026-03-29T01:30:00.000Z',
      reject: null,
    },
  },
  {
    wall: march(2, 59),
    expected: {
      compatible: '2026-03-29T01:59:00.000Z',
      earlier: '2026-03-29T00:59:00.000Z',
      later: '2026-03-29T01:59:00.000Z',
      reject: null,
    },
  },
  { wall: march(3, 0), expected: same('2026-03-29T01:00:00.000Z') },
  // Fall back: the last minute before the repeated hour, its edges and middle, the first after.
  { wall: october(1, 59), expected: same('2026-10-24T23:59:00.000Z') },
  {
    wall: october(2, 0),
    expected: {
      compatible: '2026-10-25T00:00:00.000Z',
      earlier: '2026-10-25T00:00:00.000Z',
      later: '2026-10-25T01:00:00.000Z',
      reject: null,
    },
  },
  {
    wall: october(2, 30),
    expected: {
      compatible: '2026-10-25T00:30:00.000Z',
      earlier: '2026-10-25T00:30:00.000Z',
      later: '2026-10-25T01:30:00.000Z',
      reject: null,
    },
  },
  {
    wall: october(2, 59),
    expected: {
      compatible: '2026-10-25T00:59:00.000Z',
      earlier: '2026-10-25T00:59:00.000Z',
      later: '2026-10-25T01:59:00.000Z',
      reject: null,
    },
  },
  { wall: october(3, 0), expected: same('2026-10-25T02:00:00.000Z') },
];

/** A daily time of day seen from one instant: the occurrences around it (ISO, UTC). */
export interface DailyCase {
  readonly time: WallTime;
  readonly from: string;
  readonly atOrBefore: string;
  readonly after: string;
}

/** The same answers in every zone of NETWORK_ZONES. */
export const DAILY_CASES: readonly DailyCase[] = [
  // 02:30 does not exist on 29 March: that day it happens at 03:30 CEST.
  {
    time: { hour: 2, minute: 30 },
    from: '2026-03-28T12:00:00.000Z',
    atOrBefore: '2026-03-28T01:30:00.000Z',
    after: '2026-03-29T01:30:00.000Z',
  },
  {
    time: { hour: 2, minute: 30 },
    from: '2026-03-29T01:00:00.000Z',
    atOrBefore: '2026-03-28T01:30:00.000Z',
    after: '2026-03-29T01:30:00.000Z',
  },
  {
    time: { hour: 2, minute: 30 },
    from: '2026-03-29T01:30:00.000Z',
    atOrBefore: '2026-03-29T01:30:00.000Z',
    after: '2026-03-30T00:30:00.000Z',
  },
  // 02:30 happens twice on 25 October: the day's occurrence is the first, and only it.
  {
    time: { hour: 2, minute: 30 },
    from: '2026-10-24T12:00:00.000Z',
    atOrBefore: '2026-10-24T00:30:00.000Z',
    after: '2026-10-25T00:30:00.000Z',
  },
  {
    time: { hour: 2, minute: 30 },
    from: '2026-10-25T01:30:00.000Z',
    atOrBefore: '2026-10-25T00:30:00.000Z',
    after: '2026-10-26T01:30:00.000Z',
  },
  // 19:00 on either side of each change: 23 hours, then 25 hours apart.
  {
    time: { hour: 19, minute: 0 },
    from: '2026-03-29T12:00:00.000Z',
    atOrBefore: '2026-03-28T18:00:00.000Z',
    after: '2026-03-29T17:00:00.000Z',
  },
  {
    time: { hour: 19, minute: 0 },
    from: '2026-10-25T12:00:00.000Z',
    atOrBefore: '2026-10-24T17:00:00.000Z',
    after: '2026-10-25T18:00:00.000Z',
  },
];
