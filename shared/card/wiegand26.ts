import { err, ok, type Result } from '../result';

/**
 * Wiegand-26 frames: `P | 8 facility bits | 16 card bits | P`, most significant bit first. The
 * leading bit makes the first 13 bits even (even parity over bits 1–12), the trailing bit makes
 * the last 13 bits odd (odd parity over bits 13–24). A frame with a wrong parity bit is a bad
 * read, never a card.
 */
export interface Wiegand26 {
  facility: number;
  card: number;
}

function countOnes(bits: string): number {
  let n = 0;
  for (const c of bits) if (c === '1') n++;
  return n;
}

/**
 * Decodes 26 bits written as a string of `0`/`1`. Never throws: a string of another length or
 * alphabet gives `wiegand-malformed`, a parity mismatch gives `wiegand-parity`.
 */
export function decodeWiegand26Bits(bits: string): Result<Wiegand26> {
  if (!/^[01]{26}$/.test(bits)) {
    return err({ code: 'wiegand-malformed', message: 'A Wiegand-26 frame is 26 bits of 0 and 1.' });
  }
  const evenHalf = bits.slice(0, 13);
  const oddHalf = bits.slice(13);
  if (countOnes(evenHalf) % 2 !== 0 || countOnes(oddHalf) % 2 !== 1) {
    return err({ code: 'wiegand-parity', message: 'The Wiegand-26 parity bits do not match.' });
  }
  return ok({ facility: parseInt(bits.slice(1, 9), 2), card: parseInt(bits.slice(9, 25), 2) });
}

/**
 * Encodes a facility (0–255) and card (0–65535) number as 26 bits with both parity bits set.
 * Throws a RangeError for values out of range: callers hold numbers, not reader input.
 */
export function encodeWiegand26Bits(facility: number, card: number): string {
  if (!Number.isInteger(facility) || facility < 0 || facility > 255) {
    throw new RangeError(`facility out of range: ${facility}`);
  }
  if (!Number.isInteger(card) || card < 0 || card > 65535) {
    throw new RangeError(`card out of range: ${card}`);
  }
  const data = facility.toString(2).padStart(8, '0') + card.toString(2).padStart(16, '0');
  const even = countOnes(data.slice(0, 12)) % 2 === 0 ? '0' : '1';
  const odd = countOnes(data.slice(12)) % 2 === 0 ? '1' : '0';
  return even + data + odd;
}
