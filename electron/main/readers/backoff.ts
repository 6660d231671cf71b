/** Reconnect delays: the first retry comes quickly, later ones no more often than every maxMs. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** A replugged reader is back within a second or two; 5 s is the longest an installer waits. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000 };

/** The delay before retry number `attempt` (0-based): initialMs doubled each time, capped at maxMs. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
}

/** Runs `callback` after `ms`; returns a function that cancels it. Injected so tests control time. */
export type Schedule = (callback: () => void, ms: number) => () => void;

/** The real Schedule over Node's timers. */
export const scheduleWithTimers: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => {
    clearTimeout(timer);
  };
};
