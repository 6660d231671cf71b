import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import { decodeWiegand26Bits, encodeWiegand26Bits } from './wiegand26';

describe('Wiegand-26', () => {
  it.each(vectors.wiegand26)('$name decodes to the expected facility and card', (v) => {
    expect(decodeWiegand26Bits(v.bits)).toEqual({ ok: true, value: v.expect });
    expect(encodeWiegand26Bits(v.expect.facility, v.expect.card)).toBe(v.bits);
  });

  it.each(vectors.wiegand26)('$name with any one bit flipped is rejected', (v) => {
    for (let i = 0; i < v.bits.length; i++) {
      const flipped = v.bits.slice(0, i) + (v.bits[i] === '1' ? '0' : '1') + v.bits.slice(i + 1);
      expect(decodeWiegand26Bits(flipped)).toMatchObject({
        ok: false,
        error: { code: 'wiegand-parity' },
      });
    }
  });

  it.each(['', '0011001010000111111111111', '0011001010000111111111111x', '1'.repeat(27)])(
    '%j is malformed',
    (bits) => {
      expect(decodeWiegand26Bits(bits)).toMatchObject({
        ok: false,
        error: { code: 'wiegand-malformed' },
      });
    },
  );

  it('encode and decode round-trip every facility and card', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 65535 }), (f, c) => {
        expect(decodeWiegand26Bits(encodeWiegand26Bits(f, c))).toEqual({
          ok: true,
          value: { facility: f, card: c },
        });
      }),
    );
  });

  it('refuses to encode out-of-range numbers', () => {
    expect(() => encodeWiegand26Bits(256, 0)).toThrow(RangeError);
    expect(() => encodeWiegand26Bits(0, 65536)).toThrow(RangeError);
  });
});
