import fc from 'fast-check';
import { commands } from 'vitest/browser';
import { describe, test } from 'vitest';
import { pairedModelHub } from './testing/model-hubs';
import { MODEL_SPACE, runHistory, stepArb } from './testing/sync-model';

/**
 * Holds the in-memory stand-in (testing/memory-hub.ts), which sync-engine.model.test.ts runs its
 * 2 000 histories against, to the REAL hub: the sync model's random histories (the same steps,
 * faults and invariants) run against both side by side (testing/model-hubs.ts `pairedModelHub`).
 * Every reply of the stand-in must equal the real hub's, call by call, and so must the hubs'
 * states (live records, head, verdict and push counts) when the history checks them. SQLite, and
 * PostgreSQL when scripts/with-postgres.sh started one. VITE_CONFORMANCE_RUNS overrides the count.
 */
const RUNS = Number(import.meta.env['VITE_CONFORMANCE_RUNS'] ?? 120);
const STORES = await commands.hubLabStores();

describe.each(STORES)('the in-memory hub answers as the real hub on %s', (store) => {
  const runs = store === 'sqlite' ? RUNS : Math.ceil(RUNS / 3);
  test(`${String(runs)} random histories: identical replies and states`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (steps) =>
        runHistory((kiosks, seed) => pairedModelHub(store, MODEL_SPACE, kiosks, seed), steps),
      ),
      { numRuns: runs },
    );
  }, 900_000);
});
