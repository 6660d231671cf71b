import type { OperatorStore } from '../store/operator-rows';

/**
 * Login throttling (decision 0026): failures are counted per account (`account:<email>`, known
 * or not, so throttling tells nothing about which emails exist) and per client address. From the
 * 5th failure of a key on, that key is blocked for 30 s, doubling with each further failure up to
 * 15 min; while blocked, every login it touches is answered 429, even with the right password. A
 * success clears the account's count (not the address's: one good account must not launder an
 * address's guesses at others). A count whose last failure is a day old starts again.
 */

/** Failures of one key before it is blocked. */
export const FREE_FAILURES = 5;
const FIRST_BLOCK_MS = 30_000;
const MAX_BLOCK_MS = 15 * 60_000;
const FORGET_AFTER_MS = 24 * 3600_000;

/** How long a key with `n` failures is blocked after the last of them. */
export function backoffMs(n: number): number {
  if (n < FREE_FAILURES) return 0;
  return Math.min(FIRST_BLOCK_MS * 2 ** Math.min(n - FREE_FAILURES, 16), MAX_BLOCK_MS);
}

/** The throttling keys of one login attempt. */
export function throttleKeys(email: string, address: string): { account: string; address: string } {
  return { account: `account:${email.toLowerCase()}`, address: `address:${address}` };
}

/** Seconds until a login touching `keys` may be tried again; 0 when it may now. */
export async function retryAfterSeconds(
  store: OperatorStore,
  keys: readonly string[],
  now: number,
): Promise<number> {
  const until = await store.blockedUntil(keys);
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/** Counts a failed login against each of `keys`. */
export function recordLoginFailure(
  store: OperatorStore,
  keys: readonly string[],
  now: number,
): Promise<void> {
  return store.recordFailure(keys, now, {
    backoff: backoffMs,
    forgetBefore: now - FORGET_AFTER_MS,
  });
}
