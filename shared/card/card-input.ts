import { err, ok, type Result } from '../result';
import {
  EM4100_LENGTH,
  ID_LENGTHS,
  bytesToHex,
  hexToBytes,
  isAllZero,
  w26View,
} from './card-bytes';

/**
 * How raw reader or keyboard input is read as a card id. One string can mean several things (ten
 * digits are a decimal number or ten hex digits), so classification yields every reading, in the
 * order they should be trusted; card-id.ts turns readings into lookup keys.
 */

/** What a card id is: EM4100 (5 bytes), a MIFARE UID (4/7/10 bytes) or a bare number. */
export type CardKind = 'em4100' | 'uid' | 'number';

/** The form the input came in: hex digits, hex bytes with separators, decimal, Wiegand-26 view. */
export type CardInputFormat = 'hex' | 'hex-bytes' | 'dec10' | 'dec' | 'w26';

/** One meaning of an input: a whole id, a decimal number, or a 24-bit Wiegand value. */
export type CardReading =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'decimal'; readonly value: bigint }
  | { readonly kind: 'w24'; readonly value: number };

/** Classified input: its canonical form and every reading of it. */
export interface ClassifiedInput {
  canonical: string;
  kind: CardKind;
  format: CardInputFormat;
  /** Every reading, most trusted first; never empty. */
  readings: CardReading[];
}

/** Longest input considered at all; anything longer is a stuck key or garbage. */
const MAX_INPUT_LENGTH = 64;
/** 2^80 − 1, the largest 10-byte UID, has 25 decimal digits. */
const MAX_DECIMAL_DIGITS = 25;
const MAX_ID_VALUE = (1n << 80n) - 1n;
const MAX_HEX_DIGITS = 20;
const HEX_BYTES_WITH_SEPARATORS = /^[0-9A-Fa-f]{2}(?:[:\- ][0-9A-Fa-f]{2})+$/;

function fail(code: string, message: string): Result<never> {
  return err({ code, message });
}

function kindOfLength(length: number): CardKind {
  return length === EM4100_LENGTH ? 'em4100' : 'uid';
}

/** Reads a string known to be hex (no separators) as a whole card id. */
function classifyHexDigits(hex: string, format: CardInputFormat): Result<ClassifiedInput> {
  if (hex.length > MAX_HEX_DIGITS) return fail('card-too-long', 'A card id has at most 10 bytes.');
  const bytes = hexToBytes(hex);
  if (bytes === null || !ID_LENGTHS.includes(bytes.length)) {
    return fail(
      'card-malformed',
      'A hex card id has 4, 5, 7 or 10 bytes (8, 10, 14 or 20 digits).',
    );
  }
  if (isAllZero(bytes)) return fail('card-zero', 'An all-zero card id is a false read.');
  return ok({
    canonical: bytesToHex(bytes),
    kind: kindOfLength(bytes.length),
    format,
    readings: [{ kind: 'bytes', bytes }],
  });
}

function classifyW26(facilityText: string, cardText: string): Result<ClassifiedInput> {
  const facility = Number(facilityText);
  const card = Number(cardText);
  if (facility > 255 || card > 65535) {
    return fail('card-malformed', 'A Wiegand-26 view is facility 0–255, card 0–65535.');
  }
  const value = facility * 65536 + card;
  if (value === 0) return fail('card-zero', 'An all-zero card id is a false read.');
  return ok({
    canonical: w26View(value),
    kind: 'number',
    format: 'w26',
    readings: [{ kind: 'w24', value }],
  });
}

function classifyDigits(digits: string): Result<ClassifiedInput> {
  if (digits.length > MAX_DECIMAL_DIGITS) {
    return fail('card-too-long', 'A card number has at most 25 digits.');
  }
  const value = BigInt(digits);
  if (value === 0n) return fail('card-zero', 'An all-zero card id is a false read.');
  if (value > MAX_ID_VALUE) return fail('card-too-long', 'The number is larger than any card id.');
  const decimal: CardReading = { kind: 'decimal', value };
  const hexBytes = digits.length <= MAX_HEX_DIGITS ? hexToBytes(digits) : null;
  const readings: CardReading[] = [decimal];
  if (hexBytes !== null && ID_LENGTHS.includes(hexBytes.length)) {
    const hex: CardReading = { kind: 'bytes', bytes: hexBytes };
    // Wedge readers usually type the 10-digit decimal, so ten digits are decimal first; other
    // hex-sized digit strings are more often a UID in hex that happens to have no letter.
    if (digits.length === 10) readings.push(hex);
    else readings.unshift(hex);
  }
  return ok({
    canonical: digits,
    kind: 'number',
    format: digits.length === 10 ? 'dec10' : 'dec',
    readings,
  });
}

/**
 * Classifies raw input (trimmed first). Never throws; errors: `card-empty`, `card-too-long`,
 * `card-zero` (an all-zero id is a false read), `card-malformed` (anything else unreadable).
 */
export function classifyCardInput(raw: string): Result<ClassifiedInput> {
  const text = raw.trim();
  if (text === '') return fail('card-empty', 'No card id was read.');
  if (text.length > MAX_INPUT_LENGTH) return fail('card-too-long', 'The input is too long.');
  const w26 = /^(\d{1,3}),(\d{1,5})$/.exec(text);
  if (w26?.[1] !== undefined && w26[2] !== undefined) return classifyW26(w26[1], w26[2]);
  if (HEX_BYTES_WITH_SEPARATORS.test(text)) {
    return classifyHexDigits(text.replace(/[:\- ]/g, ''), 'hex-bytes');
  }
  if (/^0[xX][0-9A-Fa-f]+$/.test(text)) return classifyHexDigits(text.slice(2), 'hex');
  if (/^\d+$/.test(text)) return classifyDigits(text);
  if (/^[0-9A-Fa-f]+$/.test(text)) return classifyHexDigits(text, 'hex');
  return fail('card-malformed', 'The input is not a card id.');
}

/**
 * Classifies input known to be hex (a serial frame's payload), so ten digits without a letter
 * stay an EM4100 id instead of becoming a decimal number. Separators between bytes are allowed.
 * Never throws; errors as for classifyCardInput.
 */
export function classifyHexCardInput(raw: string): Result<ClassifiedInput> {
  const text = raw.trim();
  if (text === '') return fail('card-empty', 'No card id was read.');
  if (text.length > MAX_INPUT_LENGTH) return fail('card-too-long', 'The input is too long.');
  if (HEX_BYTES_WITH_SEPARATORS.test(text)) {
    return classifyHexDigits(text.replace(/[:\- ]/g, ''), 'hex-bytes');
  }
  const digits = /^0[xX]/.test(text) ? text.slice(2) : text;
  if (!/^[0-9A-Fa-f]+$/.test(digits)) return fail('card-malformed', 'The input is not hex.');
  return classifyHexDigits(digits, 'hex');
}
