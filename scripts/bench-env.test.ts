import { describe, expect, it } from 'vitest';
import { BenchEnvError, parseCount } from './bench-env';

describe('parseCount', () => {
  it('takes a whole number of at least 1, and the default when unset or empty', () => {
    expect(parseCount('BENCH_RUNS', '12', 50)).toBe(12);
    expect(parseCount('BENCH_RUNS', ' 7 ', 50)).toBe(7);
    expect(parseCount('BENCH_RUNS', undefined, 50)).toBe(50);
    expect(parseCount('BENCH_RUNS', '', 50)).toBe(50);
    expect(parseCount('BENCH_FLEET_GAP_S', '0', 2, 0)).toBe(0);
    expect(() => parseCount('BENCH_FLEET_GAP_S', '-1', 2, 0)).toThrow(
      'BENCH_FLEET_GAP_S must be a whole number of at least 0 (got "-1")',
    );
  });

  it.each(['abc', '0', '-3', '2.5', '1e400', 'NaN', '12 runs'])(
    'refuses %j, naming the variable',
    (raw) => {
      expect(() => parseCount('BENCH_RUNS', raw, 50)).toThrow(BenchEnvError);
      expect(() => parseCount('BENCH_RUNS', raw, 50)).toThrow(
        `BENCH_RUNS must be a whole number of at least 1 (got "${raw}")`,
      );
    },
  );
});
