/**
 * Wall-clock values: what a clock on the wall of a space reads, with no zone attached. They are
 * plain records (Temporal's field names, ISO calendar), so every side can hold, store and send
 * them; `zoned.ts` turns them into instants in a zone. This file is free of Temporal, so code
 * that only parses or formats them does not pull the polyfill in.
 */

/** A calendar date (ISO calendar): `month` 1–12, `day` 1–31. */
export interface WallDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A time of day: `hour` 0–23, `minute` 0–59, `second` 0–59 (default 0), `millisecond` 0–999 (default 0). */
export interface WallTime {
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  readonly millisecond?: number;
}

/** A date and a time of day, e.g. an iCalendar DTSTART before its TZID is applied. */
export type WallDateTime = WallDate & WallTime;

/** "HH:MM", 00:00–23:59: the kiosk config's times of day (closing time, nightly window). */
export const WALL_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses "HH:MM" (00:00–23:59). Throws a RangeError naming the text on any other shape. */
export function parseWallTime(text: string): WallTime {
  const m = WALL_TIME_PATTERN.exec(text);
  if (!m) throw new RangeError(`not an HH:MM time of day: ${text}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Seconds since midnight of a wall time (ignoring milliseconds): 0–86 399. */
export function secondOfDay(time: WallTime): number {
  return time.hour * 3600 + time.minute * 60 + (time.second ?? 0);
}

/**
 * The wall time `seconds` after midnight, modulo a day (so a window that crosses midnight wraps).
 * Throws a RangeError on a non-integer.
 */
export function wallTimeOfSecond(seconds: number): WallTime {
  if (!Number.isInteger(seconds)) throw new RangeError(`not a whole second: ${seconds}`);
  const s = ((seconds % 86_400) + 86_400) % 86_400;
  return { hour: Math.floor(s / 3600), minute: Math.floor(s / 60) % 60, second: s % 60 };
}
