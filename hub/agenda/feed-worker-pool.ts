import { Worker } from 'node:worker_threads';
import type { Result } from '#shared/result';
import type { Overlays, Plan } from './occurrence-plan';
import {
  workerFailed,
  type FeedPlanner,
  type OverlaysOf,
  type PlanFeedEnd,
  type PlanFeedJob,
} from './plan-feed';

/**
 * The hub's feed worker (decision 0059): one worker thread, started at the first import and kept
 * for the next ones, that runs each import's planFeed (feed-worker.ts) while the hub's main thread
 * writes the batches it hands on. Jobs run one after the other. A worker that dies or throws
 * fails the job in progress (`feed-worker-failed`: the import keeps what it wrote and deletes
 * nothing) and is started again for the next one. The thread does not keep the process alive
 * between jobs.
 */

/** Heap ceiling of the worker: a hostile feed exhausts the worker, not the hub. */
const WORKER_HEAP_MB = 1024;

/** The worker's module: beside this one in the hub's bundle, or its source under tsx and Vitest. */
function spawn(): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!here.endsWith('.ts')) {
    return new Worker(new URL('./feed-worker.js', here), { resourceLimits });
  }
  // From source (tests, benchmarks): the worker registers tsx before loading the TypeScript.
  const source = JSON.stringify(new URL('./feed-worker.ts', here).href);
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}

type FromWorker =
  | { readonly type: 'uids'; readonly uids: readonly string[] }
  | { readonly type: 'batch'; readonly plan: Plan }
  | { readonly type: 'end'; readonly result: Result<PlanFeedEnd> };

/** A feed worker: its planner, and `close` to stop the thread (waits for the job in progress). */
export interface FeedWorkerPool {
  readonly plan: FeedPlanner;
  close(): Promise<void>;
}

/**
 * Starts nothing yet: the thread starts with the first job. `start` makes the thread (default:
 * feed-worker.ts; tests give one that dies, to see a job fail cleanly).
 */
export function feedWorkerPool(start: () => Worker = spawn): FeedWorkerPool {
  let worker: Worker | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let isClosed = false;

  const runJob = (
    job: PlanFeedJob,
    overlaysOf: OverlaysOf,
    onBatch: (plan: Plan) => void,
  ): Promise<Result<PlanFeedEnd>> => {
    const w = worker ?? start();
    worker = w;
    w.ref();
    return new Promise<Result<PlanFeedEnd>>((resolve, reject) => {
      const done = (settle: () => void) => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        settle();
      };
      const lose = () => {
        if (worker === w) worker = undefined;
        void w.terminate();
      };
      const onMessage = (m: FromWorker) => {
        if (m.type === 'batch') onBatch(m.plan);
        else if (m.type === 'end') {
          done(() => {
            resolve(m.result);
          });
        } else {
          overlaysOf(m.uids).then(
            (overlays: Overlays) => {
              w.postMessage({ type: 'overlays', overlays });
            },
            (e: unknown) => {
              lose();
              done(() => {
                reject(e instanceof Error ? e : new Error(String(e)));
              });
            },
          );
        }
      };
      const onError = (e: Error) => {
        lose();
        done(() => {
          resolve(workerFailed(e.message));
        });
      };
      const onExit = (code: number) => {
        if (worker === w) worker = undefined;
        done(() => {
          resolve(workerFailed(`the worker stopped (exit code ${code}).`));
        });
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ type: 'job', job });
    });
  };

  return {
    plan(job, overlaysOf, onBatch) {
      if (isClosed) return Promise.resolve(workerFailed('the hub is shutting down.'));
      const run = queue.then(() => runJob(job, overlaysOf, onBatch));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      isClosed = true;
      await queue;
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
