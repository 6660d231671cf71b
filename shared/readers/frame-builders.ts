import { bytesToHex, hexToBytes } from '../card/card-bytes';

/**
 * Builders of wire frames, the inverse of the decoder's rules: test data factories for the
 * decoder's tests, the reader integration tests and the benchmark. Each throws a RangeError on an
 * id of the wrong size (a mistake in the calling test, not a runtime condition).
 */

const encoder = new TextEncoder();

function idBytes(idHex: string, lengths: readonly number[]): Uint8Array {
  const bytes = hexToBytes(idHex);
  if (bytes === null || !lengths.includes(bytes.length)) {
    throw new RangeError(`an id of ${lengths.join('/')} bytes in hex was expected, got ${idHex}`);
  }
  return bytes;
}

function xor(bytes: Iterable<number>): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** Bytes written as space-separated hex, as in card-vectors.json (`02 31 34 …`). */
export function bytesOf(spacedHex: string): Uint8Array {
  const trimmed = spacedHex.trim();
  if (trimmed === '') return new Uint8Array(0);
  const bytes = hexToBytes(trimmed.split(/\s+/).join(''));
  if (bytes === null) throw new RangeError(`not space-separated hex: ${spacedHex}`);
  return bytes;
}

/** Concatenation of byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** An RDM6300 ASCII frame for a 5-byte id: STX, 10 hex, 2 hex XOR checksum, ETX. */
export function rdm6300Frame(idHex: string, options: { isLowercase?: boolean } = {}): Uint8Array {
  const id = idBytes(idHex, [5]);
  let text = bytesToHex(id) + bytesToHex(Uint8Array.of(xor(id)));
  if (options.isLowercase === true) text = text.toLowerCase();
  return concatBytes(Uint8Array.of(0x02), encoder.encode(text), Uint8Array.of(0x03));
}

/** A binary frame: STX, LEN, TYPE (02 EM for 5 bytes, 01 MIFARE for 4/7/10), id, BCC, ETX. */
export function binaryFrame(idHex: string): Uint8Array {
  const id = idBytes(idHex, [4, 5, 7, 10]);
  const head = Uint8Array.of(id.length + 5, id.length === 5 ? 0x02 : 0x01);
  const bcc = xor(concatBytes(head, id));
  return concatBytes(Uint8Array.of(0x02), head, id, Uint8Array.of(bcc, 0x03));
}

/** A Parallax-style frame: LF, 10 hex, CR. */
export function lfcrFrame(idHex: string): Uint8Array {
  return concatBytes(
    Uint8Array.of(0x0a),
    encoder.encode(bytesToHex(idBytes(idHex, [5]))),
    Uint8Array.of(0x0d),
  );
}

/** A plain line: the text as given (hex or decimal digits) and its terminator. */
export function lineFrame(text: string, terminator: '\r' | '\n' | '\r\n' = '\r\n'): Uint8Array {
  return encoder.encode(text + terminator);
}
