import { Temporal } from 'temporal-polyfill';

/** A stretch of time during which a zone's offset from UTC does not change. */
export interface OffsetSpan {
  /** First instant of the span (epoch ms), inclusive. */
  readonly fromMs: number;
  /** First instant after the span (epoch ms), exclusive. */
  readonly toMs: number;
  /** Local wall time minus UTC, in milliseconds (3 600 000 for CET, 7 200 000 for CEST). */
  readonly offsetMs: number;
}

/**
 * The offsets `timeZone` uses over [fromMs, toMs), in order, split at each of its transitions
 * (daylight-saving changes, changes of law), from the time-zone database Temporal carries. What
 * lets a database without a zone table read local wall time as `instant + offset` exactly, across
 * DST. Empty when `toMs <= fromMs`. Throws a RangeError for an unknown zone or a non-integer instant.
 */
export function offsetSpans(timeZone: string, fromMs: number, toMs: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let at = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone);
  while (at.epochMilliseconds < toMs) {
    const next = at.getTimeZoneTransition('next');
    const end = next === null ? toMs : Math.min(next.epochMilliseconds, toMs);
    spans.push({ fromMs: at.epochMilliseconds, toMs: end, offsetMs: at.offsetNanoseconds / 1e6 });
    if (next === null) break;
    at = next;
  }
  return spans;
}
