import type { BrowserContext, Page } from '@playwright/test';
import type { OutboxEntry, Visit } from '#shared/domain/types';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { queueVisitRecords } from './support/queued-visits';
import { createKioskMain, type KioskMain } from './support/kiosk-main';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import {
  appOrigin,
  SPACES_CSV,
  hubLog,
  hubVerdicts,
  hubVisits,
  killAndRelaunch,
  membersCsv,
  requestSyncUntil,
  storedCursor,
  syncAndWait,
} from './support/sync-kiosk';

/**
 * The sync's failure classes (docs/architecture.md, "Failures the sync survives") end to end: the built kiosk in Debian Chromium
 * with a persistent profile, main's real hub client behind the IPC double, the real hub as a child
 * process on SQLite, and a loopback proxy for network faults. Each ends with nothing lost, nothing
 * duplicated (the hub's sequence grew by exactly one change per effective mutation) and the
 * kiosk's cursor at the hub's head.
 */

const SPACE = 'co-nnexion-mons';
const KIOSK_ID = 'mons-desk-1';

// Long syncs on a shared 2-core machine: room for the 90 s sync waits.
test.describe.configure({ timeout: 150_000 });

let hub: SyncHub;
let main: KioskMain;
let proxy: FaultProxy | null = null;
let relaunched: BrowserContext | null = null;

test.beforeEach(async () => {
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  await hub.importCsv('members', membersCsv(20, SPACE));
});

test.afterEach(async () => {
  await relaunched?.close();
  relaunched = null;
  await main.dispose();
  await proxy?.close();
  proxy = null;
  await hub.dispose();
});

async function startKiosk(page: Page, hubUrl: string): Promise<void> {
  main = await createKioskMain({
    kioskId: KIOSK_ID,
    spaceId: SPACE,
    hubUrl,
    enrolmentCode: await hub.enrolmentCode(SPACE),
    appOrigin: appOrigin(),
  });
  await main.install(page);
}

/**
 * Queues check-ins (and, with `checkOut`, their check-outs as later entries) in the kiosk's
 * IndexedDB, shaped as the badge flow writes them: visit and outbox entry in one transaction.
 */
async function queueVisits(page: Page, n: number, checkOut = false): Promise<string[]> {
  const now = Date.now();
  const visits: Visit[] = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    spaceId: SPACE,
    personKind: 'member',
    personId: `m-${String(i % 20)}`,
    method: 'wedge',
    checkInAt: now - 1000 + i,
    kioskId: KIOSK_ID,
  }));
  const closed: Visit[] = checkOut
    ? visits.map((v, i) => ({ ...v, checkOutAt: now + i, checkOutMethod: 'wedge' }))
    : [];
  await queueVisitRecords(page, [...visits, ...closed], KIOSK_ID, now);
  return visits.map((v) => v.id);
}

/** Nothing lost, nothing duplicated, cursor at the head: the end state of every scenario. */
async function expectConverged(page: Page, ids: readonly string[]): Promise<void> {
  expect(await readStore(page, 'outbox')).toHaveLength(0);
  const onHub = hubVisits(hub).map((v) => v.id);
  expect(onHub).toHaveLength(ids.length);
  expect(new Set(onHub)).toEqual(new Set(ids));
  const local = await readStore<Visit>(page, 'visits');
  expect(new Set(local.map((v) => v.id))).toEqual(new Set(ids));
  expect(await storedCursor(page)).toBe(hubLog(hub).head);
}

