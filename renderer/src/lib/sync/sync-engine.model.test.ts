import fc from 'fast-check';
import { describe, test } from 'vitest';
import { memoryModelHub, runHistory, stepArb } from './testing/sync-model';

/**
 * The sync model (testing/sync-model.ts) against the in-memory hub, which follows the protocol
 * with the hub's own merge code: many histories per second, real IndexedDB. The same model runs
 * against the real hub in sync-engine.hub-model.test.ts. VITE_MODEL_RUNS overrides the count.
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
