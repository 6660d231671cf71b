/**
 * The benchmarks' sizes from the environment (BENCH_EVENTS=2000 npm run bench:agenda…): a whole
 * number of at least `min` (1 unless said), or the bench's own default when the variable is unset or empty. Anything
 * else stops the bench before it starts anything, with the variable named (exit 2), instead of
 * running with NaN sizes into a timeout.
 */

/** A size given in the environment that is no whole number of at least its minimum. */
export class BenchEnvError extends Error {}

/** `raw` as a count, `fallback` when unset or empty; throws BenchEnvError otherwise. */
export function parseCount(
  name: string,
  raw: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < min) {
    throw new BenchEnvError(
      `${name} must be a whole number of at least ${String(min)} (got "${raw}")`,
    );
  }
  return value;
}

/** parseCount over `process.env[name]`; on a bad value, prints why and exits with code 2. */
export function envCount(name: string, fallback: number, min = 1): number {
  try {
    return parseCount(name, process.env[name], fallback, min);
  } catch (e) {
    if (!(e instanceof BenchEnvError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
