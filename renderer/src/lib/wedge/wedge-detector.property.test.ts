import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { wedgeCardForm } from '#shared/card/card-forms';
import { WedgeDetector, type WedgeDiscard, type WedgeRead } from './wedge-detector';

/**
 * Issue 10, point 1: on a loaded machine a reader's keys carry reader-speed timestamps (4–15 ms
 * apart) but are delivered with stalls of tens of ms. Whatever the stalls, a read is whole or
 * nothing; and a burst of no card form is never a card.
 */

const MAX_GAP_MS = 40;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function codeOf(ch: string): string {
  return /\d/.test(ch) ? `Digit${ch}` : `Key${ch}`;
}

/**
 * Delivers `value` and Enter as keydowns stamped at reader speed (`gaps`), the burst generated in
 * the past; before key i the page really waits `stalls[i]` ms, so its timers run mid-burst.
 */
async function deliver(
  target: EventTarget,
  value: string,
  gaps: readonly number[],
  stalls: readonly number[],
): Promise<void> {
  const codes = [...Array.from(value, codeOf), 'Enter'];
  const total = gaps.slice(0, codes.length - 1).reduce((a, b) => a + b, 0);
  let at = performance.now() - total;
  for (const [i, code] of codes.entries()) {
    const stall = stalls[i] ?? 0;
    if (stall > 0) await sleep(stall);
    if (i > 0) at += gaps[i - 1] ?? 0;
    const key = code === 'Enter' ? 'Enter' : (value[i] ?? '').toLowerCase();
    const event = new KeyboardEvent('keydown', { code, key, bubbles: true, cancelable: true });
    Object.defineProperty(event, 'timeStamp', { value: at });
    target.dispatchEvent(event);
  }
}

const nonZero = (s: string): boolean => /[^0]/.test(s);
const decimal10 = fc.stringMatching(/^\d{10}$/).filter(nonZero);
const hexId = fc
  .constantFrom(8, 10, 14)
  .chain((n) => fc.stringMatching(new RegExp(`^[0-9A-F]{${String(n)}}$`)))
  .filter(nonZero);
const card = fc.oneof(decimal10, hexId);
const readerGaps = fc.array(fc.integer({ min: 4, max: 15 }), { minLength: 15, maxLength: 15 });
// Stalls anywhere, from nothing to well past the silence timer (2 × maxGapMs).
const stallsOf = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 30, max: 160 })), {
  minLength: 15,
  maxLength: 15,
});

let input: HTMLInputElement;
let cards: WedgeRead[];
let discards: WedgeDiscard[];
let detach: () => void = () => undefined;

beforeEach(() => {
  input = document.createElement('input');
  document.body.append(input);
  input.focus();
});

afterEach(() => {
  detach();
  input.remove();
});

function start(): void {
  detach();
  cards = [];
  discards = [];
  input.value = '';
  detach = new WedgeDetector({
    maxGapMs: MAX_GAP_MS,
    minLength: 6,
    prefix: '',
    suffix: '',
    isCard: (value) => wedgeCardForm(value) !== null,
    onCard: (read) => cards.push(read),
    onDiscard: (reason) => discards.push(reason),
  }).attach(window);
}

describe('WedgeDetector with delivery stalls (fast-check)', () => {
  test('a valid read delivered with stalls anywhere yields the whole read or nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        card,
        readerGaps,
        fc.array(fc.nat(10), { maxLength: 3 }),
        stallsOf,
        async (value, gaps, where, stallTimes) => {
          start();
          // Stalls at up to three positions (key index), with the drawn durations.
          const stalls = Array.from({ length: value.length + 1 }, () => 0);
          for (const [n, i] of where.entries()) stalls[i] = stallTimes[n] ?? 0;
          await deliver(input, value, gaps, stalls);
          await sleep(3 * MAX_GAP_MS);
          expect(cards.length).toBeLessThanOrEqual(1);
          for (const read of cards) expect(read.value).toBe(value);
          if (cards.length === 0) expect(discards.length).toBeGreaterThan(0);
          if (stalls.every((s) => s === 0)) expect(cards.map((c) => c.value)).toEqual([value]);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a burst whose length matches no known form is never a card', async () => {
    const lengths = fc.integer({ min: 6, max: 30 }).filter((n) => ![8, 10, 14, 20].includes(n));
    await fc.assert(
      fc.asyncProperty(
        lengths.chain((n) => fc.stringMatching(new RegExp(`^[0-9A-F]{${String(n)}}$`))),
        readerGaps,
        async (value, gaps) => {
          start();
          await deliver(input, value, gaps, []);
          expect(cards).toEqual([]);
          expect(discards).toEqual(['no-card-form']);
        },
      ),
      { numRuns: 60 },
    );
  });
});
