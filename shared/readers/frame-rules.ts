import { normalizeCardInput, normalizeHexCardId } from '../card/card-id';
import { bytesToHex, isAllZero } from '../card/card-bytes';
import type { FrameEvent, FrameFormat, RejectReason, WireFormat } from './frame-types';

/**
 * The per-format rules of the frame decoder: given the bytes buffered since a candidate frame's
 * first byte, say whether more bytes are needed, the candidate is noise, or a frame (good or bad)
 * is complete. Pure and total: whatever the bytes, they give a step, never an exception.
 */

/** Control bytes of the frame formats: start and end of text, line feed, carriage return. */
export const STX = 0x02;
export const ETX = 0x03;
export const LF = 0x0a;
export const CR = 0x0d;

/** Longest plain line: a 10-byte UID in hex is 20 digits; its decimal is 25. */
export const MAX_LINE_CHARS = 32;
/** Shorter lines are noise, not card ids: no reader sends fewer than 4 digits. */
export const MIN_LINE_CHARS = 4;
/** Longest candidate any rule may hold: a line and its terminator. */
export const MAX_CANDIDATE_BYTES = MAX_LINE_CHARS + 1;

const RDM6300_LENGTH = 14;
const LFCR_LENGTH = 12;
const TYPE_MIFARE = 0x01;
const TYPE_EM = 0x02;
/** Binary frame LEN (the whole frame's length) by TYPE: EM ids are 5 bytes, MIFARE 4, 7 or 10. */
const BINARY_LENGTHS: Readonly<Record<number, readonly number[]>> = {
  [TYPE_EM]: [10],
  [TYPE_MIFARE]: [9, 12, 15],
};

/**
 * What to do with the buffer: wait (`more`); drop `n` leading bytes silently (`drop`, noise);
 * report `event` and drop `n` bytes (`emit`); or report an overflow and skip to the line's end.
 * `isCrTerminated` marks a line ended by CR, whose LF (of CR LF) is then not a new frame.
 */
export type Step =
  | { readonly t: 'more' }
  | { readonly t: 'drop'; readonly n: number }
  | {
      readonly t: 'emit';
      readonly n: number;
      readonly event: FrameEvent;
      readonly isCrTerminated?: boolean;
    }
  | { readonly t: 'overflow' };

const MORE: Step = { t: 'more' };
const DROP_ONE: Step = { t: 'drop', n: 1 };

/** True for ASCII 0-9, A-F and a-f. */
export function isHexChar(b: number | undefined): boolean {
  return (
    b !== undefined &&
    ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))
  );
}

function ascii(buf: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...buf.subarray(from, to));
}

function reject(reason: RejectReason, format: WireFormat, n: number): Step {
  return { t: 'emit', n, event: { kind: 'rejected', reason, format } };
}

/** A frame carrying id bytes: canonicalised, or rejected when the id is all zero. */
function idFrame(id: Uint8Array, format: WireFormat, n: number): Step {
  if (isAllZero(id)) return reject('all-zero', format, n);
  const cardHex = bytesToHex(id);
  const normalized = normalizeHexCardId(cardHex);
  if (!normalized.ok) return reject('malformed', format, n);
  return {
    t: 'emit',
    n,
    event: { kind: 'frame', format, cardHex, cardId: normalized.value.canonical },
  };
}

function allHex(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isHexChar(buf[i])) return false;
  return true;
}

/** STX, 10 hex (version + 4 id bytes), 2 hex XOR checksum, ETX. */
function rdm6300(buf: Uint8Array, len: number): Step {
  if (buf[0] !== STX) return DROP_ONE;
  if (!allHex(buf, 1, Math.min(len, RDM6300_LENGTH - 1))) return DROP_ONE;
  if (len < RDM6300_LENGTH) return MORE;
  // The wrong trailer may be the next frame's STX (a lost ETX), so only the STX is dropped.
  if (buf[RDM6300_LENGTH - 1] !== ETX) return reject('malformed', 'rdm6300', 1);
  const bytes = new Uint8Array(6);
  for (let i = 0; i < 6; i++) bytes[i] = parseInt(ascii(buf, 1 + 2 * i, 3 + 2 * i), 16);
  const id = bytes.subarray(0, 5);
  const checksum = id.reduce((x, b) => x ^ b, 0);
  if (checksum !== bytes[5]) return reject('bad-checksum', 'rdm6300', RDM6300_LENGTH);
  return idFrame(id, 'rdm6300', RDM6300_LENGTH);
}

