import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import { bytesOf, concatBytes } from './frame-builders';
import { decodeHidReport } from './hid-report';

const encoder = new TextEncoder();

/** An 8- or 16-byte report as a reader pads it. */
function padded(body: Uint8Array, size: number): Uint8Array {
  return concatBytes(body, new Uint8Array(size - body.length));
}

describe('decodeHidReport', () => {
  it('ASCII hex reports give the EM4100 ids of the vectors, in either case, padded or ended by CR', () => {
    for (const v of vectors.rdm6300_ascii) {
      const hex = v.expect.em4100Hex;
      for (const body of [encoder.encode(hex), encoder.encode(`${hex.toLowerCase()}\r`)]) {
        expect(decodeHidReport(padded(body, 16))).toEqual({
          kind: 'card',
          layout: 'ascii',
          cardHex: hex,
          cardId: hex,
        });
      }
    }
  });

  it('ASCII decimal reports keep the printed number', () => {
    const report = padded(encoder.encode('0004340757\r\n'), 16);
    expect(decodeHidReport(report)).toEqual({
      kind: 'card',
      layout: 'ascii',
      cardHex: '0004340757',
      cardId: '0004340757',
    });
  });

  it('length-prefixed reports give EM4100 ids and MIFARE UIDs in read order', () => {
    expect(decodeHidReport(bytesOf('05 4B 00 42 3C 15 00 00'))).toEqual({
      kind: 'card',
      layout: 'length-prefixed',
      cardHex: '4B00423C15',
      cardId: '4B00423C15',
    });
    for (const m of vectors.mifare_uid) {
      const uid = bytesOf(m.uidBytes);
      const result = decodeHidReport(padded(concatBytes(Uint8Array.of(uid.length), uid), 8));
      expect(result).toMatchObject({ kind: 'card', cardId: m.uidBytes.split(' ').join('') });
    }
  });

  it('skips a report id when the device numbers its reports', () => {
    const report = concatBytes(Uint8Array.of(0x01), bytesOf('05 14 00 8E C7 93 00 00'));
    expect(decodeHidReport(report, { hasReportId: true })).toMatchObject({
      kind: 'card',
      cardId: '14008EC793',
    });
  });

  it('an all-zero report is idle; an id of zeros is rejected', () => {
    expect(decodeHidReport(new Uint8Array(8))).toEqual({ kind: 'idle' });
    expect(decodeHidReport(bytesOf('05 00 00 00 00 00 00 00'))).toEqual({
      kind: 'rejected',
      reason: 'all-zero',
      layout: 'length-prefixed',
    });
    expect(decodeHidReport(padded(encoder.encode('0000000000'), 16))).toEqual({
      kind: 'rejected',
      reason: 'all-zero',
      layout: 'ascii',
    });
  });

  it('rejects reports of no supported layout, such as keyboard boot reports', () => {
    expect(decodeHidReport(bytesOf('00 00 27 00 00 00 00 00'))).toEqual({
      kind: 'rejected',
      reason: 'malformed',
    });
    expect(decodeHidReport(bytesOf('05 4B 00 42 3C 15 99 00'))).toEqual({
      kind: 'rejected',
      reason: 'malformed',
    });
    expect(decodeHidReport(bytesOf('34 42 00 30'))).toEqual({
      kind: 'rejected',
      reason: 'malformed',
    });
  });
});

describe('decodeHidReport properties', () => {
  it('never throws on arbitrary reports and yields canonical hex ids only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (report, hasReportId) => {
        const result = decodeHidReport(report, { hasReportId });
        if (result.kind === 'card') expect(result.cardId).toMatch(/^[0-9A-F]+$/);
      }),
      { numRuns: 1000 },
    );
  });
});
