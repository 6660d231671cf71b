import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskName } from './masking';

describe('maskName', () => {
  it('shows the first name and the initial of the last name', () => {
    expect(maskName('Marie', 'Dupont')).toBe('Marie D…');
    expect(maskName(' Émile ', 'Ørsted')).toBe('Émile Ø…');
    expect(maskName('Marie', '')).toBe('Marie');
  });

  it('never reveals more than the initial of the last name and 40 characters of the first', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (first, last) => {
        const masked = maskName(first, last);
        const firstShown = maskName(first, '');
        const initial = Array.from(last.trim())[0];
        const expected = [firstShown, initial === undefined ? '' : `${initial}…`]
          .filter((s) => s !== '')
          .join(' ');
        expect(masked).toBe(expected);
        expect(Array.from(firstShown).length).toBeLessThanOrEqual(41);
      }),
    );
  });
});

describe('maskEmail', () => {
  it('shows one character of each side', () => {
    expect(maskEmail('marie.dupont@example.com')).toBe('m***@e…');
    expect(maskEmail('')).toBe('');
    expect(maskEmail('nodomain')).toBe('n***');
  });

  it('never shows more than two characters of the address', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskEmail(email);
        const revealed = Array.from(masked.replace(/\*\*\*|@|…/g, ''));
        expect(revealed.length).toBeLessThanOrEqual(2);
        expect(masked).toMatch(/^.\*\*\*@.…$/u);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(
          Array.from(maskEmail(s).replace(/\*\*\*|…/g, '')).filter((c) => c !== '@').length,
        ).toBeLessThanOrEqual(2);
      }),
    );
  });
});
