import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { createKioskMain, type KioskMain } from './support/kiosk-main';
import { appOrigin } from './support/origin';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { SPACES_CSV, requestSyncUntil, syncAndWait } from './support/sync-kiosk';

/**
 * Fleet health end to end (issue 12, decision 0029): the e2e kiosk (real renderer, main's real
 * wiring) and the real hub process; the states are read through `kiosk list`, the CLI face of the
 * console's fleet routes, `--at` reading them at a later hub time.
 */

const SPACE = 'co-nnexion-mons';
const KIOSK_ID = 'mons-desk-1';
const MIN = 60_000;

let hub: SyncHub;
let main: KioskMain;

test.beforeEach(async ({ kiosk }) => {
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  main = await createKioskMain({
    kioskId: KIOSK_ID,
    spaceId: SPACE,
    hubUrl: hub.url,
    enrolmentCode: await hub.enrolmentCode(SPACE),
    appOrigin: appOrigin(),
  });
  await main.install(kiosk.page);
});

test.afterEach(async () => {
  await main.dispose();
  await hub.dispose();
});

/** This kiosk's row of `kiosk list` (optionally at an ISO instant), split into its columns. */
async function fleetRow(at?: string): Promise<string[]> {
  const out = await hub.cli('kiosk', 'list', ...(at === undefined ? [] : ['--at', at]));
  const line = out.split('\n').find((l) => l.startsWith(`${KIOSK_ID} `)) ?? '';
  return line.split(/\s{2,}/);
}

async function lastErrorCode(page: Page): Promise<string | null> {
  const rows = await readStore<{ key: string; value: { code?: string } | null }>(page, 'syncState');
  return rows.find((r) => r.key === 'sync.lastError')?.value?.code ?? null;
}

test('a kiosk shows ok after a sync, down once its heartbeats stop, revoked once refused', async ({
  kiosk,
}) => {
  const page = await kiosk.open();
  await syncAndWait(page, main);
  await expect.poll(async () => (await fleetRow())[2], { timeout: 30_000 }).toBe('ok');
  const seen = await fleetRow();
  expect(seen[5]).toBe('-');
  const lastSeen = Date.parse(`${seen[3]?.replace(' ', 'T')}:00Z`);

  // Its heartbeats stop (main's timer; no sync is asked meanwhile): Mons states no opening
  // hours, so 30 minutes of hub time later it is down, not a minute before.
  main.sync.heartbeat?.stop();
  const at = (ms: number) => new Date(ms).toISOString();
  expect((await fleetRow(at(lastSeen + 29 * MIN)))[2]).toBe('ok');
  const down = await fleetRow(at(lastSeen + 31 * MIN));
  expect(down[2]).toBe('down');
  expect(down[5]).toMatch(/^silent since /);

  // Revoked at the hub: the kiosk's next sync is refused, and the fleet says revoked.
  await hub.cli('kiosk', 'revoke', KIOSK_ID);
  await requestSyncUntil(main, async () => (await lastErrorCode(page)) === 'hub-unauthorized');
  const revoked = await fleetRow();
  expect(revoked[2]).toBe('revoked');
  expect(revoked[5]).toMatch(/^revoked /);
});
