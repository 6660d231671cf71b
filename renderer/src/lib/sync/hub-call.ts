import { SYNC_TRANSIENT_ERRORS } from '#shared/ipc/contract';
import type { SyncErrorCode } from '#shared/ipc/codes';
import type { KioskError, Result } from '#shared/result';
import type { SyncErrorInfo } from './sync-records';

/** An error that ends a sync run: a hub call given up on, or a push the hub left unanswered. */
export class SyncFailure extends Error {
  constructor(readonly error: KioskError) {
    super(error.message);
  }
}

/** How a hub call is retried, and what the engine is told meanwhile. */
export interface HubCallRetry {
  /** Calls before giving up on a transient error. */
  readonly maxAttempts: number;
  /** First retry delay; doubles each time. */
  readonly backoffMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly clock: () => number;
  /** A transient error, to be retried after the wait. */
  readonly onRetrying: (error: SyncErrorInfo) => void;
  /** A reply came (after retries or not). */
  readonly onReply: () => void;
}

/** One hub call with retries on transient errors; throws SyncFailure when it gives up. */
export async function callHub<T>(
  request: () => Promise<Result<T>>,
  retry: HubCallRetry,
): Promise<T> {
  const { maxAttempts, backoffMs, sleep } = retry;
  for (let attempt = 1; ; attempt++) {
    let reply: Result<T>;
    try {
      reply = await request();
    } catch (e) {
      // An IPC failure (main restarting): as transient as a network error.
      reply = {
        ok: false,
        error: { code: 'hub-network' satisfies SyncErrorCode, message: String(e) },
      };
    }
    if (reply.ok) {
      retry.onReply();
      return reply.value;
    }
    const isTransient = SYNC_TRANSIENT_ERRORS.includes(reply.error.code);
    if (!isTransient || attempt >= maxAttempts) throw new SyncFailure(reply.error);
    retry.onRetrying({ ...reply.error, at: retry.clock() });
    await sleep(backoffMs * 2 ** (attempt - 1));
  }
}
