import { describe, expect, it } from 'vitest';
import { Debouncer, DEFAULT_DEBOUNCE_MS } from './debouncer';

describe('Debouncer', () => {
  it('gives one read while a card keeps sending frames within the debounce time', () => {
    const d = new Debouncer();
    expect(d.debounceMs).toBe(DEFAULT_DEBOUNCE_MS);
    const accepted = [0, 100, 200, 300, 400, 500, 600, 700].map((t) => d.accept('A', t));
    expect(accepted).toEqual([true, false, false, false, false, false, false, false]);
  });

  it('a gap of debounceMs ends the presentation: the next frame is a new read', () => {
    const d = new Debouncer(250);
    expect(d.accept('A', 0)).toBe(true);
    expect(d.accept('A', 249)).toBe(false);
    expect(d.accept('A', 499)).toBe(true);
  });

  it('a different card is a new read at once, and so is the first card coming back', () => {
    const d = new Debouncer(250);
    expect(d.accept('A', 0)).toBe(true);
    expect(d.accept('B', 10)).toBe(true);
    expect(d.accept('B', 20)).toBe(false);
    expect(d.accept('A', 30)).toBe(true);
  });

  it('debounceMs 0 makes every frame a read; reset() forgets the card', () => {
    const zero = new Debouncer(0);
    expect([zero.accept('A', 0), zero.accept('A', 0)]).toEqual([true, true]);
    const d = new Debouncer(250);
    expect(d.accept('A', 0)).toBe(true);
    d.reset();
    expect(d.accept('A', 1)).toBe(true);
  });

  it('a clock stepping back does not double the read nor hold the card for long', () => {
    const d = new Debouncer(250);
    expect(d.accept('A', 10_000)).toBe(true);
    expect(d.accept('A', 5_000)).toBe(false);
    expect(d.accept('A', 5_300)).toBe(true);
  });

  it('rejects a negative or non-finite debounce with a RangeError', () => {
    expect(() => new Debouncer(-1)).toThrow(RangeError);
    expect(() => new Debouncer(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
