import fc from 'fast-check';
import { describe, test } from 'vitest';
import { memoryModelHub } from './testing/model-hubs';
import { runHistory, stepArb } from './testing/sync-model';

/**
 * The sync model (testing/sync-model.ts) against the in-memory stand-in for the hub, which follows
 * the protocol with the hub's own merge code: about three times as many histories per second as
 * the real hub (decision record 0016), real IndexedDB. The stand-in is held to the real hub by
 * sync-engine.conformance.test.ts, and the same model runs against the real hub alone (with its
 * erasure compaction) in sync-engine.hub-model.test.ts. VITE_MODEL_RUNS overrides the count.
 */
const RUNS = Number(import.meta.env['VITE_MODEL_RUNS'] ?? 2000);

describe('sync model against the in-memory hub', () => {
  test(`${String(RUNS)} random histories: no loss, no duplicate, convergence, no cursor gap, empty outbox`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (steps) =>
        runHistory((_kiosks, seed) => Promise.resolve(memoryModelHub(seed)), steps),
      ),
      { numRuns: RUNS },
    );
  }, 900_000);
});
