import { describe, expect, it } from 'vitest';
import { formatInstant, intlLocale } from './instant';

// 4 December 2026, 14:05:09 in Brussels (UTC+1).
const AT = Date.UTC(2026, 11, 4, 13, 5, 9);
const BRUSSELS = 'Europe/Brussels';

describe('formatInstant', () => {
  it('shows a 24-hour clock in every language, English included', () => {
    for (const lang of ['fr', 'nl', 'en']) {
      const text = formatInstant(AT, lang, { timeStyle: 'short', timeZone: BRUSSELS });
      expect(text, lang).toBe('14:05');
    }
    const midnight = Date.UTC(2026, 11, 4, 23, 30);
    expect(formatInstant(midnight, 'en', { timeStyle: 'short', timeZone: BRUSSELS })).toBe('00:30');
  });

  it('writes the date as each language does, English the British way', () => {
    const style = { dateStyle: 'medium', timeStyle: 'short', timeZone: BRUSSELS } as const;
    expect(formatInstant(AT, 'en', style)).toMatch(/^4 Dec 2026.*14:05$/);
    expect(formatInstant(AT, 'fr', style)).toMatch(/^4 déc\. 2026.*14:05$/);
    expect(formatInstant(AT, 'nl', style)).toMatch(/^4 dec 2026.*14:05$/);
    // ICU releases differ on the comma after the weekday.
    expect(formatInstant(AT, 'en', { dateStyle: 'full', timeZone: BRUSSELS })).toMatch(
      /^Friday,? 4 December 2026$/,
    );
  });

  it('reads English before any language is chosen', () => {
    const style = { timeStyle: 'medium', timeZone: BRUSSELS } as const;
    expect(formatInstant(AT, null, style)).toBe('14:05:09');
    expect(formatInstant(AT, undefined, style)).toBe(formatInstant(AT, 'en', style));
  });
});

describe('intlLocale', () => {
  it('is British English for en, the language itself otherwise', () => {
    expect(intlLocale('en')).toBe('en-GB');
    expect(intlLocale('fr')).toBe('fr');
    expect(intlLocale('nl')).toBe('nl');
  });
});
