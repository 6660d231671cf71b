import type { Lang } from '#shared/domain/types';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, timeZone: string, kind: 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    // Intl formatters are costly to build and the greeting is on the badge benchmark's path.
    f = new Intl.DateTimeFormat(
      lang === 'nl' ? 'nl-BE' : lang === 'fr' ? 'fr-BE' : 'en-GB',
      kind === 'time'
        ? { timeZone, hour: '2-digit', minute: '2-digit' }
        : { timeZone, weekday: 'long', day: 'numeric', month: 'long' },
    );
    cache.set(key, f);
  }
  return f;
}

/**
 * Hours and minutes of an epoch-ms instant, in `lang` and the space's IANA `timeZone`
 * (e.g. "09:05"). An unknown time zone throws a RangeError, as Intl does.
 */
export function formatTime(at: number, lang: Lang, timeZone: string): string {
  return formatter(lang, timeZone, 'time').format(at);
}

/** Weekday, day and month of an instant in `lang` and `timeZone` ("mardi 4 mars"); throws like formatTime. */
export function formatDate(at: number, lang: Lang, timeZone: string): string {
  return formatter(lang, timeZone, 'date').format(at);
}
