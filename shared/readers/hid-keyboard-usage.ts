import { normalizeCardInput } from '../card/card-id';

/**
 * Readers whose raw-HID interface is not a keyboard yet sends keyboard-usage reports: the boot
 * keyboard layout (modifier byte, reserved byte, up to six key usages), one report per key press,
 * the id's digits then Enter, an all-zero report between presses. The id spans several reports, so
 * this is a small state machine: time is passed in, a gap longer than `maxGapMs` between two
 * reports starts over, and anything that is not a digit, A–F, a comma or Enter drops the id.
 */

/** Key usages (HID usage page 7) a card id is typed with; Enter ends it. */
const KEYS: ReadonlyMap<number, string> = new Map([
  ...[0x04, 0x05, 0x06, 0x07, 0x08, 0x09].map((u, i): [number, string] => [u, 'ABCDEF'[i] ?? '']),
  ...[0x27, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26].map((u, i): [number, string] => [
    u,
    String(i),
  ]),
  ...[0x62, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61].map((u, i): [number, string] => [
    u,
    String(i),
  ]),
  [0x36, ','],
]);
const ENTER: ReadonlySet<number> = new Set([0x28, 0x58]);
/** Only Shift may be held: Ctrl, Alt or GUI mean a person (or no card) is at work. */
const SHIFT_BITS = 0x22;
const MAX_ID = 32;

export type KeyboardUsageResult =
  | { readonly kind: 'card'; readonly text: string; readonly cardId: string }
  | { readonly kind: 'pending' }
  | { readonly kind: 'idle' }
  | { readonly kind: 'rejected'; readonly reason: 'malformed' | 'all-zero' };

/** True when the report body has the boot keyboard shape and only keys a card id uses. */
export function isKeyboardUsageReport(body: Uint8Array): boolean {
  if (body.length < 3 || body.length > 64 || body[1] !== 0) return false;
  if (((body[0] ?? 0) & ~SHIFT_BITS) !== 0) return false;
  return body.subarray(2).every((u) => u === 0 || KEYS.has(u) || ENTER.has(u));
}

/** Collects one card id from keyboard-usage reports; one collector per opened device. */
export class KeyboardUsageCollector {
  readonly #maxGapMs: number;
  #text = '';
  #held = new Set<number>();
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(maxGapMs = 50) {
    this.#maxGapMs = maxGapMs;
  }

  reset(): void {
    this.#text = '';
    this.#held = new Set();
    this.#lastAt = Number.NEGATIVE_INFINITY;
  }

  /** Takes one report body (report id already removed) received at `at` (ms). Never throws. */
  push(body: Uint8Array, at: number): KeyboardUsageResult {
    if (at - this.#lastAt > this.#maxGapMs) this.#text = '';
    this.#lastAt = at;
    if (body.every((b) => b === 0)) {
      this.#held = new Set();
      return this.#text === '' ? { kind: 'idle' } : { kind: 'pending' };
    }
    if (!isKeyboardUsageReport(body)) {
      this.reset();
      return { kind: 'rejected', reason: 'malformed' };
    }
    const keys = [...body.subarray(2)].filter((u) => u !== 0);
    const pressed = keys.filter((u) => !this.#held.has(u));
    this.#held = new Set(keys);
    for (const usage of pressed) {
      if (ENTER.has(usage)) return this.#complete();
      this.#text += KEYS.get(usage) ?? '';
      if (this.#text.length > MAX_ID) {
        this.reset();
        return { kind: 'rejected', reason: 'malformed' };
      }
    }
    return { kind: 'pending' };
  }

  #complete(): KeyboardUsageResult {
    const text = this.#text;
    this.#text = '';
    if (text === '') return { kind: 'idle' };
    const normalized = normalizeCardInput(text);
    if (!normalized.ok) {
      const reason = normalized.error.code === 'card-zero' ? 'all-zero' : 'malformed';
      return { kind: 'rejected', reason };
    }
    return { kind: 'card', text, cardId: normalized.value.canonical };
  }
}
