import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { err, ok, type KioskError, type Result } from '#shared/result';
import { scanFeed, type ContentLine, type FeedLines } from './feed-lines';
import { isSaneTimeText, tzidOf } from './feed-values';
import {
  ianaFeedZone,
  ianaZone,
  vtimezoneFeedZone,
  vtimezoneFor,
  type FeedZone,
} from './feed-zones';

/** The VEVENTs of one UID: the series (absent when a feed holds only overrides) and its overrides. */
export interface FeedSeries {
  readonly uid: string;
  readonly master?: ICAL.Component;
  readonly overrides: readonly ICAL.Component[];
}

/**
 * A parsed, checked feed, ready for `expandFeed`: every VEVENT has a sane DTSTART, every time,
 * duration and rule it holds parsed, every TZID it names resolved (an unresolvable one is absent
 * from `zones`: floating).
 */
export interface ParsedFeed {
  /** X-WR-CALNAME, when the feed names itself. */
  readonly name?: string;
  readonly eventCount: number;
  readonly series: readonly FeedSeries[];
  readonly zones: ReadonlyMap<string, FeedZone>;
}

const TIME_PROPS = ['dtstart', 'dtend', 'due', 'recurrence-id', 'rdate', 'exdate'] as const;

/** Rules that repeat faster than hourly: no agenda holds them, and they would take ages to expand. */
const TOO_FREQUENT = new Set(['SECONDLY', 'MINUTELY']);

/**
 * Parses an iCalendar feed with ical.js and checks everything expansion will read, so that
 * expansion cannot fail. Failure: `feed-malformed` whose message starts `line N:` (ical.js's
 * syntax errors, a VEVENT without DTSTART, an impossible date, a bad rule, a rule repeating every
 * second or minute, a VTIMEZONE ical.js cannot read), or names the limit exceeded (size, line
 * length, more than 20 000 VEVENTs: see FEED_LIMITS). Never throws.
 */
export function parseFeed(text: string): Result<ParsedFeed> {
  const scanned = scanFeed(text);
  if (!scanned.ok) return scanned;
  const lines = scanned.value;
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (e) {
    return err(locateSyntaxError(lines.lines, e));
  }
  const vevents = calendar.getAllSubcomponents('vevent');
  const zones = resolveZones(calendar, vevents, lines);
  if (!zones.ok) return zones;
  const series = new Map<
    string,
    { uid: string; master?: ICAL.Component; overrides: ICAL.Component[] }
  >();
  for (const [index, vevent] of vevents.entries()) {
    const checked = checkEvent(vevent, lines.events[index]);
    if (!checked.ok) return checked;
    const uid = uidOf(vevent);
    const entry = series.get(uid) ?? { uid, overrides: [] };
    series.set(uid, entry);
    if (vevent.hasProperty('recurrence-id')) entry.overrides.push(vevent);
    else if (!entry.master || sequenceOf(vevent) >= sequenceOf(entry.master)) entry.master = vevent;
  }
  const name = calendar.getFirstPropertyValue('x-wr-calname');
  return ok({
    ...(typeof name === 'string' && name.length > 0 ? { name } : {}),
    eventCount: vevents.length,
    series: [...series.values()],
    zones: zones.value,
  });
}

/** ical.js names the text of a bad line, not its number: find the first line it refuses alone. */
function locateSyntaxError(lines: readonly ContentLine[], e: unknown): KioskError {
  const reason = e instanceof Error ? e.message : String(e);
  for (const { text, line } of lines) {
    if (/^(BEGIN|END):/i.test(text)) continue;
    try {
      ICAL.parse.property(text);
    } catch (lineError) {
      const why = lineError instanceof Error ? lineError.message : String(lineError);
      return { code: 'feed-malformed', message: `line ${line}: ${why}` };
    }
  }
  return { code: 'feed-malformed', message: `the feed cannot be read: ${reason}` };
}

const bad = (line: number | undefined, message: string) =>
  err({ code: 'feed-malformed', message: `line ${line ?? '?'}: ${message}` });

