import { inspect } from 'node:util';

/**
 * The log's last line of defence against personal data (decision 0041): callers never log a
 * person's name, contact or card (README), and this layer masks the shapes that can still slip
 * through inside a system error's message or a value logged whole. It cannot recognise a name —
 * the e2e log check (scripts/check-kiosk-logs.ts) is what proves none is written.
 *
 * Masked, each by a fixed word so a reader of the log still sees that something was there:
 * - e-mail addresses → `[email]`;
 * - phone numbers: a `+` or a `0` followed by at least 8 more digits, spaces, dots, dashes,
 *   slashes or brackets → `[phone]`;
 * - card ids in every derived form (shared/card): 8, 10, 14 or 20 hex digits standing alone
 *   (not a part of a UUID or a longer word), the 10-digit decimal and the Wiegand-26 view
 *   `FFF,CCCCC` → `[card]`. An 8- or 10-digit count is masked too: a price worth paying.
 * Kept: epoch milliseconds (13 digits), UUIDs, versions, device paths, error codes, ports.
 */

const EMAIL = /[^\s@<>()[\]\\,;:"]+@[\p{L}\p{N}.-]+\.[\p{L}\p{N}-]{2,}/gu;
const PHONE = /(?<![\w+])(?:\+|0)\d[\d .\-/()]{6,}\d(?![\w])/g;
const HEX_CARD =
  /(?<![\w-])(?:[0-9A-Fa-f]{20}|[0-9A-Fa-f]{14}|[0-9A-Fa-f]{10}|[0-9A-Fa-f]{8})(?![\w-])/g;
const W26 = /(?<![\w,])\d{3},\d{5}(?![\w,])/g;

/** `text` with every e-mail, phone number and card id masked (see the header). Never throws. */
export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(W26, '[card]')
    .replace(HEX_CARD, '[card]')
    .replace(PHONE, '[phone]');
}

/**
 * One value of a log call, redacted: strings as they are, errors with their message and stack
 * masked (kept as Error so the log still prints them as errors), anything else as electron-log
 * would print it. Never throws.
 */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) {
    const copy = new Error(redact(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redact(value.stack);
    return copy;
  }
  if (value === null || value === undefined || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value;
  return redact(inspect(value, { depth: 4, breakLength: Infinity }));
}
