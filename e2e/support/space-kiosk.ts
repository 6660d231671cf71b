import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium';
import { readStore } from '../idb';
import { createKioskMain, type KioskMain } from './kiosk-main';
import { appOrigin } from './origin';
import { SPACES_CSV, requestSyncUntil, storedCursor } from './sync-kiosk';
import { startSyncHub, type SyncHub } from './sync-hub';

/**
 * One kiosk of a space for multi-kiosk scenarios (e2e/sync-conflicts.spec.ts): its own persistent
 * Chromium profile (its own IndexedDB), main's real hub client behind the IPC double, enrolled at
 * the real hub. Kiosks sync only when asked (`syncKiosk`), so between syncs each is offline as far
 * as the hub can tell. The page's clock is Playwright's, installed before the app loads and
 * flowing in real time, so a scenario can move one kiosk's wall clock (`clock.setSystemTime`).
 */
export interface SpaceKiosk {
  readonly kioskId: string;
  readonly main: KioskMain;
  readonly context: BrowserContext;
  readonly page: Page;
  dispose(): Promise<void>;
}

/** What a scenario may set on one kiosk. */
export interface SpaceKioskOptions {
  /** The config's `visitors.closingTime`. */
  readonly closingTime?: string;
  /** The page clock's start (it then flows in real time); the real time by default. */
  readonly clockAt?: number;
}

/** Launches and enrols a kiosk and waits for its home screen; rejects after 15 s without it. */
export async function launchSpaceKiosk(
  hub: SyncHub,
  spaceId: string,
  kioskId: string,
  options: SpaceKioskOptions = {},
): Promise<SpaceKiosk> {
  const profileDir = await mkdtemp(join(tmpdir(), `kiosk-${kioskId}-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
  });
  const main = await createKioskMain({
    kioskId,
    spaceId,
    hubUrl: hub.url,
    enrolmentCode: await hub.enrolmentCode(spaceId),
    appOrigin: appOrigin(),
    ...(options.closingTime === undefined
      ? {}
      : { visitors: { closingTime: options.closingTime } }),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.clock.install({ time: options.clockAt ?? Date.now() });
  await main.install(page);
  await page.goto(`${appOrigin()}/`);
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
  return {
    kioskId,
    main,
    context,
    page,
    async dispose() {
      await main.dispose();
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** The hub's change-sequence head. */
export function hubHead(hub: SyncHub): number {
  return hub.query(
    (db) =>
      (db.prepare('SELECT value FROM hub_sequencer WHERE id = 1').get() as { value: number }).value,
  );
}

/**
 * Syncs one kiosk (a pull, its pushes, a pull: sync-engine.ts) until its outbox is empty and its
 * cursor is at the hub's head, i.e. it holds every change the hub has. Rejects after 90 s.
 */
export async function syncKiosk(hub: SyncHub, kiosk: SpaceKiosk): Promise<void> {
  const isCaughtUp = async (): Promise<boolean> =>
    (await readStore(kiosk.page, 'outbox')).length === 0 &&
    (await storedCursor(kiosk.page)) === hubHead(hub);
  await requestSyncUntil(kiosk.main, isCaughtUp, 90_000);
}

/** The real hub and two kiosks of one space: what a two-kiosk scenario starts from. */
export interface SpacePair {
  readonly hub: SyncHub;
  readonly a: SpaceKiosk;
  readonly b: SpaceKiosk;
  /** Stops both kiosks, then the hub. */
  dispose(): Promise<void>;
}

/**
 * Starts the real hub with the network's spaces and launches kiosks `ids[0]` and `ids[1]` of
 * `spaceId` (launchSpaceKiosk). Rejects when the hub or a kiosk does not start.
 */
export async function launchSpacePair(
  spaceId: string,
  ids: readonly [string, string],
): Promise<SpacePair> {
  const hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  const a = await launchSpaceKiosk(hub, spaceId, ids[0]);
  const b = await launchSpaceKiosk(hub, spaceId, ids[1]);
  return {
    hub,
    a,
    b,
    async dispose() {
      await a.dispose();
      await b.dispose();
      await hub.dispose();
    },
  };
}
