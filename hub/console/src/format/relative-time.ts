/**
 * "12 minutes ago" for an instant, in the operator's language, from Intl.RelativeTimeFormat (no
 * hand-kept words). Pure: the caller gives the clock.
 */

/** A past or future distance in the largest unit that keeps it above one. */
export interface Distance {
  readonly value: number;
  readonly unit: 'second' | 'minute' | 'hour' | 'day';
}

const UNITS = [
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
] as const;

/**
 * `at` seen from `now`, negative in the past: the largest of day, hour, minute that fits once,
 * rounded toward zero (so "59 minutes ago" until the hour is whole); under a minute in seconds.
 */
export function distance(at: number, now: number): Distance {
  const delta = at - now;
  for (const { unit, ms } of UNITS) {
    if (Math.abs(delta) >= ms) return { value: Math.trunc(delta / ms), unit };
  }
  return { value: Math.trunc(delta / 1000), unit: 'second' };
}

/** `at` relative to `now` in `locale` ("il y a 12 minutes", "12 minutes ago", "now"). */
export function relativeTime(at: number, now: number, locale: string): string {
  const { value, unit } = distance(at, now);
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(value, unit);
}
