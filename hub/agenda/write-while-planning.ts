import type { Result } from '#shared/result';
import type { Plan } from './occurrence-plan';
import type { OccurrenceSync } from './occurrence-sync';
import type { PlanFeedEnd } from './plan-feed';

/**
 * Runs `plan` and writes each batch it hands on while it plans the next (decision 0059). Before
 * each write it lets the event loop deliver what has arrived, so the batches that came in during
 * the last write go in one write together: the slower main is, the larger its writes, and the
 * fewer its commits. Resolves with how planning ended once every batch handed on is written;
 * rejects when a write does (a database error), once planning has ended.
 */
export async function writeWhilePlanning(
  sync: OccurrenceSync,
  plan: (onBatch: (batch: Plan) => void) => Promise<Result<PlanFeedEnd>>,
): Promise<Result<PlanFeedEnd>> {
  const queue: Plan[] = [];
  const state: { isPlanning: boolean; wake?: () => void } = { isPlanning: true };
  const nudge = () => {
    state.wake?.();
    delete state.wake;
  };
  const writing = (async () => {
    for (;;) {
      if (queue.length === 0) {
        if (!state.isPlanning) return;
        await new Promise<void>((resolve) => {
          state.wake = resolve;
        });
        continue;
      }
      await new Promise((resolve) => setImmediate(resolve));
      await sync.write(queue.splice(0));
    }
  })();
  // Seen at once, so a failed write never goes unhandled while planning goes on.
  writing.catch(() => undefined);
  try {
    return await plan((batch) => {
      queue.push(batch);
      nudge();
    });
  } finally {
    state.isPlanning = false;
    nudge();
    await writing;
  }
}
