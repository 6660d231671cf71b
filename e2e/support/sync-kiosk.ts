import { readFileSync, readdirSync } from 'node:fs';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium';
import { DEMO_SPACES } from '#shared/demo/demo-data';
import { readStore } from '../idb';
import type { KioskMain } from './kiosk-main';
import type { SyncHub } from './sync-hub';
import { appOrigin } from './origin';

/** Helpers of the sync fault scenarios (e2e/sync-faults.spec.ts), over the real hub and kiosk. */

export { appOrigin };

/** The demo spaces as `spaces import` CSV. */
export const SPACES_CSV = [
  'id,name,city,country,timezone,languages',
  ...DEMO_SPACES.map(
    (s) => `${s.id},${s.name},${s.city},${s.country},${s.timezone},${s.languages.join(';')}`,
  ),
].join('\n');

/** `count` synthetic members of `space` as `members import` CSV (ids m-0 …, one card each). */
export function membersCsv(count: number, space: string): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const card = `3A${(0x10000000 + i).toString(16).toUpperCase()}`;
    return `m-${String(i)},Member ${String(i)},${space},${card},true`;
  });
  return ['id,displayName,homeSpaceId,cardIds,active', ...rows].join('\n');
}

/** The engine's last success as stored in the kiosk's syncState, or null. */
async function lastSuccessAt(page: Page): Promise<number | null> {
  const rows = await readStore<{ key: string; value: unknown }>(page, 'syncState');
  const at = rows.find((r) => r.key === 'sync.lastSuccessAt')?.value;
  return typeof at === 'number' ? at : null;
}

/** The kiosk's stored pull cursor (0 before the first page). */
export async function storedCursor(page: Page): Promise<number> {
  const rows = await readStore<{ key: string; value: { cursor?: number } }>(page, 'syncState');
  return rows.find((r) => r.key === 'sync.pull')?.value.cursor ?? 0;
}

/**
 * Asks for a sync the way "Sync now" does (main's scheduler emits it) until `hasStarted` resolves
 * true, polling it: a request emitted before the app has subscribed (just after the home screen
 * shows) is dropped, as Electron drops an event sent before the renderer listens, and a sync may
 * fail (a hub being killed), so the request is made again every 3 s while nothing has started.
 * Asking again during a sync only folds one more run after it. Rejects after `timeoutMs`.
 */
export async function requestSyncUntil(
  main: KioskMain,
  hasStarted: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const scheduler = main.sync.scheduler;
  if (scheduler === null) throw new Error('this kiosk has no hub');
  let askedAt = -Infinity;
  await expect
    .poll(
      async () => {
        if (await hasStarted()) return true;
        if (Date.now() - askedAt > 3000) {
          scheduler.requestNow('manual');
          askedAt = Date.now();
        }
        return false;
      },
      { timeout: timeoutMs, intervals: [20], message: `no sync started within ${timeoutMs} ms` },
    )
    .toBe(true);
}

/** Requests a sync and waits until the engine records a new success; rejects after 90 s. */
export async function syncAndWait(page: Page, main: KioskMain): Promise<void> {
  const before = await lastSuccessAt(page);
  await requestSyncUntil(main, async () => (await lastSuccessAt(page)) !== before, 90_000);
}

/** The hub's change sequence head and its change-log row count. */
export function hubLog(hub: SyncHub): { head: number; changes: number } {
  return hub.query((db) => ({
    head: (db.prepare('SELECT value FROM hub_sequencer WHERE id = 1').get() as { value: number })
      .value,
    changes: (db.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n,
  }));
}

/** The hub's visits (id and merged state) and its count of mutation verdicts. */
export function hubVisits(hub: SyncHub): { id: string; state: Record<string, unknown> }[] {
  return hub.query((db) =>
    (
      db.prepare("SELECT record_id AS id, state FROM records WHERE tbl = 'visits'").all() as {
        id: string;
        state: string;
      }[]
    ).map((r) => ({ id: r.id, state: JSON.parse(r.state) as Record<string, unknown> })),
  );
}

export function hubVerdicts(hub: SyncHub): number {
  return hub.query(
    (db) => (db.prepare('SELECT count(*) AS n FROM mutations').get() as { n: number }).n,
  );
}

/**
 * Kills the kiosk's browser as a power cut would (SIGKILL of its main process, found by its
 * profile folder), then launches it again on the same profile with main's IPC double installed
 * before the app loads, and waits for the home screen. Main's parts (and its credential) survive,
 * as they would a renderer crash; the renderer's IndexedDB is what the kill puts at risk.
 */
export async function killAndRelaunch(
  old: BrowserContext,
  profileDir: string,
  main: KioskMain,
): Promise<{ context: BrowserContext; page: Page }> {
  killBrowserOf(profileDir);
  await old.close().catch(() => undefined);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  main.sync.stop();
  await main.install(page);
  await page.goto(`${appOrigin()}/`);
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
  return { context, page };
}

function killBrowserOf(profileDir: string): void {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    const isBrowserMain = !args.some((a) => a.startsWith('--type='));
    if (isBrowserMain && args.includes(`--user-data-dir=${profileDir}`)) {
      process.kill(Number(pid), 'SIGKILL');
    }
  }
}
