import { bytesToHex, isAllZero } from '../card/card-bytes';
import { normalizeCardInput, normalizeHexCardId } from '../card/card-id';

/**
 * Decoding of raw-HID card reader reports (readers the OS does not own as a keyboard). There is no
 * standard layout; these two cover the vendor-defined readers we know of, and `auto` tells them
 * apart by the first byte (a length byte is a control character, never an ASCII digit):
 *
 * - `ascii`: the id as ASCII hex or decimal digits, padded with NUL and/or ended by CR or LF
 *   (`34 42 30 30 … 0D 00 00`); hex is read as id bytes, digits as the number the reader printed.
 * - `length-prefixed`: a length byte (4, 5, 7 or 10), the id bytes in read order, zero padding
 *   (`05 4B 00 42 3C 15 00 00`): 5 bytes are an EM4100 id, 4/7/10 a MIFARE UID.
 *
 * An all-zero report is the reader's idle report (card lifted) and yields `idle`. Keyboard boot
 * reports (modifier, reserved, key codes) are not decoded here: such a reader is a keyboard-wedge
 * reader and is read by the renderer's wedge detector.
 */
export type HidReportLayout = 'ascii' | 'length-prefixed';

export interface HidReportOptions {
  /** The device numbers its reports, so byte 0 is a report id to skip (hidapi passes it on). */
  readonly hasReportId?: boolean;
}

export type HidReportResult =
  | {
      readonly kind: 'card';
      readonly layout: HidReportLayout;
      /** The id as carried, uppercase: hex of the id bytes, or the ASCII digits. */
      readonly cardHex: string;
      /** The canonical card id (shared/card/card-id.ts). */
      readonly cardId: string;
    }
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'rejected';
      readonly reason: 'all-zero' | 'malformed';
      readonly layout?: HidReportLayout;
    };

const ID_LENGTHS: readonly number[] = [4, 5, 7, 10];
const MAX_ASCII_ID = 32;

function isDigitOrHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

function isPadding(b: number): boolean {
  return b === 0x00 || b === 0x0d || b === 0x0a;
}

function decodeAscii(body: Uint8Array): HidReportResult | null {
  let end = 0;
  while (end < body.length && isDigitOrHex(body[end] ?? 0)) end++;
  if (end === 0 || end > MAX_ASCII_ID) return null;
  if (!body.subarray(end).every(isPadding)) return null;
  const text = String.fromCharCode(...body.subarray(0, end));
  const normalized = normalizeCardInput(text);
  if (!normalized.ok) {
    const reason = normalized.error.code === 'card-zero' ? 'all-zero' : 'malformed';
    return { kind: 'rejected', reason, layout: 'ascii' };
  }
  return {
    kind: 'card',
    layout: 'ascii',
    cardHex: text.toUpperCase(),
    cardId: normalized.value.canonical,
  };
}

function decodeLengthPrefixed(body: Uint8Array): HidReportResult | null {
  const length = body[0] ?? 0;
  if (!ID_LENGTHS.includes(length) || body.length < 1 + length) return null;
  if (!body.subarray(1 + length).every((b) => b === 0)) return null;
  const id = body.subarray(1, 1 + length);
  if (isAllZero(id)) return { kind: 'rejected', reason: 'all-zero', layout: 'length-prefixed' };
  const cardHex = bytesToHex(id);
  const normalized = normalizeHexCardId(cardHex);
  if (!normalized.ok) return { kind: 'rejected', reason: 'malformed', layout: 'length-prefixed' };
  return { kind: 'card', layout: 'length-prefixed', cardHex, cardId: normalized.value.canonical };
}

/**
 * Decodes one input report. Returns `card`, `idle` (an all-zero report), or `rejected` with
 * `all-zero` (an id of zeros) or `malformed` (no supported layout). Pure; never throws.
 */
export function decodeHidReport(
  report: Uint8Array,
  options: HidReportOptions = {},
): HidReportResult {
  const body = options.hasReportId === true ? report.subarray(1) : report;
  if (isAllZero(body)) return { kind: 'idle' };
  return (
    decodeAscii(body) ?? decodeLengthPrefixed(body) ?? { kind: 'rejected', reason: 'malformed' }
  );
}
