/**
 * One-shot timers as a dependency, so state classes can be driven by a test scheduler.
 * `set` returns the cancel function; cancelling twice or after the timer fired is harmless.
 */
export interface Timers {
  set(run: () => void, ms: number): () => void;
}

/** The page's real timers. */
export const browserTimers: Timers = {
  set(run, ms) {
    const id = window.setTimeout(run, ms);
    return () => {
      window.clearTimeout(id);
    };
  },
};
