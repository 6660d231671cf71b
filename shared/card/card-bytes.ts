/**
 * Byte helpers for card ids: hex, big-endian integers and byte order. Card ids reach 10 bytes
 * (80 bits), beyond Number's 53 exact bits, so whole ids are handled as `bigint`.
 */

/** Byte lengths of a whole card id: MIFARE UIDs (4, 7, 10) and EM4100 (5). */
export const ID_LENGTHS: readonly number[] = [4, 5, 7, 10];
/** Byte lengths of MIFARE UIDs, whose byte order depends on the reader. */
export const UID_LENGTHS: readonly number[] = [4, 7, 10];
/** EM4100 ids are 5 bytes: a version (or customer) byte and 4 id bytes. */
export const EM4100_LENGTH = 5;

/** Uppercase hex of the bytes, two digits each. Never fails. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex.toUpperCase();
}

/** Bytes of an even-length hex string (either case); null when it is not one. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** The bytes read as one big-endian unsigned integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** `value` as `length` big-endian bytes; null when negative or too large for that length. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array | null {
  if (value < 0n || value >= 1n << BigInt(8 * length)) return null;
  const bytes = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}

/** Big-endian value of the last `count` (≤ 4) bytes: the low 32 or 24 bits of the id. */
export function lowBytesValue(bytes: Uint8Array, count: number): number {
  let v = 0;
  for (const b of bytes.subarray(Math.max(0, bytes.length - count))) v = v * 256 + b;
  return v;
}

/** A reversed copy; the input is left untouched. */
export function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse();
}

/** True when every byte is zero (an all-zero id is a reader's false read). */
export function isAllZero(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0);
}

/** The Wiegand-26 view `FFF,CCCCC` of a 24-bit value (facility = high 8 bits, card = low 16). */
export function w26View(low24: number): string {
  const facility = Math.floor(low24 / 65536) % 256;
  const card = low24 % 65536;
  return `${String(facility).padStart(3, '0')},${String(card).padStart(5, '0')}`;
}
