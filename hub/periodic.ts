/**
 * Runs `job` now and then `intervalMs` after each run ends (the timer unref'd, so it never holds
 * the process). `job` must not reject: it logs its own failures, and the next run retries. The
 * returned stop cancels the timer and resolves once a run in progress has finished, so the store
 * can close after it.
 */
export function startPeriodic(job: () => Promise<void>, intervalMs: number): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let isStopped = false;
  const run = async (): Promise<void> => {
    await job();
    if (!isStopped) {
      timer = setTimeout(() => {
        running = run();
      }, intervalMs);
      timer.unref();
    }
  };
  running = run();
  return async () => {
    isStopped = true;
    clearTimeout(timer);
    await running;
  };
}
