import ICAL from 'ical.js';
import type { AgendaEvent, Lang } from '#shared/domain/types';
import type { WallDateTime } from '#shared/time/wall';
import { startOfDay, toInstant, toWall } from '#shared/time/zoned';
import { eventWords, type EventWords } from './feed-words';
import {
  dateText,
  daysBetween,
  icalTime,
  isRange,
  plusDays,
  sequenceOf,
  startOf,
  utcText,
  wallOf,
} from './feed-values';
import type { FeedZone } from './feed-zones';
import type { FeedSeries, ParsedFeed } from './parse-feed';
import { fastInstances, type Instances, type InstanceTime } from './rule-instances';

/** One occurrence as the hub stores it, less what the hub adds (id, spaceId, updatedAt). */
export type FeedOccurrence = Omit<AgendaEvent, 'id' | 'spaceId' | 'updatedAt'>;

/** The instants an expansion covers: [from, to), epoch ms. */
export interface ExpandWindow {
  readonly from: number;
  readonly to: number;
}

export interface ExpandOptions {
  /** The language of text the feed does not tag with LANGUAGE (a per-feed setting). */
  readonly defaultLang?: Lang;
  /** IANA zone of floating and all-day times: the space's. */
  readonly floatingZone: string;
}

/**
 * A series is expanded no further than this many rule instances (a daily rule from 1990 is ≈
 * 13 000): a bound on a hostile feed's cost, far above any real agenda's.
 */
export const MAX_INSTANCES_PER_SERIES = 200_000;

/**
 * The occurrences of `feed` that overlap `window` (a zero-length one: that starts in it), ordered
 * by start, then UID and recurrence id. RRULE, RDATE, EXDATE and RECURRENCE-ID overrides (a moved
 * or retitled occurrence, a cancelled one kept with status cancelled) are applied in the event's
 * own zone; RANGE=THISANDFUTURE overrides shift and retitle the later occurrences as ical.js does
 * (a changed rule is not applied). Every occurrence of a recurring series carries its recurrence
 * id. Floating and all-day times are read in `floatingZone`. Never throws for a feed `parseFeed`
 * accepted.
 */
export function expandFeed(
  feed: ParsedFeed,
  window: ExpandWindow,
  options: ExpandOptions,
): FeedOccurrence[] {
  const out: FeedOccurrence[] = [];
  for (const list of expandFeedSeries(feed, window, options)) for (const o of list) out.push(o);
  return out.sort(
    (a, b) =>
      a.startsAt - b.startsAt ||
      (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0) ||
      (a.recurrenceId ?? '').localeCompare(b.recurrenceId ?? ''),
  );
}

/** expandFeed's occurrences one series (UID) at a time, unordered: for a caller that streams. */
export function* expandFeedSeries(
  feed: ParsedFeed,
  window: ExpandWindow,
  options: ExpandOptions,
): Generator<FeedOccurrence[]> {
  const expander = new Expander(feed.zones, window, options);
  for (const series of feed.series) {
    const out: FeedOccurrence[] = [];
    expander.series(series, out);
    yield out;
  }
}

/** Start and end of one occurrence, as instants and (all-day) local dates. */
interface Timing {
  readonly startsAt: number;
  readonly endsAt: number;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly timeZone?: string;
}

class Expander {
  private readonly words = new Map<ICAL.Component, EventWords>();
  private readonly lengths = new Map<ICAL.Component, Length>();

  constructor(
    private readonly zones: ReadonlyMap<string, FeedZone>,
    private readonly window: ExpandWindow,
    private readonly options: ExpandOptions,
  ) {}

  series(series: FeedSeries, out: FeedOccurrence[]): void {
    const overridden = new Map<string, ICAL.Component>();
    for (const override of series.overrides) {
      const key = this.recurrenceKey(override);
      const kept = overridden.get(key);
      if (!kept || sequenceOf(override) >= sequenceOf(kept)) overridden.set(key, override);
    }
    for (const [key, override] of overridden) {
      this.emit(series.uid, key, override, this.timing(override, startOf(override)), out);
    }
    if (series.master) this.rule(series.uid, series.master, overridden, out);
  }

