import fc from 'fast-check';
import { commands } from 'vitest/browser';
import { describe, test } from 'vitest';
import { MODEL_SPACE, runHistory, stepArb } from './testing/sync-model';

/**
 * The sync model (testing/sync-model.ts) against the REAL hub: createHub over SQLite and main's
 * real hub client over HTTP, run in Node by test/hub-lab through Vitest browser commands (the
 * command hop stands where Electron's IPC stands). VITE_MODEL_RUNS overrides the number of histories.
 */
const RUNS = Number(import.meta.env['VITE_MODEL_RUNS'] ?? 250);

describe('sync model against the real hub', () => {
  test(`${String(RUNS)} random histories: no loss, no duplicate, convergence, no cursor gap, empty outbox`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (steps) =>
        runHistory(async (kiosks, seed) => {
          const labId = await commands.hubLabStart({ spaceId: MODEL_SPACE, kiosks, seed });
          return {
            call: (c) => commands.hubLabCall({ ...c, labId }),
            admin: (batch) => commands.hubLabAdmin(labId, batch),
            state: () => commands.hubLabState(labId),
            stop: () => commands.hubLabStop(labId),
          };
        }, steps),
      ),
      { numRuns: RUNS },
    );
  }, 900_000);
});
