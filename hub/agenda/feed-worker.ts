import { parentPort, type MessagePort } from 'node:worker_threads';
import type { Overlays } from './occurrence-plan';
import { planFeed, workerFailed, type PlanFeedJob } from './plan-feed';

/**
 * The feed import's worker thread (decision 0059): runs planFeed — parsing, expansion, composing,
 * digests and the records' checks, the import's CPU-bound part — off the hub's main thread, which
 * meanwhile writes the batches already handed on and keeps serving kiosks. Started and spoken to
 * by feed-worker-pool.ts; one job at a time. Messages in: `{ type: 'job', job }`, then
 * `{ type: 'overlays', overlays }` answering `uids`. Out: `{ type: 'uids', uids }`,
 * `{ type: 'batch', plan }` (any number), `{ type: 'end', result }`.
 */

if (!parentPort) throw new Error('feed-worker.ts runs as a worker thread only.');
const port: MessagePort = parentPort;

let answer: ((overlays: Overlays) => void) | undefined;

async function run(job: PlanFeedJob): Promise<void> {
  try {
    const result = await planFeed(
      job,
      (uids) =>
        new Promise<Overlays>((resolve) => {
          answer = resolve;
          port.postMessage({ type: 'uids', uids });
        }),
      (plan) => {
        port.postMessage({ type: 'batch', plan });
      },
    );
    port.postMessage({ type: 'end', result });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    port.postMessage({ type: 'end', result: workerFailed(message) });
  }
}

port.on(
  'message',
  (m: { type: 'job'; job: PlanFeedJob } | { type: 'overlays'; overlays: Overlays }) => {
    if (m.type === 'overlays') {
      answer?.(m.overlays);
      answer = undefined;
    } else void run(m.job);
  },
);