function lineOfProp(
  vevent: ICAL.Component,
  prop: ICAL.Property,
  where: FeedLines['events'][number] | undefined,
): number | undefined {
  return where?.props[(vevent.jCal[1] as unknown[]).indexOf(prop.jCal)] ?? where?.begin;
}

/** Checks one VEVENT's times, durations and rules; the error names the offending line. */
function checkEvent(
  vevent: ICAL.Component,
  where: FeedLines['events'][number] | undefined,
): Result<true> {
  if (!vevent.hasProperty('dtstart')) return bad(where?.begin, 'a VEVENT without DTSTART');
  for (const prop of vevent.getAllProperties()) {
    const line = lineOfProp(vevent, prop, where);
    const name = prop.name.toUpperCase();
    try {
      if ((TIME_PROPS as readonly string[]).includes(prop.name)) {
        for (const value of prop.jCal.slice(3)) {
          if (!isSaneTimeText(value)) return bad(line, `${name} is not a valid date or date-time`);
        }
      } else if (prop.name === 'duration') {
        if (!(prop.getFirstValue() instanceof ICAL.Duration)) return bad(line, 'not a duration');
      } else if (prop.name === 'rrule') {
        const rule = prop.getFirstValue();
        if (!(rule instanceof ICAL.Recur) || !rule.freq) return bad(line, 'RRULE without FREQ');
        if (TOO_FREQUENT.has(rule.freq)) {
          return bad(
            line,
            `RRULE repeats ${rule.freq.toLowerCase()}: an agenda holds no such event`,
          );
        }
        if (rule.until && !isSaneTimeText(rule.until.toString())) {
          return bad(line, 'UNTIL is not a valid date');
        }
      }
    } catch (e) {
      return bad(line, `${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return ok(true);
}

function uidOf(vevent: ICAL.Component): string {
  const uid = vevent.getFirstPropertyValue('uid');
  if (typeof uid === 'string' && uid.trim().length > 0) return uid.trim().slice(0, 1000);
  // RFC 5545 requires a UID; a feed without one still shows, under one derived from what it says.
  const basis = ['dtstart', 'summary', 'location']
    .map((name) => vevent.getFirstProperty(name)?.toICALString() ?? '')
    .join('\n');
  return `derived-${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}

function sequenceOf(vevent: ICAL.Component): number {
  const sequence = vevent.getFirstPropertyValue('sequence');
  return typeof sequence === 'number' ? sequence : 0;
}

/**
 * Every TZID the VEVENTs name, resolved (feed-zones.ts); an IANA zone the feed names without
 * defining gets a VTIMEZONE added to the tree, so ical.js compares UTC EXDATEs correctly.
 */
function resolveZones(
  calendar: ICAL.Component,
  vevents: readonly ICAL.Component[],
  lines: FeedLines,
): Result<Map<string, FeedZone>> {
  const named = new Set<string>();
  for (const vevent of vevents) {
    for (const prop of vevent.getAllProperties()) {
      const tzid = tzidOf(prop);
      if (tzid !== undefined) named.add(tzid);
    }
  }
  const defined = new Map<string, ICAL.Component>();
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = vtimezone.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string') defined.set(tzid, vtimezone);
  }
  const zones = new Map<string, FeedZone>();
  for (const tzid of named) {
    const own = defined.get(tzid);
    const location = own?.getFirstPropertyValue('x-lic-location');
    const iana = ianaZone(tzid) ?? (typeof location === 'string' ? ianaZone(location) : undefined);
    if (iana !== undefined) {
      zones.set(tzid, ianaFeedZone(iana));
      const block = own ? undefined : vtimezoneFor(tzid, iana);
      if (block) calendar.addSubcomponent(new ICAL.Component(block));
    } else if (own) {
      try {
        const zone = vtimezoneFeedZone(own);
        zone.toInstant({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 });
        zones.set(tzid, zone);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        return bad(lines.zones.get(tzid), `VTIMEZONE ${tzid} cannot be read: ${why}`);
      }
    }
  }
  return ok(zones);
}
