import { parseArgs } from 'node:util';
import { LANGS, type Lang } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import { addDays, startOfDay, wallDateOf } from '#shared/time/zoned';
import { checkLines } from './check-lines';
import { expandFeed, type ExpandWindow } from './expand-feed';
import { ianaZone } from './feed-zones';
import { parseFeed } from './parse-feed';

/** What `feeds check` is asked: the window, the zone of floating times and of the dates, a language. */
export interface CheckRequest {
  readonly window: ExpandWindow;
  readonly zone: string;
  readonly defaultLang?: Lang;
}

/**
 * The seam for any source of feed text (a file here; a URL through the feeds fetcher): parses
 * `text` without storing anything and gives `feeds check`'s lines (check-lines.ts). Failure: the
 * parser's `feed-malformed` error, whose message names the line.
 */
export function checkFeedText(text: string, request: CheckRequest): Result<string[]> {
  const feed = parseFeed(text);
  if (!feed.ok) return feed;
  const options = {
    floatingZone: request.zone,
    ...(request.defaultLang ? { defaultLang: request.defaultLang } : {}),
  };
  return ok(checkLines(expandFeed(feed.value, request.window, options)));
}

/** How `feeds check` gets a feed's text: `readFile` for a path, `fetchFeed` (when wired) for a URL. */
export interface FeedsCheckIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly now: () => number;
  readonly readFile: (path: string) => Result<string>;
  readonly fetchFeed?: (url: string) => Promise<Result<string>>;
}

export const FEEDS_CHECK_USAGE = `usage: npm run hub -- feeds check <file.ics|URL> [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                [--zone IANA] [--lang fr|nl|en]
  Parses a feed without storing it and prints one JSON line per occurrence, ordered by start.
  --from/--to: the dates (read in --zone, --to included) the occurrences overlap; default one
  month back to twelve months ahead. --zone: where floating and all-day times are read (default
  Europe/Brussels). --lang: the language of text the feed does not tag.`;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(
  text: string,
  name: string,
): Result<{ year: number; month: number; day: number }> {
  const m = DATE.exec(text);
  const date = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  const isReal =
    date !== undefined &&
    date.month >= 1 &&
    date.month <= 12 &&
    date.day >= 1 &&
    date.day <= new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
  return date && isReal
    ? ok(date)
    : err({ code: 'usage', message: `--${name} must be a date, YYYY-MM-DD (got ${text})` });
}

/** `--from`/`--to`/`--zone`/`--lang` → a request; a usage error names the bad option. */
function request(
  values: { from?: string; to?: string; zone?: string; lang?: string },
  now: number,
): Result<CheckRequest> {
  const zone = ianaZone(values.zone ?? 'Europe/Brussels');
  if (zone === undefined) {
    return err({
      code: 'usage',
      message: `--zone must be an IANA time zone (got ${values.zone ?? ''})`,
    });
  }
  const lang = LANGS.find((l) => l === values.lang);
  if (values.lang !== undefined && lang === undefined) {
    return err({ code: 'usage', message: `--lang must be one of ${LANGS.join(', ')}` });
  }
  const today = wallDateOf(now, zone);
  const from = values.from === undefined ? ok(addDays(today, -30)) : parseDate(values.from, 'from');
  if (!from.ok) return from;
  const to = values.to === undefined ? ok(addDays(today, 365)) : parseDate(values.to, 'to');
  if (!to.ok) return to;
  const window = {
    from: startOfDay(from.value, zone),
    to: startOfDay(addDays(to.value, 1), zone),
  };
  if (window.to <= window.from) return err({ code: 'usage', message: '--to is before --from' });
  return ok({ window, zone, ...(lang ? { defaultLang: lang } : {}) });
}

/**
 * `npm run hub -- feeds check FILE_OR_URL …` (arguments after `feeds check`). Exit code 0 with
 * the lines on `out`; 2 for bad usage; 1 when the feed cannot be read or is malformed (the
 * reason, naming the line, on `err`). A URL needs `io.fetchFeed` (the feeds fetcher).
 */
export async function feedsCheckCommand(
  argv: readonly string[],
  io: FeedsCheckIo,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        zone: { type: 'string' },
        lang: { type: 'string' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${FEEDS_CHECK_USAGE}`);
    return 2;
  }
  const [source, ...extra] = parsed.positionals;
  if (source === undefined || extra.length > 0) {
    io.err(`feeds check needs one file or URL.\n${FEEDS_CHECK_USAGE}`);
    return 2;
  }
  const asked = request(parsed.values, io.now());
  if (!asked.ok) {
    io.err(`${asked.error.message}\n${FEEDS_CHECK_USAGE}`);
    return 2;
  }
  let text: Result<string>;
  if (/^https?:\/\//i.test(source)) {
    text = io.fetchFeed
      ? await io.fetchFeed(source)
      : err({ code: 'feed-unreachable', message: 'this hub has no feed fetcher' });
  } else {
    text = io.readFile(source);
  }
  if (!text.ok) {
    io.err(`Cannot read ${source}: ${text.error.message}`);
    return 1;
  }
  const lines = checkFeedText(text.value, asked.value);
  if (!lines.ok) {
    io.err(`${source} is not a valid iCalendar feed: ${lines.error.message}`);
    return 1;
  }
  for (const line of lines.value) io.out(line);
  return 0;
}
