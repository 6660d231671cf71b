import { err, ok, type Result } from '#shared/result';

/**
 * The content lines of an iCalendar feed with the physical line each starts on, and the line of
 * every VEVENT property, so that an error found anywhere (ical.js's parser, a bad value, a missing
 * DTSTART) can name the line an operator should look at. ical.js's own errors quote a line's text
 * but not its number. The scan also refuses absurd input before ical.js sees it: a line or a feed
 * too long, too many VEVENTs, components that do not nest.
 */

/** Limits that keep a hostile or broken feed from stalling the hub. */
export const FEED_LIMITS = {
  /** ≈ 4× the fetcher's default 5 MB: an uploaded file may be larger, not unbounded. */
  maxChars: 20 * 1024 * 1024,
  /** An unfolded line (a long HTML description is ≈ 20 000). */
  maxLineChars: 100_000,
  maxEvents: 20_000,
  /** Nesting deeper than VCALENDAR > VEVENT > VALARM > … is not iCalendar. */
  maxDepth: 8,
} as const;

/** One unfolded content line and the 1-based physical line it starts on. */
export interface ContentLine {
  readonly text: string;
  readonly line: number;
}

/** Where each VEVENT and VTIMEZONE starts, and the line of each of a VEVENT's own properties. */
export interface FeedLines {
  /** Per VEVENT, in feed order: its BEGIN line and its properties' lines, in jCal order. */
  readonly events: readonly { readonly begin: number; readonly props: readonly number[] }[];
  /** TZID text → the BEGIN:VTIMEZONE line. */
  readonly zones: ReadonlyMap<string, number>;
  readonly lines: readonly ContentLine[];
}

const malformed = (line: number, message: string) =>
  err({ code: 'feed-malformed', message: `line ${line}: ${message}` });

/** Unfolds `text` as ical.js does (LF or CRLF; a line starting with a space or tab continues). */
export function contentLines(text: string): ContentLine[] {
  const out: { text: string; line: number }[] = [];
  const physical = text.split('\n');
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const last = out[out.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) last.text += line.slice(1);
    else if (line.length > 0) out.push({ text: line, line: i + 1 });
  }
  return out;
}

function componentName(text: string, keyword: 'BEGIN:' | 'END:'): string | undefined {
  return text.slice(0, keyword.length).toUpperCase() === keyword
    ? text.slice(keyword.length).trim().toUpperCase()
    : undefined;
}

/**
 * Scans `text`: limits, one VCALENDAR, components that nest, and where things are. Errors are
 * `feed-malformed` with a message starting `line N:`.
 */
export function scanFeed(text: string): Result<FeedLines> {
  if (text.length > FEED_LIMITS.maxChars) {
    return err({
      code: 'feed-malformed',
      message: `the feed has ${text.length} characters, more than ${FEED_LIMITS.maxChars}`,
    });
  }
  const lines = contentLines(text);
  const first = lines[0];
  if (!first || componentName(first.text, 'BEGIN:') !== 'VCALENDAR') {
    return malformed(first?.line ?? 1, 'an iCalendar feed starts with BEGIN:VCALENDAR');
  }
  const events: { begin: number; props: number[] }[] = [];
  const zones = new Map<string, number>();
  const stack: { name: string; line: number }[] = [];
  let zoneBegin = 0;
  let calendars = 0;
  for (const { text: content, line } of lines) {
    if (content.length > FEED_LIMITS.maxLineChars) {
      return malformed(line, `${content.length} characters, more than ${FEED_LIMITS.maxLineChars}`);
    }
    const begin = componentName(content, 'BEGIN:');
    const end = componentName(content, 'END:');
    if (begin !== undefined) {
      if (stack.length === 0 && ++calendars > 1) {
        return malformed(line, 'a second VCALENDAR; a feed holds one');
      }
      if (stack.length >= FEED_LIMITS.maxDepth) return malformed(line, 'components nest too deep');
      if (begin === 'VEVENT') {
        if (events.length >= FEED_LIMITS.maxEvents) {
          return malformed(line, `more than ${FEED_LIMITS.maxEvents} VEVENTs`);
        }
        events.push({ begin: line, props: [] });
      }
      if (begin === 'VTIMEZONE') zoneBegin = line;
      stack.push({ name: begin, line });
    } else if (end !== undefined) {
      const open = stack.pop();
      if (!open) return malformed(line, `END:${end} outside any component`);
      if (open.name !== end) {
        return malformed(line, `END:${end} closes BEGIN:${open.name} of line ${open.line}`);
      }
    } else if (stack.length === 0) {
      return malformed(line, 'a property after END:VCALENDAR');
    } else {
      const top = stack[stack.length - 1];
      if (top?.name === 'VEVENT') events[events.length - 1]?.props.push(line);
      if (top?.name === 'VTIMEZONE' && /^TZID[:;]/i.test(content)) {
        zones.set(content.slice(content.indexOf(':') + 1), zoneBegin);
      }
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) return malformed(unclosed.line, `BEGIN:${unclosed.name} is never closed`);
  return ok({ events, zones, lines });
}
