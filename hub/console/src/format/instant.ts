/**
 * Dates and times in the console's language, on a 24-hour clock in all three: the network's
 * people read 14:30, and a bare `en` locale would give them 2:30 PM.
 */

/**
 * The Intl locale of a console language: British English for `en`, as the network's people
 * write it in Europe (1 Oct 2026, no serial comma); French and Dutch as they are.
 */
export function intlLocale(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang;
}

/** What formatInstant may be asked for. */
export type InstantStyle = Pick<Intl.DateTimeFormatOptions, 'dateStyle' | 'timeStyle' | 'timeZone'>;

/**
 * The instant `at` (epoch ms) as the console shows it in `lang` (fr, nl, en; none yet: en),
 * in `style`, hours 00–23.
 */
export function formatInstant(at: number, lang: string | null | undefined, style: InstantStyle) {
  return new Intl.DateTimeFormat(intlLocale(lang ?? 'en'), { ...style, hourCycle: 'h23' }).format(
    at,
  );
}
