import ICAL from 'ical.js';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import type { WallDateTime } from '#shared/time/wall';
import { toInstant } from '#shared/time/zoned';

/**
 * What a TZID of a feed means (docs/decisions/0022-feeds-parsed-and-expanded.md):
 * 1. an IANA name (or a path ending in one, as Lightning's `/mozilla.org/…/Europe/Brussels`, or a
 *    VTIMEZONE whose X-LIC-LOCATION is one): the IANA database through Temporal, whatever the
 *    feed's own VTIMEZONE says, since embedded definitions are often partial;
 * 2. else the feed's own VTIMEZONE (Outlook's "Romance Standard Time"), its transitions read by
 *    ical.js and the wall time resolved here;
 * 3. else nothing: the times are floating, read in the space's zone.
 * Either way a wall time the zone skips takes the offset before the gap and a repeated one is its
 * first instance (RFC 5545 §3.3.5). ical.js alone gets both wrong (02:30 on 29 March 2026 in
 * Brussels comes out as 00:30Z, not 01:30Z; 02:30 on 25 October as 01:30Z, the second instance).
 */
export interface FeedZone {
  /** The IANA name, when the TZID resolves to one (what the kiosk may show). */
  readonly iana?: string;
  /** The instant (epoch ms) at which this zone's clocks read `wall`. */
  toInstant(wall: WallDateTime): number;
}

const DAY_MS = 86_400_000;
const wallMs = (w: WallDateTime) =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0, w.millisecond ?? 0);

const IANA_CHECK: WallDateTime = { year: 2026, month: 1, day: 1, hour: 0, minute: 0 };

/** The IANA name `name` stands for, canonically spelled, or undefined. */
export function ianaZone(name: string): string | undefined {
  const trimmed = name.trim();
  const candidates = [trimmed, trimmed.split('/').slice(-2).join('/')];
  for (const candidate of candidates) {
    if (!/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(candidate)) continue;
    try {
      toInstant(IANA_CHECK, candidate);
      return new Intl.DateTimeFormat('en', { timeZone: candidate }).resolvedOptions().timeZone;
    } catch {
      // Not a zone Temporal knows: try the next reading.
    }
  }
  return undefined;
}

/**
 * An IANA zone: Temporal's `compatible` reading is RFC 5545's. Temporal takes ≈ 20 µs a reading
 * (the polyfill on Node), so the offset of each local day that has no change is kept: a 24-hour
 * day has one offset throughout; the days of a change always go to Temporal.
 */
export function ianaFeedZone(iana: string): FeedZone {
  const dayOffsets = new Map<number, number | null>();
  return {
    iana,
    toInstant(wall) {
      const day = Date.UTC(wall.year, wall.month - 1, wall.day);
      let offset = dayOffsets.get(day);
      if (offset === undefined) {
        const midnight = { year: wall.year, month: wall.month, day: wall.day, hour: 0, minute: 0 };
        const start = toInstant(midnight, iana);
        const next = new Date(day + DAY_MS);
        const end = toInstant(
          {
            ...midnight,
            year: next.getUTCFullYear(),
            month: next.getUTCMonth() + 1,
            day: next.getUTCDate(),
          },
          iana,
        );
        offset = end - start === DAY_MS ? day - start : null;
        dayOffsets.set(day, offset);
      }
      return offset === null ? toInstant(wall, iana, 'compatible') : wallMs(wall) - offset;
    },
  };
}

interface IcalChange {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly utcOffset: number;
  readonly prevUtcOffset: number;
}

/**
 * A feed's own VTIMEZONE. ical.js expands its STANDARD/DAYLIGHT rules into transitions held as UTC
 * instants (`changes`); the instant→offset lookup is exact on those, and the wall→instant reading
 * follows Temporal's algorithm: each offset in force a day before or after is tried, a reading is
 * valid when that offset holds at the instant it gives; two valid → the earlier, none (a gap) →
 * the offset before.
 */
export function vtimezoneFeedZone(component: ICAL.Component): FeedZone {
  const zone = new ICAL.Timezone({ component });
  let coveredUntil = -Infinity;
  let changes: { at: number; offset: number; prev: number }[] = [];
  const offsetAt = (at: number): number => {
    const year = new Date(at).getUTCFullYear();
    if (year + 1 > coveredUntil) {
      zone._ensureCoverage(year + 1);
      coveredUntil = year + 1;
      changes = (zone.changes as readonly IcalChange[]).map((c) => ({
        at: Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second),
        offset: c.utcOffset * 1000,
        prev: c.prevUtcOffset * 1000,
      }));
    }
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((changes[mid]?.at ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    const last = changes[lo - 1];
    return last ? last.offset : (changes[0]?.prev ?? 0);
  };
  return {
    toInstant(wall) {
      const local = wallMs(wall);
      const before = offsetAt(local - DAY_MS);
      const after = offsetAt(local + DAY_MS);
      const valid = [local - before, local - after].filter((at) => local - offsetAt(at) === at);
      return valid.length > 0 ? Math.min(...valid) : local - before;
    },
  };
}

let tzlibNames: ReadonlySet<string> | undefined;
const tzlibBlocks = new Map<string, readonly unknown[]>();

/**
 * A VTIMEZONE (jCal) for the IANA zone `iana` under the feed's own TZID spelling, from
 * timezones-ical-library, or undefined when it has none. ical.js needs one to compare an EXDATE or
 * RECURRENCE-ID written in UTC with occurrences in a zone the feed names without defining.
 */
export function vtimezoneFor(tzid: string, iana: string): unknown[] | undefined {
  tzlibNames ??= new Set(tzlib_get_timezones(false));
  if (!tzlibNames.has(iana)) return undefined;
  let block = tzlibBlocks.get(iana);
  if (!block) {
    const [text] = tzlib_get_ical_block(iana, false);
    if (typeof text !== 'string' || !text.startsWith('BEGIN:VTIMEZONE')) return undefined;
    block = ICAL.parse(text) as unknown[];
    tzlibBlocks.set(iana, block);
  }
  const copy = structuredClone(block) as [string, [string, object, string, string][], unknown[]];
  copy[1] = copy[1].map((prop) => (prop[0] === 'tzid' ? [prop[0], prop[1], prop[2], tzid] : prop));
  return copy;
}
