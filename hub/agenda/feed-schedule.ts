import { startPeriodic } from '../periodic';
import { importFeeds, type ImportDeps } from './feed-import';

/** How often a serving hub imports every feed (it also imports when it starts listening). */
export const FEED_IMPORT_INTERVAL_MS = 3_600_000;

/**
 * Imports every feed now and then every `intervalMs` (the timer unref'd, so it never holds the
 * process), at `clock`'s time; each feed's outcome is logged by the import, a failure of the
 * run itself (the database) too, and the next run retries. The returned stop cancels the timer
 * and resolves once a run in progress has finished, so the store can close.
 */
export function startFeedSchedule(
  deps: ImportDeps & { readonly clock: () => number; readonly intervalMs?: number },
): () => Promise<void> {
  return startPeriodic(async () => {
    try {
      await importFeeds(deps, deps.clock());
    } catch (e) {
      deps.log.error('feed imports failed', { error: (e as Error).message });
    }
  }, deps.intervalMs ?? FEED_IMPORT_INTERVAL_MS);
}
