import { describe, expect, it } from 'vitest';
import { offsetSpans } from './offsets';
import { toWall } from './zoned';

const HOUR = 3_600_000;

describe('offsetSpans', () => {
  it('splits 2026 in Brussels at its two changes, CET → CEST → CET', () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2027, 0, 1);
    const spans = offsetSpans('Europe/Brussels', from, to);
    expect(spans).toEqual([
      { fromMs: from, toMs: Date.UTC(2026, 2, 29, 1), offsetMs: HOUR },
      { fromMs: Date.UTC(2026, 2, 29, 1), toMs: Date.UTC(2026, 9, 25, 1), offsetMs: 2 * HOUR },
      { fromMs: Date.UTC(2026, 9, 25, 1), toMs: to, offsetMs: HOUR },
    ]);
  });

  it('gives, for every hour of a year, the offset the zone itself reads', () => {
    const from = Date.UTC(2025, 9, 1);
    const to = Date.UTC(2026, 11, 1);
    const spans = offsetSpans('Europe/Paris', from, to);
    for (let at = from; at < to; at += 7 * HOUR) {
      const span = spans.find((s) => s.fromMs <= at && at < s.toMs);
      const local = new Date(at + (span?.offsetMs ?? Number.NaN));
      const wall = toWall(at, 'Europe/Paris');
      expect([local.getUTCHours(), local.getUTCDate()]).toEqual([wall.hour, wall.day]);
    }
  });

  it('is one span for a zone without changes, and none for an empty range', () => {
    expect(offsetSpans('UTC', 0, HOUR)).toEqual([{ fromMs: 0, toMs: HOUR, offsetMs: 0 }]);
    expect(offsetSpans('Europe/Brussels', HOUR, HOUR)).toEqual([]);
  });
});
