import type { Lang } from '../domain/types';

/**
 * Dates and times shown or printed for people, in the kiosk's language and the space's IANA time
 * zone (never the machine's: a kiosk's OS clock may run in UTC). Intl only, no Temporal, so the
 * greeting and the clock format in the first-paint bundle and offline. Formatters are cached:
 * building one costs far more than using it, and the greeting is on the badge benchmark's path.
 *
 * An all-day or floating event (no zone of its own) is shown through the space's zone: its wall
 * date or date-time → `toInstant`/`startOfDay` (zoned.ts) in that zone → `formatInstant`.
 *
 * Failure: an unknown time zone throws a RangeError, as Intl does.
 */

// The one language → locale map: Belgian French and Dutch, British English (a 24-hour clock).
const LOCALES: Readonly<Record<Lang, string>> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** The BCP 47 locale that writes dates and times for `lang` (fr-BE, nl-BE, en-GB). */
export function localeFor(lang: Lang): string {
  return LOCALES[lang];
}

const STYLES = {
  /** "09:05" */
  time: { hour: '2-digit', minute: '2-digit' },
  /** "mardi 4 mars" / "dinsdag 4 maart" / "Tuesday 4 March" */
  weekdayDate: { weekday: 'long', day: 'numeric', month: 'long' },
  /** "26 novembre 2026" / "26 november 2026" / "26 November 2026" */
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  /** "mar." / "di" / "Tue": a day picker's weekday */
  weekdayShort: { weekday: 'short' },
  /** "4 mars" / "4 mrt." / "4 Mar": a day picker's date */
  dayMonthShort: { day: 'numeric', month: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A named way of writing a date or time; each language writes it its own way. */
export type DateTimeStyle = keyof typeof STYLES;

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, timeZone: string, style: DateTimeStyle): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${style}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { ...STYLES[style], timeZone });
    cache.set(key, f);
  }
  return f;
}

/** An instant (epoch ms) as the wall clock in `timeZone` shows it, written in `lang` and `style`. */
export function formatInstant(
  at: number,
  lang: Lang,
  timeZone: string,
  style: DateTimeStyle,
): string {
  return formatter(lang, timeZone, style).format(at);
}
