import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from './card-bytes';
import { derivedForms, enrolmentKeys, normalizeCardInput, readKeys } from './card-id';

const nonZeroBytes = (length: number) =>
  fc.uint8Array({ minLength: length, maxLength: length }).filter((b) => b.some((x) => x !== 0));

/** Every way a reader or a person may present the card: each must find it or be a zero read. */
function presentations(canonical: string): string[] {
  const forms = derivedForms(canonical, canonical.length === 10 ? 'em4100' : 'uid');
  if (forms === null) throw new Error(`no forms for ${canonical}`);
  const bytes = canonical.match(/../g) ?? [];
  return [
    canonical,
    canonical.toLowerCase(),
    bytes.join(':'),
    bytes.join(' ').toLowerCase(),
    forms.dec10,
    String(forms.id32),
    forms.w26,
    ...[forms.dec40, forms.uidDec, forms.reversedHex, forms.reversedDec].filter(
      (f): f is string => f !== undefined,
    ),
    ...(forms.reversedHex === undefined ? [] : [[...bytes].reverse().join('-')]),
  ];
}

function expectFoundOrZero(read: string, enrolled: readonly string[]): void {
  const normalized = normalizeCardInput(read);
  if (!normalized.ok) {
    // Only a form that dropped every set bit (low 32 or 24 bits all zero) may fail to read.
    expect(normalized.error.code).toBe('card-zero');
    return;
  }
  expect(
    readKeys(read).some((k) => enrolled.includes(k)),
    read,
  ).toBe(true);
}

describe('card identity properties', () => {
  it('every derived form of a 5-byte EM4100 id finds the enrolled card', () => {
    fc.assert(
      fc.property(nonZeroBytes(5), (bytes) => {
        const canonical = bytesToHex(bytes);
        const enrolled = enrolmentKeys(canonical, 'em4100');
        for (const read of presentations(canonical)) expectFoundOrZero(read, enrolled);
      }),
    );
  });

  it('4, 7 and 10-byte UIDs are found in read order and reversed, in hex and decimal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 7, 10).chain((n) => nonZeroBytes(n)),
        (bytes) => {
          const canonical = bytesToHex(bytes);
          const enrolled = enrolmentKeys(canonical, 'uid');
          for (const read of presentations(canonical)) expectFoundOrZero(read, enrolled);
        },
      ),
    );
  });

  it('normalizeCardInput and readKeys never throw, and agree on what is readable', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:- ,x\r\n'.split('')) }),
          fc.stringMatching(/^\d{1,30}$/),
        ),
        (raw) => {
          const normalized = normalizeCardInput(raw);
          const keys = readKeys(raw);
          expect(keys.length > 0).toBe(normalized.ok);
          if (normalized.ok) expect(readKeys(normalized.value.canonical)).toEqual(keys);
        },
      ),
    );
  });

  it('distinct cards never share a hex or uid key unless one is the other reversed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 5, 7, 10).chain((n) => fc.tuple(nonZeroBytes(n), nonZeroBytes(n))),
        ([a, b]) => {
          const ha = bytesToHex(a);
          const hb = bytesToHex(b);
          fc.pre(ha !== hb);
          const kind = a.length === 5 ? 'em4100' : 'uid';
          const exact = (c: string) =>
            enrolmentKeys(c, kind).filter((k) => k.startsWith('hex:') || k.startsWith('uid:'));
          const shared = exact(ha).filter((k) => exact(hb).includes(k));
          const isReverse = bytesToHex(Uint8Array.from(a).reverse()) === hb;
          expect(shared.filter((k) => k.startsWith('hex:'))).toEqual([]);
          if (!isReverse || kind === 'em4100') expect(shared).toEqual([]);
        },
      ),
    );
  });

  it('enrolment keys of an id hold its canonical hex key first and no duplicates', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 5, 7, 10).chain((n) => nonZeroBytes(n)),
        (bytes) => {
          const canonical = bytesToHex(bytes);
          const keys = enrolmentKeys(canonical, bytes.length === 5 ? 'em4100' : 'uid');
          expect(keys[0]).toBe(`hex:${canonical}`);
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.some((k) => /:0+$/.test(k))).toBe(false);
        },
      ),
    );
  });
});