  private rule(
    uid: string,
    master: ICAL.Component,
    overridden: ReadonlyMap<string, ICAL.Component>,
    out: FeedOccurrence[],
  ): void {
    const ranges = [...overridden.values()].filter((o) => isRange(o));
    const event = new ICAL.Event(master, { exceptions: ranges });
    const isRecurring = event.isRecurring();
    // A THISANDFUTURE override may pull later occurrences back into the window.
    let slack = 0;
    for (const range of ranges) {
      slack = Math.max(slack, Math.abs(this.instantOf(startOf(range)) - this.recurrenceAt(range)));
    }
    const instances = this.instancesOf(master, event, ranges.length > 0);
    const seen = new Set<string>();
    for (let n = 0; n < MAX_INSTANCES_PER_SERIES; n++) {
      const next = instances.next();
      if (!next) break;
      const original = this.instantOf(next);
      if (original >= this.window.to + slack) break;
      const key = next.isDate ? dateText(next) : utcText(original);
      seen.add(key);
      if (overridden.has(key) || instances.isExcluded(key)) continue;
      let source = master;
      let start = next;
      if (ranges.length > 0) {
        const details = event.getOccurrenceDetails(icalTime(next));
        if (details.item !== event) {
          source = details.item.component;
          start = details.startDate;
        }
      }
      // The instant of `next` is known: the timing of an unmoved one need not convert it again.
      const at = start === next ? original : this.instantOf(start);
      this.emit(uid, isRecurring ? key : undefined, source, this.timing(source, start, at), out);
    }
    for (const extra of instances.extra) {
      const key = this.keyOf(extra);
      if (seen.has(key) || overridden.has(key) || instances.isExcluded(key)) continue;
      seen.add(key);
      this.emit(uid, key, master, this.timing(master, extra), out);
    }
  }

  /** The fast path where it applies (rule-instances.ts), else ical.js's RecurExpansion. */
  private instancesOf(master: ICAL.Component, event: ICAL.Event, hasRanges: boolean): Instances {
    const zone = this.zoneOf(startOf(master));
    const isCustomZone = zone !== undefined && zone !== 'utc' && zone.iana === undefined;
    const fast =
      hasRanges || isCustomZone
        ? undefined
        : fastInstances(
            master,
            (time) => this.keyOf(time),
            (until) => {
              const wall = toWall(
                this.instantOf(until),
                zone === 'utc' ? 'UTC' : (zone?.iana ?? this.options.floatingZone),
              );
              return ICAL.Time.fromData({ ...wall, isDate: false });
            },
          );
    if (fast) return fast;
    const iterator = event.iterator();
    return {
      // Typed as always a Time, ical.js's next() returns null once the set is exhausted.
      next: () => iterator.next(),
      extra: [],
      isExcluded: () => false,
    };
  }

  private keyOf(time: InstanceTime): string {
    return time.isDate ? dateText(time) : utcText(this.instantOf(time));
  }

  private emit(
    uid: string,
    recurrenceId: string | undefined,
    source: ICAL.Component,
    timing: Timing,
    out: FeedOccurrence[],
  ): void {
    const { from, to } = this.window;
    const overlaps =
      timing.startsAt < to &&
      (timing.endsAt > from || (timing.endsAt === timing.startsAt && timing.startsAt >= from));
    if (!overlaps) return;
    let words = this.words.get(source);
    if (!words) {
      words = eventWords(source, this.options.defaultLang);
      this.words.set(source, words);
    }
    out.push({
      uid,
      ...(recurrenceId !== undefined ? { recurrenceId } : {}),
      startsAt: timing.startsAt,
      endsAt: timing.endsAt,
      allDay: timing.startDate !== undefined,
      ...(timing.startDate !== undefined ? { startDate: timing.startDate } : {}),
      ...(timing.endDate !== undefined ? { endDate: timing.endDate } : {}),
      ...(timing.timeZone !== undefined ? { timeZone: timing.timeZone } : {}),
      ...words,
    });
  }

