import { describe, expect, it } from 'vitest';
import { LANGS } from '../domain/types';
import { formatInstant, localeFor } from './format';

// Tuesday 4 March 2025, 09:05 in Brussels (08:05 UTC).
const AT = Date.UTC(2025, 2, 4, 8, 5);

describe('formatting for people', () => {
  it('maps each language to one locale', () => {
    expect(LANGS.map(localeFor)).toEqual(['fr-BE', 'nl-BE', 'en-GB']);
  });

  it("writes each style in each language, in the space's zone", () => {
    const written = Object.fromEntries(
      LANGS.map((lang) => [
        lang,
        (['time', 'weekdayDate', 'date'] as const).map((style) =>
          formatInstant(AT, lang, 'Europe/Brussels', style),
        ),
      ]),
    );
    expect(written).toEqual({
      fr: ['09:05', 'mardi 4 mars', '4 mars 2025'],
      nl: ['09:05', 'dinsdag 4 maart', '4 maart 2025'],
      en: ['09:05', 'Tuesday 4 March', '4 March 2025'],
    });
    expect(formatInstant(AT, 'en', 'America/Montreal', 'time')).toBe('03:05');
    // Late in the evening in Montreal is already the next day in Brussels.
    const evening = Date.UTC(2025, 2, 5, 2, 0);
    expect(formatInstant(evening, 'en', 'America/Montreal', 'weekdayDate')).toBe('Tuesday 4 March');
    expect(formatInstant(evening, 'en', 'Europe/Brussels', 'weekdayDate')).toBe(
      'Wednesday 5 March',
    );
  });

  it('shows both 02:30s of the autumn night as 02:30', () => {
    for (const at of [Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)]) {
      expect(formatInstant(at, 'nl', 'Europe/Brussels', 'time')).toBe('02:30');
    }
  });

  it('throws a RangeError for an unknown zone, and keeps working after it', () => {
    expect(() => formatInstant(AT, 'fr', 'Mars/Olympus', 'time')).toThrow(RangeError);
    expect(() => formatInstant(AT, 'fr', 'Mars/Olympus', 'time')).toThrow(RangeError);
    expect(formatInstant(AT, 'fr', 'Europe/Paris', 'time')).toBe('09:05');
  });
});
