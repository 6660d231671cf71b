import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_MAX, PRIVACY_NOTICE_VERSION, validateWalkIn, type WalkInInput } from './walk-in-form';

function form(over: Partial<WalkInInput> = {}): WalkInInput {
  return {
    firstName: 'Marie',
    lastName: 'Dupont',
    country: 'BE',
    preferredLang: 'fr',
    purpose: { kind: 'coworking' },
    consent: true,
    ...over,
  };
}

describe('validateWalkIn', () => {
  it('accepts a minimal walk-in and records the current notice version', () => {
    const r = validateWalkIn(form());
    expect(r).toEqual({
      ok: true,
      value: {
        firstName: 'Marie',
        lastName: 'Dupont',
        country: 'BE',
        preferredLang: 'fr',
        purpose: { kind: 'coworking' },
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
    });
  });

  it('trims, collapses spaces and drops empty optionals', () => {
    const r = validateWalkIn(
      form({ firstName: '  Jean   Pierre ', lastName: "d'Ursel-Ñúñez", company: '  ', email: '' }),
    );
    expect(r.ok && r.value).toMatchObject({ firstName: 'Jean Pierre', lastName: "d'Ursel-Ñúñez" });
    expect(r.ok && 'company' in r.value).toBe(false);
    expect(r.ok && 'email' in r.value).toBe(false);
  });

  it.each([
    ['empty', '', 'required'],
    ['blank', '   ', 'required'],
    ['over-long', 'a'.repeat(NAME_MAX + 1), 'too-long'],
    ['script injection', '<script>alert(1)</script>', 'name-chars'],
    ['emoji', 'Marie 😀', 'name-chars'],
    ['digits', 'R2D2', 'name-chars'],
    ['only punctuation', "'-'", 'name-chars'],
    ['a control character', 'Ma\u0000rie', 'control-chars'],
    ['a bidi override', 'Ma\u202erie', 'control-chars'],
  ])('refuses a %s first name', (_label, firstName, code) => {
    expect(validateWalkIn(form({ firstName }))).toEqual({
      ok: false,
      error: { firstName: code },
    });
  });

  it('accepts a name of exactly the maximum length, counted in characters', () => {
    expect(validateWalkIn(form({ lastName: 'é'.repeat(NAME_MAX) })).ok).toBe(true);
  });

  it.each(['marie', 'marie@', '@example.com', 'marie@@example.com', 'ma rie@example.com'])(
    'refuses the malformed email %j',
    (email) => {
      expect(validateWalkIn(form({ email }))).toEqual({
        ok: false,
        error: { email: 'email-invalid' },
      });
    },
  );

  it('keeps script text in the company as plain text', () => {
    const r = validateWalkIn(form({ company: '<script>alert(1)</script>' }));
    expect(r.ok && r.value.company).toBe('<script>alert(1)</script>');
  });

  it('checks phone, country, purpose and consent', () => {
    const r = validateWalkIn(
      form({
        phone: 'call me',
        country: 'be',
        purpose: { kind: 'meeting', memberId: '' },
        consent: false as true,
      }),
    );
    expect(r).toEqual({
      ok: false,
      error: {
        phone: 'phone-invalid',
        country: 'country-invalid',
        purpose: 'member-required',
        consent: 'consent-required',
      },
    });
    expect(validateWalkIn(form({ phone: '+32 65 12 34 56' })).ok).toBe(true);
  });

  it('reports every required field of an empty form', () => {
    const r = validateWalkIn({});
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.error).sort()).toEqual(
      ['consent', 'country', 'firstName', 'lastName', 'preferredLang', 'purpose'].sort(),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        validateWalkIn(input);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({ firstName: fc.string(), lastName: fc.string(), email: fc.string() }),
        (f) => {
          const r = validateWalkIn(form(f));
          if (r.ok) {
            expect(Array.from(r.value.firstName).length).toBeLessThanOrEqual(NAME_MAX);
            expect(r.value.firstName).toBe(r.value.firstName.trim());
          }
        },
      ),
    );
  });
});
