import { describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import {
  bestCardMatch,
  derivedForms,
  enrolmentKeys,
  normalizeCardInput,
  normalizeHexCardId,
  readKeys,
} from './card-id';

/** ASCII text of hex-written bytes `from` to `to` (exclusive): a frame's id payload. */
function asciiPayload(frameHex: string, from: number, to: number): string {
  const bytes = frameHex.split(' ').map((b) => parseInt(b, 16));
  return String.fromCharCode(...bytes.slice(from, to));
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  return a.some((k) => b.includes(k));
}

function expectMatches(read: string, canonical: string, kind?: 'em4100' | 'uid'): void {
  const enrolled = enrolmentKeys(canonical, kind);
  expect(enrolled.length).toBeGreaterThan(0);
  expect(intersects(readKeys(read), enrolled), `${read} should match ${canonical}`).toBe(true);
}

describe('card vectors: EM4100 frames', () => {
  it.each(vectors.rdm6300_ascii)('$name payload normalizes and derives the expected forms', (v) => {
    const normalized = normalizeHexCardId(asciiPayload(v.frame, 1, 11));
    expect(normalized).toEqual({
      ok: true,
      value: { canonical: v.expect.em4100Hex, kind: 'em4100', format: 'hex' },
    });
    const forms = derivedForms(v.expect.em4100Hex, 'em4100');
    expect(forms?.em4100Hex).toBe(v.expect.em4100Hex);
    expect(forms?.id32).toBe(v.expect.id32);
    expect(forms?.dec10).toBe(v.expect.dec10);
    if ('w26' in v.expect) expect(forms?.w26).toBe(v.expect.w26);
    expect(forms?.dec40).toBe(BigInt(`0x${v.expect.em4100Hex}`).toString());
  });

  it.each(vectors.rdm6300_ascii)('$name: every printed form finds the enrolled card', (v) => {
    const dec40 = derivedForms(v.expect.em4100Hex, 'em4100')?.dec40;
    expect(dec40).toBeDefined();
    const w26 = ('w26' in v.expect ? [v.expect.w26] : []).filter((f) => f !== undefined);
    const reads = [v.expect.em4100Hex, v.expect.em4100Hex.toLowerCase(), v.expect.dec10, ...w26];
    for (const read of [...reads, String(v.expect.id32), dec40 ?? '']) {
      expectMatches(read, v.expect.em4100Hex, 'em4100');
    }
  });

  it('N4: an all-zero payload is a false read', () => {
    const n4 = vectors.rdm6300_negative_and_stream.find((v) => v.name.startsWith('N4'));
    expect(n4).toBeDefined();
    const payload = asciiPayload(n4?.bytes ?? '', 1, 11);
    expect(normalizeHexCardId(payload)).toMatchObject({ ok: false, error: { code: 'card-zero' } });
    expect(readKeys(payload)).toEqual([]);
  });

  it.each(vectors.binary_stx_len_type)('$name: binary frame id bytes', (v) => {
    const idBytes = v.bytes.split(' ').slice(3, 8).join(' ');
    const normalized = normalizeCardInput(idBytes);
    expect(normalized).toEqual({
      ok: true,
      value: { canonical: v.expect.em4100Hex, kind: 'em4100', format: 'hex-bytes' },
    });
    expect(derivedForms(v.expect.em4100Hex)?.id32).toBe(v.expect.id32);
    expectMatches(String(v.expect.id32), v.expect.em4100Hex);
  });

  it.each(vectors.lf_cr_ascii)('$name: LF/CR payload', (v) => {
    const normalized = normalizeCardInput(asciiPayload(v.bytes, 1, 11));
    expect(normalized).toMatchObject({ ok: true, value: { canonical: v.expect.em4100Hex } });
  });

  it.each(vectors.keyboard_wedge.filter((v) => /^\d+$/.test(v.expect)))(
    '$name: the typed digits find card V3',
    (v) => {
      expectMatches(v.expect, '4B00423C15');
      expect(readKeys(v.expect)[0]).toBe('u32:4340757');
    },
  );
});

describe('card vectors: MIFARE UIDs', () => {
  it.each(vectors.mifare_uid)('$name: forms in read order and reversed', (v) => {
    const canonical = v.uidBytes.replace(/ /g, '');
    expect(normalizeCardInput(v.uidBytes)).toEqual({
      ok: true,
      value: { canonical, kind: 'uid', format: 'hex-bytes' },
    });
    const forms = derivedForms(canonical);
    expect(forms?.id32).toBe(v.bigEndianDec);
    expect(forms?.uidDec).toBe(String(v.bigEndianDec));
    expect(forms?.reversedHex).toBe(v.reversedHex);
    expect(forms?.reversedDec).toBe(String(v.reversedDec));
    for (const read of [
      canonical,
      v.uidBytes.toLowerCase().replace(/ /g, ':'),
      v.reversedHex,
      v.uidBytes.split(' ').reverse().join('-'),
      String(v.bigEndianDec),
      String(v.reversedDec),
    ]) {
      expectMatches(read, canonical);
    }
  });

  it('a reversed read picks the member holding the card', () => {
    const [m1, m2] = vectors.mifare_uid;
    const members = [m1, m2].map((v, i) => ({
      id: `m${i}`,
      cardKeys: enrolmentKeys(v?.uidBytes.replace(/ /g, '') ?? ''),
    }));
    expect(bestCardMatch(readKeys(m2?.reversedHex ?? ''), members)).toEqual({
      ok: true,
      value: members[1],
    });
    expect(bestCardMatch(readKeys('0102030405'), members)).toEqual({ ok: true, value: null });
  });
});

describe('normalizeCardInput', () => {
  it.each([
    ['  4b00423c15\r\n', '4B00423C15', 'em4100', 'hex'],
    ['4B:00:42:3C:15', '4B00423C15', 'em4100', 'hex-bytes'],
    ['0x4b00423c15', '4B00423C15', 'em4100', 'hex'],
    ['04-A2-2B-1A-3C-5D-80', '04A22B1A3C5D80', 'uid', 'hex-bytes'],
    ['0004340757', '0004340757', 'number', 'dec10'],
    ['4340757', '4340757', 'number', 'dec'],
    ['66,15381', '066,15381', 'number', 'w26'],
    ['12 34 56 78', '12345678', 'uid', 'hex-bytes'],
  ])('%j → %s (%s, %s)', (raw, canonical, kind, format) => {
    expect(normalizeCardInput(raw)).toEqual({ ok: true, value: { canonical, kind, format } });
  });

  it.each([
    ['', 'card-empty'],
    ['   ', 'card-empty'],
    ['0000000000', 'card-zero'],
    ['00:00:00:00', 'card-zero'],
    ['000,00000', 'card-zero'],
    ['4B00423C1', 'card-malformed'],
    ['4B00423C15G', 'card-malformed'],
    ['12 34 56', 'card-malformed'],
    ['256,00001', 'card-malformed'],
    ["ààà'\"'àè(è", 'card-malformed'],
    ['4B00423C154B00423C154B', 'card-too-long'],
    ['9'.repeat(26), 'card-too-long'],
    ['1'.repeat(65), 'card-too-long'],
  ])('%j → %s', (raw, code) => {
    expect(normalizeCardInput(raw)).toMatchObject({ ok: false, error: { code } });
    expect(readKeys(raw)).toEqual([]);
  });

  it('ten digits are read as decimal first, then as hex', () => {
    const keys = readKeys('1400812345');
    expect(keys.indexOf('u32:1400812345')).toBe(0);
    expect(keys).toContain('hex:1400812345');
    expect(keys.indexOf('u32:1400812345')).toBeLessThan(keys.indexOf('hex:1400812345'));
  });

  it('eight digits are read as a hex UID first, then as decimal', () => {
    const keys = readKeys('12345678');
    expect(keys[0]).toBe('hex:12345678');
    expect(keys).toContain('u32:12345678');
  });

  it('an all-digit EM4100 id enrolled with its kind is found by its hex read', () => {
    expectMatches('1400812345', '1400812345', 'em4100');
    expect(enrolmentKeys('1400812345', 'em4100')[0]).toBe('hex:1400812345');
    expect(enrolmentKeys('1400812345')[0]).toBe('u32:1400812345');
  });

  it('a Wiegand-26 view has no derived forms and a number enrolled by its digits matches reads', () => {
    expect(derivedForms('066,15381')).toBeNull();
    expect(derivedForms('nonsense')).toBeNull();
    expect(enrolmentKeys('nonsense')).toEqual([]);
    expectMatches('4B00423C15', '0004340757');
    expectMatches('066,15381', '0004340757');
  });

  it('several members holding the best key make the read ambiguous', () => {
    const a = { cardKeys: enrolmentKeys('4B00423C15') };
    const b = { cardKeys: enrolmentKeys('7700423C15') };
    expect(bestCardMatch(readKeys('4B00423C15'), [a, b])).toEqual({ ok: true, value: a });
    expect(bestCardMatch(readKeys('0004340757'), [a, b])).toMatchObject({
      ok: false,
      error: { code: 'card-ambiguous' },
    });
  });
});
