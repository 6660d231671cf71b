import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './bench-stats';

describe('bench stats', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(summarize([3, 1, 2])).toEqual({ n: 3, min: 1, p50: 2, p95: 3, max: 3 });
  });

  it('refuses an empty sample', () => {
    expect(() => summarize([])).toThrow(/empty/);
  });
});
