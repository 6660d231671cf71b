/**
 * The indicators' dates, numbers and names in the console's language (Intl), so a table reads
 * "7 sept. 2026" in French and "7 Sept 2026" in English. Pure: the locale is given.
 */
export interface Formats {
  /** A count or a mean, e.g. 1 234 or 42,5 in French. */
  number(n: number): string;
  /** A local date `YYYY-MM-DD`, e.g. "7 Sept 2026". */
  date(ymd: string): string;
  /** A month `YYYY-MM`, e.g. "September 2026". */
  month(ym: string): string;
  /** An instant on the wall clock of `timeZone` (an event's space), date and time. */
  dateTime(at: number, timeZone: string): string;
  /** A weekday, 1 = Monday … 7 = Sunday (ISO). */
  weekday(isoDay: number): string;
  /** A country's name from its ISO code (any case); the code itself when Intl knows none. */
  country(code: string): string;
}

/** The formats of `locale` (`fr`, `nl`, `en`); an unknown zone or date falls back to its text. */
export function indicatorFormats(locale: string): Formats {
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const months = new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const weekdays = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const utc = (text: string) => Date.parse(`${text}T00:00:00Z`);
  const safe = (text: string, format: () => string) => {
    try {
      return format();
    } catch {
      return text;
    }
  };
  return {
    number: (n) => numbers.format(n),
    date: (ymd) => safe(ymd, () => dates.format(utc(ymd))),
    month: (ym) => safe(ym, () => months.format(utc(`${ym}-01`))),
    dateTime: (at, timeZone) =>
      safe(String(at), () =>
        new Intl.DateTimeFormat(locale, {
          dateStyle: 'medium',
          timeStyle: 'short',
          hourCycle: 'h23',
          timeZone,
        }).format(at),
      ),
    // 1 January 2024 was a Monday.
    weekday: (isoDay) => weekdays.format(Date.UTC(2024, 0, isoDay)),
    country: (code) => safe(code, () => regions.of(code.toUpperCase()) ?? code),
  };
}
