import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WedgeReaderSchema } from '#shared/config/kiosk-config';
import vectors from '#test/fixtures/card-vectors.json';

// test/fixtures/card-vectors.json is the project's own reference for card readers and card
// numbers (docs/card-readers.md). The parser and reader tests hold the code to it; this file holds
// the vectors themselves to the formats' definitions, worked out here with plain arithmetic and
// none of the project's parsers, so a vector cannot be edited to agree with a bug, and none can
// disappear unnoticed.

const SpacedHex = z.string().regex(/^[0-9A-F]{2}( [0-9A-F]{2})*$/);
const CardId = z.string().regex(/^[0-9A-F]{10}$/);
const Reads = z.union([z.literal('reject'), z.array(CardId)]);
const Gaps = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

const CardVectorsSchema = z.strictObject({
  rdm6300_ascii: z.array(
    z.strictObject({
      name: z.string(),
      frame: SpacedHex,
      expect: z.strictObject({
        em4100Hex: CardId,
        id32: z.number().int().nonnegative(),
        dec10: z.string().regex(/^\d{10}$/),
        w26: z
          .string()
          .regex(/^\d{3},\d{5}$/)
          .optional(),
      }),
    }),
  ),
  rdm6300_negative_and_stream: z.array(
    z.union([
      z.strictObject({
        name: z.string(),
        bytes: SpacedHex,
        expect: Reads,
        note: z.string().optional(),
      }),
      z.strictObject({ name: z.string(), chunks: z.array(SpacedHex).min(2), expect: Reads }),
    ]),
  ),
  binary_stx_len_type: z.array(
    z.strictObject({
      name: z.string(),
      bytes: SpacedHex,
      expect: z.strictObject({ em4100Hex: CardId, id32: z.number().int().nonnegative() }),
    }),
  ),
  lf_cr_ascii: z.array(
    z.strictObject({
      name: z.string(),
      bytes: SpacedHex,
      expect: z.strictObject({ em4100Hex: CardId }),
    }),
  ),
  wiegand26: z.array(
    z.strictObject({
      name: z.string(),
      bits: z.string().regex(/^[01]{26}$/),
      expect: z.strictObject({ facility: z.number().int(), card: z.number().int() }),
    }),
  ),
  mifare_uid: z.array(
    z.strictObject({
      name: z.string(),
      uidBytes: SpacedHex,
      bigEndianDec: z.number().int(),
      reversedHex: z.string().regex(/^[0-9A-F]+$/),
      reversedDec: z.number().int(),
    }),
  ),
  keyboard_wedge: z.array(
    z.strictObject({
      name: z.string(),
      codes: z.array(z.string().regex(/^(Digit\d|Enter)$/)),
      keysSeen: z.string().optional(),
      gapMs: Gaps,
      thenSilenceMs: z.number().int().positive().optional(),
      expect: z.string(),
      note: z.string().optional(),
    }),
  ),
});

const fixture = CardVectorsSchema.parse(vectors);

/** Every vector by section: removing one (or adding one) is a deliberate change made here too. */
const VECTOR_NAMES = {
  rdm6300_ascii: ['V1', 'V2', 'V3', 'V6', 'V7'],
  rdm6300_negative_and_stream: ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N8'],
  binary_stx_len_type: ['B1'],
  lf_cr_ascii: ['P1'],
  wiegand26: ['W1', 'W2'],
  mifare_uid: ['M1', 'M2'],
  keyboard_wedge: ['K1', 'K2', 'K3', 'K6'],
};

const STX = 0x02;
const ETX = 0x03;
const LF = 0x0a;
const CR = 0x0d;

const bytes = (spaced: string): number[] => spaced.split(' ').map((b) => parseInt(b, 16));
const hex = (values: readonly number[]): string =>
  values.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
const ascii = (values: readonly number[]): string => String.fromCharCode(...values);
const xor = (values: readonly number[]): number => values.reduce((a, b) => a ^ b, 0);
const ones = (bits: string): number => bits.replace(/0/g, '').length;

/** The id of a valid 14-byte RDM6300 frame at `at`, or null: STX, 10 + 2 hex digits, ETX. */
function rdm6300IdAt(stream: readonly number[], at: number): string | null {
  const frame = stream.slice(at, at + 14);
  if (frame.length < 14 || frame[0] !== STX || frame[13] !== ETX) return null;
  const text = ascii(frame.slice(1, 13));
  if (!/^[0-9A-Fa-f]{12}$/.test(text)) return null;
  const data = [0, 2, 4, 6, 8].map((i) => parseInt(text.slice(i, i + 2), 16));
  if (xor(data) !== parseInt(text.slice(10), 16) || data.every((b) => b === 0)) return null;
  return text.slice(0, 10).toUpperCase();
}

/** The reads a stream holds: its valid frames, a card held (the same frame again) read once. */
function streamReads(stream: readonly number[]): string[] {
  const reads: string[] = [];
  stream.forEach((_, at) => {
    const id = rdm6300IdAt(stream, at);
    if (id !== null && reads.at(-1) !== id) reads.push(id);
  });
  return reads;
}