  /** The zone `time` is held in: its TZID's, UTC, or undefined for floating. */
  private zoneOf(time: InstanceTime): FeedZone | 'utc' | undefined {
    if (time.zone === ICAL.Timezone.utcTimezone) return 'utc';
    const zone = time.zone as ICAL.Timezone | null;
    return zone ? this.zones.get(zone.tzid) : undefined;
  }

  private instantOf(time: InstanceTime): number {
    const wall = wallOf(time);
    if (time.isDate) return startOfDay(wall, this.options.floatingZone);
    return this.wallInstant(wall, this.zoneOf(time));
  }

  private wallInstant(wall: WallDateTime, zone: FeedZone | 'utc' | undefined): number {
    if (zone === 'utc') {
      const { year, month, day, hour, minute, second = 0 } = wall;
      return Date.UTC(year, month - 1, day, hour, minute, second);
    }
    return zone ? zone.toInstant(wall) : toInstant(wall, this.options.floatingZone);
  }

  /** An override's RECURRENCE-ID as the key the rule's instances are matched on. */
  private recurrenceKey(override: ICAL.Component): string {
    const id = override.getFirstPropertyValue('recurrence-id') as ICAL.Time;
    return id.isDate ? dateText(id) : utcText(this.instantOf(id));
  }

  private recurrenceAt(override: ICAL.Component): number {
    return this.instantOf(override.getFirstPropertyValue('recurrence-id') as ICAL.Time);
  }

  /**
   * When an occurrence of `source` starting at `start` ends: DTEND's exact length (RFC 5545
   * §3.8.5.3), a DURATION's days and weeks as calendar days (§3.3.6: 24 h ± the change) and its
   * hours as elapsed time, else the day (all-day) or the instant (timed) of its start.
   */
  private timing(
    source: ICAL.Component,
    start: InstanceTime,
    startsAt = this.instantOf(start),
  ): Timing {
    const length = this.lengthOf(source);
    const startWall = wallOf(start);
    if (start.isDate) {
      const endWall = plusDays(startWall, Math.max(1, length.days));
      return {
        startsAt,
        endsAt: startOfDay(endWall, this.options.floatingZone),
        startDate: dateText(startWall),
        endDate: dateText(endWall),
      };
    }
    const zone = this.zoneOf(start);
    const timeZone = zone !== 'utc' ? zone?.iana : undefined;
    const dayShifted =
      length.days === 0 ? startsAt : this.wallInstant(plusDays(startWall, length.days), zone);
    const endsAt = Math.max(startsAt, dayShifted + length.ms);
    return { startsAt, endsAt, ...(timeZone !== undefined ? { timeZone } : {}) };
  }

  /** The length of `source`'s occurrences: calendar days, then elapsed milliseconds. */
  private lengthOf(source: ICAL.Component): Length {
    let length = this.lengths.get(source);
    if (length) return length;
    const dtstart = startOf(source);
    const dtend = source.getFirstPropertyValue('dtend');
    const duration = source.getFirstPropertyValue('duration');
    length = { days: dtstart.isDate ? 1 : 0, ms: 0 };
    if (dtend instanceof ICAL.Time) {
      length = dtstart.isDate
        ? { days: daysBetween(dtstart, dtend), ms: 0 }
        : { days: 0, ms: this.instantOf(dtend) - this.instantOf(dtstart) };
    } else if (duration instanceof ICAL.Duration && !duration.isNegative) {
      length = {
        days: duration.weeks * 7 + duration.days,
        ms: dtstart.isDate
          ? 0
          : (duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000,
      };
    }
    this.lengths.set(source, length);
    return length;
  }
}

/** How long an occurrence lasts: `days` calendar days (wall clock), then `ms` elapsed. */
interface Length {
  readonly days: number;
  readonly ms: number;
}
