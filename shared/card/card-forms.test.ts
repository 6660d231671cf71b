import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WedgeCardFormSchema } from '../config/kiosk-config';
import { wedgeCardForm, type CustomCardForm } from './card-forms';
import { derivedForms } from './card-id';

describe('wedgeCardForm', () => {
  it('knows the whole forms: 10-digit decimal, hex of a whole id, the full Wiegand-26 view', () => {
    expect(wedgeCardForm('0004340757')).toBe('dec10');
    expect(wedgeCardForm('4B00423C15')).toBe('hex');
    expect(wedgeCardForm('04A1B2C3')).toBe('hex');
    expect(wedgeCardForm('04A1B2C3D4E5F6')).toBe('hex');
    expect(wedgeCardForm('04A1B2C3D4E5F6071829')).toBe('hex');
    expect(wedgeCardForm('066,15381')).toBe('w26');
  });

  it('refuses fragments and other shapes', () => {
    // Issue 10: the last six digits of a member's 10-digit card were bound to a visitor.
    expect(wedgeCardForm('334109')).toBeNull();
    expect(wedgeCardForm('000433410')).toBeNull();
    expect(wedgeCardForm('6,15381')).toBeNull();
    expect(wedgeCardForm('066,1538')).toBeNull();
    expect(wedgeCardForm('300,15381')).toBeNull();
    expect(wedgeCardForm('4B00423C1')).toBeNull();
    expect(wedgeCardForm('0000000000')).toBeNull();
    expect(wedgeCardForm('000,00000')).toBeNull();
    expect(wedgeCardForm('')).toBeNull();
  });

  it('accepts a configured form only as configured', () => {
    const form: CustomCardForm = { length: 6, startsWith: '33', alphabet: 'decimal' };
    expect(wedgeCardForm('334109', [form])).toBe('custom');
    expect(wedgeCardForm('434109', [form])).toBeNull();
    expect(wedgeCardForm('33410', [form])).toBeNull();
    expect(wedgeCardForm('33410A', [form])).toBeNull();
    expect(wedgeCardForm('33A1B2', [{ ...form, alphabet: 'hex' }])).toBe('custom');
    expect(wedgeCardForm('000000', [{ ...form, startsWith: '' }])).toBeNull();
  });

  it('accepts every whole form a card has, and no strict part of its 10-digit decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), (id32) => {
        const forms = derivedForms(String(id32));
        if (forms === null) throw new Error('no forms');
        expect(wedgeCardForm(forms.dec10)).toBe('dec10');
        expect(wedgeCardForm(forms.w26)).toBe(forms.w26 === '000,00000' ? null : 'w26');
        for (let n = 1; n < 10; n += 1) {
          const part = forms.dec10.slice(10 - n);
          if (n !== 8) expect(wedgeCardForm(part)).toBeNull();
        }
      }),
    );
  });
});

describe('WedgeCardFormSchema', () => {
  it('fills defaults and refuses a start as long as the id or in another alphabet', () => {
    expect(WedgeCardFormSchema.parse({ length: 12 })).toEqual({
      length: 12,
      startsWith: '',
      alphabet: 'decimal',
    });
    expect(WedgeCardFormSchema.safeParse({ length: 4, startsWith: '1234' }).success).toBe(false);
    expect(WedgeCardFormSchema.safeParse({ length: 12, startsWith: 'ab' }).success).toBe(false);
    expect(WedgeCardFormSchema.safeParse({ length: 3 }).success).toBe(false);
    expect(WedgeCardFormSchema.safeParse({ length: 12, extra: 1 }).success).toBe(false);
  });
});
