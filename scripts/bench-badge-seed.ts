/**
 * The store `npm run bench:badge` measures on: 200 000 members and 1 000 000 visits, written by
 * the page side (bench-badge-page.ts) into a Chromium profile on disk. Seeding takes minutes on a
 * shared machine, so a seeded profile can be kept (BENCH_SEED_CACHE=<dir>) and copied for later
 * runs — the "before" and "after" builds then meet the very same store. IndexedDB belongs to an
 * origin, port included, and the preview server's port is whatever the OS gives: so the page is
 * always opened at one fixed origin (BENCH_ORIGIN), which the browser maps to the server's port.
 * A kept profile is used for 6 hours at most (its open visits must not turn stale, 16 h after
 * check-in).
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { bundlePage, pageApi } from './bench-page-harness';
import type { BadgeBenchPage } from './bench-badge-page';
import type { Teardown } from './bench-lifecycle';
import { chromiumArgs, chromiumPath } from './chromium';

/** What a kept seeded profile holds. */
export interface SeedMark {
  seededAt: number;
  members: number;
  visits: number;
}

const MEMBER_CHUNK = 10_000;
const VISIT_CHUNK = 20_000;
const MAX_AGE_MS = 6 * 3_600_000;

/**
 * Where the bench opens the app, whatever port serves it: a `.localhost` name, which Chromium
 * treats as a secure context like 127.0.0.1.
 */
export const BENCH_ORIGIN = 'http://kiosk-bench.localhost/';

/**
 * Launches Debian's Chromium on a profile, headless, at the kiosk's screen size (`viewport`), with
 * BENCH_ORIGIN resolved to the server at `serverOrigin` (`http://127.0.0.1:<port>`).
 */
export function launchKiosk(
  profile: string,
  serverOrigin: string,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const { hostname, port } = new URL(serverOrigin);
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: [
      ...chromiumArgs,
      `--host-resolver-rules=MAP ${new URL(BENCH_ORIGIN).hostname} ${hostname}:${port}`,
    ],
    headless: true,
    viewport,
  });
}

/** The kept seed's mark when it fits the run (sizes, age), else null (seed afresh). */
export async function keptSeed(
  cacheDir: string,
  size: { members: number; visits: number },
  now: number,
): Promise<SeedMark | null> {
  try {
    const mark = JSON.parse(await readFile(join(cacheDir, 'seed.json'), 'utf8')) as SeedMark;
    const fits = mark.members === size.members && mark.visits === size.visits;
    return fits && now - mark.seededAt < MAX_AGE_MS ? mark : null;
  } catch {
    return null;
  }
}

/** Copies the kept profile to `profile`. */
export async function copySeed(cacheDir: string, profile: string): Promise<void> {
  await cp(join(cacheDir, 'profile'), profile, { recursive: true });
}

/** Keeps a copy of the seeded (and closed) profile, with its mark. */
export async function keepSeed(cacheDir: string, profile: string, mark: SeedMark): Promise<void> {
  await rm(cacheDir, { recursive: true, force: true });
  await cp(profile, join(cacheDir, 'profile'), { recursive: true });
  await writeFile(join(cacheDir, 'seed.json'), JSON.stringify(mark));
}

/**
 * Opens the app served at `serverOrigin` on `profile` (it creates its database and demo data),
 * stores the bench's members and visits dated from now, and closes the browser (also registered
 * with `teardown`, for a signal meanwhile). Resolves with the seeding instant; rejects (browser
 * closed) when any step fails.
 */
export async function seedStore(
  profile: string,
  serverOrigin: string,
  size: { members: number; visits: number },
  teardown: Teardown,
): Promise<number> {
  const context = await launchKiosk(profile, serverOrigin);
  teardown.add(() => context.close());
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(BENCH_ORIGIN);
    await page.getByTestId('screen-home').waitFor({ timeout: 60_000 });
    await page.evaluate(await bundlePage(join(import.meta.dirname, 'bench-badge-page.ts')));
    const call = pageApi<BadgeBenchPage>(page, 'badgeBench');
    const t0 = Date.now();
    for (let from = 0; from < size.members; from += MEMBER_CHUNK) {
      await call('seedMembers', { from, to: Math.min(size.members, from + MEMBER_CHUNK) });
    }
    for (let from = 0; from < size.visits; from += VISIT_CHUNK) {
      const to = Math.min(size.visits, from + VISIT_CHUNK);
      await call('seedVisits', { from, to, members: size.members, now: t0 });
    }
    const counts = await call('counts', undefined);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`seeded ${counts.members} members and ${counts.visits} visits in ${seconds} s`);
    return t0;
  } finally {
    await context.close();
  }
}
