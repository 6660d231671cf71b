import type { Lang } from '../domain/types';

/**
 * Dates and times printed on badges and rosters, in the kiosk's language and the space's IANA
 * time zone (never the machine's: a kiosk's OS clock may be set to UTC). Intl only, so it runs in
 * the renderer and in Node alike. An unknown time zone throws a RangeError, as Intl does.
 */

const LOCALES: Record<Lang, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** "26 November 2026" / "26 novembre 2026". */
export function printDate(at: number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

/** "09:05". */
export function printTime(at: number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}