/** STX, LEN (whole frame), TYPE, id, BCC (XOR of LEN, TYPE and id), ETX. */
function binary(buf: Uint8Array, len: number): Step {
  if (buf[0] !== STX) return DROP_ONE;
  if (len < 3) return MORE;
  const frameLength = buf[1] ?? 0;
  if (!(BINARY_LENGTHS[buf[2] ?? 0] ?? []).includes(frameLength)) return DROP_ONE;
  if (len < frameLength) return MORE;
  // An id byte may hide the start of a real frame, so every failure drops the STX only.
  if (buf[frameLength - 1] !== ETX) return reject('malformed', 'binary', 1);
  let bcc = 0;
  for (let i = 1; i < frameLength - 2; i++) bcc ^= buf[i] ?? 0;
  if (bcc !== buf[frameLength - 2]) return reject('bad-checksum', 'binary', 1);
  return idFrame(buf.slice(3, frameLength - 2), 'binary', frameLength);
}

/** LF, 10 hex, CR; no checksum. In `auto` a wrong trailer is left to the line rule. */
function lfcr(buf: Uint8Array, len: number, isAuto: boolean): Step {
  if (buf[0] !== LF) return DROP_ONE;
  if (!allHex(buf, 1, Math.min(len, LFCR_LENGTH - 1))) return DROP_ONE;
  if (len < LFCR_LENGTH) return MORE;
  if (buf[LFCR_LENGTH - 1] !== CR) return isAuto ? DROP_ONE : reject('malformed', 'lfcr', 1);
  const hex = ascii(buf, 1, LFCR_LENGTH - 1);
  const id = new Uint8Array(5);
  for (let i = 0; i < 5; i++) id[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return idFrame(id, 'lfcr', LFCR_LENGTH);
}

/** Hex or decimal digits ended by CR or LF. */
function line(buf: Uint8Array, len: number): Step {
  for (let i = 0; i < len; i++) {
    const b = buf[i];
    if (isHexChar(b)) continue;
    if (b !== CR && b !== LF) return { t: 'drop', n: Math.max(i, 1) };
    if (i < MIN_LINE_CHARS) return { t: 'drop', n: i + 1 };
    const text = ascii(buf, 0, i);
    const normalized = normalizeCardInput(text);
    const isCrTerminated = b === CR;
    if (!normalized.ok) {
      const reason = normalized.error.code === 'card-zero' ? 'all-zero' : 'malformed';
      return {
        t: 'emit',
        n: i + 1,
        event: { kind: 'rejected', reason, format: 'line' },
        isCrTerminated,
      };
    }
    const event: FrameEvent = {
      kind: 'frame',
      format: 'line',
      cardHex: text.toUpperCase(),
      cardId: normalized.value.canonical,
    };
    return { t: 'emit', n: i + 1, event, isCrTerminated };
  }
  return len > MAX_LINE_CHARS ? { t: 'overflow' } : MORE;
}

/** `auto`: the first bytes tell the format (a binary LEN is never an ASCII hex digit). */
function auto(buf: Uint8Array, len: number): Step {
  const first = buf[0];
  if (first === STX) {
    if (len < 2) return MORE;
    return isHexChar(buf[1]) ? rdm6300(buf, len) : binary(buf, len);
  }
  if (first === LF) return lfcr(buf, len, true);
  if (isHexChar(first)) return line(buf, len);
  return DROP_ONE;
}

/** The next step for a candidate held in buf[0, len), len ≥ 1. Never throws. */
export function evaluate(format: FrameFormat, buf: Uint8Array, len: number): Step {
  switch (format) {
    case 'rdm6300':
      return rdm6300(buf, len);
    case 'binary':
      return binary(buf, len);
    case 'lfcr':
      return lfcr(buf, len, false);
    case 'line':
      return line(buf, len);
    case 'auto':
      return auto(buf, len);
  }
}

/** The format a partial candidate looks like, for a timeout's report; undefined when unclear. */
export function guessFormat(
  format: FrameFormat,
  buf: Uint8Array,
  len: number,
): WireFormat | undefined {
  if (format !== 'auto') return format;
  const first = buf[0];
  if (first === STX) {
    if (len < 2) return undefined;
    return isHexChar(buf[1]) ? 'rdm6300' : 'binary';
  }
  if (first === LF) return 'lfcr';
  return isHexChar(first) ? 'line' : undefined;
}