/** Unshifted digit row of the Belgian and French AZERTY layouts, by `Digit0`…`Digit9`. */
const AZERTY_DIGITS = 'à&é"\'(§è!ç';

describe('card vectors (test/fixtures/card-vectors.json)', () => {
  it('hold every section and vector, in the documented shape', () => {
    const names = Object.fromEntries(
      Object.entries(fixture).map(([section, list]) => [
        section,
        list.map((v) => v.name.split(' ')[0]),
      ]),
    );
    expect(names).toEqual(VECTOR_NAMES);
  });

  it.each(fixture.rdm6300_ascii)(
    '$name: the frame carries its id, and the forms derive from it',
    (v) => {
      const frame = bytes(v.frame);
      expect(rdm6300IdAt(frame, 0)).toBe(v.expect.em4100Hex);
      const id32 = parseInt(v.expect.em4100Hex.slice(2), 16);
      expect(v.expect.id32).toBe(id32);
      expect(v.expect.dec10).toBe(String(id32).padStart(10, '0'));
      if (v.expect.w26 !== undefined) {
        const facility = String(Math.floor(id32 / 65536) % 256).padStart(3, '0');
        expect(v.expect.w26).toBe(`${facility},${String(id32 % 65536).padStart(5, '0')}`);
      }
    },
  );

  it.each(fixture.rdm6300_negative_and_stream)(
    '$name: the stream holds exactly the reads expected',
    (v) => {
      const stream = 'chunks' in v ? v.chunks.flatMap(bytes) : bytes(v.bytes);
      expect(streamReads(stream)).toEqual(v.expect === 'reject' ? [] : v.expect);
    },
  );

  it.each(fixture.binary_stx_len_type)('$name: STX LEN TYPE id BCC ETX, with a right BCC', (v) => {
    const frame = bytes(v.bytes);
    const [stx, len = 0, type = 0] = frame;
    const id = frame.slice(3, -2);
    expect([stx, frame.at(-1), len, type, id.length]).toEqual([STX, ETX, frame.length, 0x02, 5]);
    expect(frame.at(-2)).toBe(xor([len, type, ...id]));
    expect(hex(id)).toBe(v.expect.em4100Hex);
    expect(v.expect.id32).toBe(parseInt(hex(id.slice(1)), 16));
  });

  it.each(fixture.lf_cr_ascii)('$name: LF, ten hex digits, CR', (v) => {
    const frame = bytes(v.bytes);
    expect([frame.length, frame[0], frame.at(-1)]).toEqual([12, LF, CR]);
    expect(ascii(frame.slice(1, -1))).toBe(v.expect.em4100Hex);
  });

  it.each(fixture.wiegand26)(
    '$name: parity bits right, facility and card where they belong',
    (v) => {
      expect(ones(v.bits.slice(0, 13)) % 2).toBe(0);
      expect(ones(v.bits.slice(13)) % 2).toBe(1);
      expect(parseInt(v.bits.slice(1, 9), 2)).toBe(v.expect.facility);
      expect(parseInt(v.bits.slice(9, 25), 2)).toBe(v.expect.card);
    },
  );

  it.each(fixture.mifare_uid)('$name: decimal and reversed forms of the UID bytes', (v) => {
    const uid = bytes(v.uidBytes);
    const reversed = [...uid].reverse();
    expect(v.bigEndianDec).toBe(parseInt(hex(uid), 16));
    expect(v.reversedHex).toBe(hex(reversed));
    expect(v.reversedDec).toBe(parseInt(hex(reversed), 16));
  });

  it.each(fixture.keyboard_wedge)('$name: keys, timing and outcome agree', (v) => {
    const { maxGapMs } = WedgeReaderSchema.parse({});
    const digits = v.codes.filter((c) => c !== 'Enter').map((c) => c.slice('Digit'.length));
    if (v.keysSeen !== undefined) {
      expect(v.keysSeen).toBe(digits.map((d) => AZERTY_DIGITS[Number(d)]).join(''));
    }
    const [fastest, slowest] = v.gapMs;
    expect(fastest).toBeLessThanOrEqual(slowest);
    if (/^\d+$/.test(v.expect)) {
      // A reader: every key within the burst gap, ended by Enter, the digits are the card.
      expect(slowest).toBeLessThan(maxGapMs);
      expect(v.codes.at(-1)).toBe('Enter');
      expect(v.expect).toBe(digits.join(''));
    } else if (v.thenSilenceMs !== undefined) {
      // A burst cut off: reader speed, no Enter, then silence longer than a burst gap.
      expect(slowest).toBeLessThan(maxGapMs);
      expect(v.codes).not.toContain('Enter');
      expect(v.thenSilenceMs).toBeGreaterThan(maxGapMs);
    } else {
      // A person: every gap slower than a reader's.
      expect(fastest).toBeGreaterThan(maxGapMs);
    }
  });
});