test('a kiosk killed mid-push loses and duplicates nothing once relaunched', async ({ kiosk }) => {
  await startKiosk(kiosk.page, hub.url);
  let page = await kiosk.open();
  await syncAndWait(page, main);
  const before = { ...hubLog(hub), verdicts: hubVerdicts(hub) };
  // Enough that the hub cannot take the whole backlog before the kill (≈ 13 000 visits/s).
  const ids = await queueVisits(page, 20_000);
  await requestSyncUntil(main, () => hubVisits(hub).length > 0);
  ({ context: relaunched, page } = await killAndRelaunch(kiosk.context, kiosk.profileDir, main));
  const atKill = hubVisits(hub).length;
  expect(atKill).toBeLessThan(ids.length);
  // Every check-in survived the kill; what the hub did not acknowledge is still queued.
  expect(await readStore(page, 'visits')).toHaveLength(ids.length);
  const queued = await readStore<OutboxEntry>(page, 'outbox');
  expect(queued.length).toBeGreaterThanOrEqual(ids.length - atKill);

  await syncAndWait(page, main);
  await expectConverged(page, ids);
  // One log entry per visit: re-sent batches had no second effect (they were only re-announced,
  // protocol rule 11, which moves the head on but never adds a record or a verdict).
  expect(hubLog(hub).changes - before.changes).toBe(ids.length);
  expect(hubVerdicts(hub) - before.verdicts).toBe(ids.length);
});

test('a kiosk killed mid-pull keeps its cursor with its pages and resumes', async ({ kiosk }) => {
  await hub.importCsv('members', membersCsv(6000, SPACE));
  await startKiosk(kiosk.page, hub.url);
  let page = await kiosk.open();
  const head = hubLog(hub).head;
  await requestSyncUntil(main, async () => (await storedCursor(page)) > 0);
  ({ context: relaunched, page } = await killAndRelaunch(kiosk.context, kiosk.profileDir, main));
  const cursor = await storedCursor(page);
  expect(cursor).toBeLessThan(head);
  // The stored members are exactly the pages the stored cursor covers: no more, no fewer.
  const covered = hub.query(
    (db) =>
      (
        db
          .prepare("SELECT count(*) AS n FROM changes WHERE tbl = 'members' AND seq <= ?")
          .get(cursor) as { n: number }
      ).n,
  );
  expect(await readStore(page, 'members')).toHaveLength(covered);

  await syncAndWait(page, main);
  // The 6000 imported members include the 20 of beforeEach (same ids).
  expect(await readStore(page, 'members')).toHaveLength(6000);
  expect(await storedCursor(page)).toBe(head);
  expect(hubLog(hub).head).toBe(head);
});

test('a push whose reply is lost after the commit is retried without effect', async ({ kiosk }) => {
  proxy = await startFaultProxy(hub.url);
  await startKiosk(kiosk.page, proxy.url);
  const page = await kiosk.open();
  await syncAndWait(page, main);
  const before = { ...hubLog(hub), verdicts: hubVerdicts(hub) };
  const ids = await queueVisits(page, 1200);
  proxy.dropPushReplies(2);
  await syncAndWait(page, main);
  expect(proxy.repliesDropped).toBe(2);
  // Two batches (1000 + 200 at the engine's default size) and the two whose replies were lost.
  expect(proxy.pushesDelivered).toBeGreaterThanOrEqual(4);
  await expectConverged(page, ids);
  expect(hubLog(hub).changes - before.changes).toBe(ids.length);
  expect(hubVerdicts(hub) - before.verdicts).toBe(ids.length);
});

test('every push delivered 2–5 times and out of order converges once', async ({ kiosk }) => {
  proxy = await startFaultProxy(hub.url);
  await startKiosk(kiosk.page, proxy.url);
  const page = await kiosk.open();
  await syncAndWait(page, main);
  const before = { ...hubLog(hub), verdicts: hubVerdicts(hub) };
  // Check-ins, then their check-outs in later batches: a late copy of a check-in batch must not
  // undo a check-out the hub already has.
  const ids = await queueVisits(page, 1500, true);
  proxy.duplicatePushes(true, 600);
  await syncAndWait(page, main);
  await proxy.settle();
  const batches = Math.ceil(3000 / 500);
  expect(proxy.pushesDelivered).toBeGreaterThan(batches);
  await syncAndWait(page, main);
  await expectConverged(page, ids);
  expect(hubVerdicts(hub) - before.verdicts).toBe(3000);
  const visits = hubVisits(hub);
  expect(visits.filter((v) => v.state['checkIn'] === undefined)).toEqual([]);
  expect(visits.filter((v) => v.state['checkOut'] === undefined)).toEqual([]);
  // One log entry per visit, whatever the number of copies.
  expect(hubLog(hub).changes - before.changes).toBe(1500);
});
