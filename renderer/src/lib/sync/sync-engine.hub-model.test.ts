import fc from 'fast-check';
import { commands } from 'vitest/browser';
import { describe, test } from 'vitest';
import { labModelHub } from './testing/model-hubs';
import { MODEL_SPACE, hubStepArb, runHistory } from './testing/sync-model';

/**
 * The sync model (testing/sync-model.ts) against the REAL hub: createHub on SQLite, and on
 * PostgreSQL when one runs, with main's real hub client over HTTP, run in Node by test/hub-lab
 * through Vitest browser commands (the command hop stands where Electron's IPC stands), with the
 * hub's erasure compaction run at random moments and after the final syncs.
 * VITE_MODEL_RUNS overrides the number of histories (a third as many on PostgreSQL, where each history migrates a fresh schema).
 */
const RUNS = Number(import.meta.env['VITE_MODEL_RUNS'] ?? 250);
/** PostgreSQL runs when scripts/with-postgres.sh started one (as `npm test` does). */
const STORES = await commands.hubLabStores();

describe.each(STORES)('sync model against the real hub on %s', (store) => {
  const runs = store === 'sqlite' ? RUNS : Math.ceil(RUNS / 3);
  test(`${String(runs)} random histories: no loss, no duplicate, convergence, no cursor gap, empty outbox`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hubStepArb, { minLength: 1, maxLength: 30 }), (steps) =>
        runHistory((kiosks, seed) => labModelHub(store, MODEL_SPACE, kiosks, seed), steps),
      ),
      { numRuns: runs },
    );
  }, 900_000);
});
