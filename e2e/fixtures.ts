import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../scripts/chromium';

/**
 * A kiosk browser with its own on-disk profile, so IndexedDB survives a relaunch exactly as it
 * survives a kiosk restart. `page` and `context` change after `relaunch()`.
 */
export interface KioskBrowser {
  readonly profileDir: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /**
   * Opens the kiosk at `query` (e.g. '?holdOffMs=500') and waits for the home screen. Rejects
   * (fails the test) when home does not show within 15 s.
   */
  open(query?: string): Promise<Page>;
  /** Closes the browser, launches it again on the same profile and reopens `query`. */
  relaunch(query?: string): Promise<Page>;
}

async function launch(profileDir: string, baseURL: string | undefined): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
  });
}

/**
 * `test` with a `kiosk` fixture: a fresh persistent Chromium profile per test (Debian's chromium),
 * deleted afterwards.
 */
export const test = base.extend<{ kiosk: KioskBrowser }>({
  kiosk: async ({ baseURL }, use, testInfo) => {
    const profileDir = await mkdtemp(join(tmpdir(), 'coffee-kiosk-profile-'));
    const consoleLines: string[] = [];
    const started = Date.now();
    const watch = (p: Page): Page => {
      p.on('console', (m) => {
        consoleLines.push(`+${Date.now() - started}ms ${m.type()}: ${m.text()}`);
      });
      return p;
    };
    let context = await launch(profileDir, baseURL);
    let page = watch(context.pages()[0] ?? (await context.newPage()));
    let lastQuery = '';

    const kiosk: KioskBrowser = {
      profileDir,
      get context() {
        return context;
      },
      get page() {
        return page;
      },
      async open(query = '') {
        lastQuery = query;
        await page.goto(`./${query}`);
        await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
        return page;
      },
      async relaunch(query = lastQuery) {
        await context.close();
        context = await launch(profileDir, baseURL);
        page = watch(context.pages()[0] ?? (await context.newPage()));
        return kiosk.open(query);
      },
    };

    await use(kiosk);
    if (testInfo.status !== testInfo.expectedStatus && consoleLines.length > 0) {
      await testInfo.attach('page console', { body: consoleLines.join('\n') });
    }
    await context.close();
    await rm(profileDir, { recursive: true, force: true });
  },
});

export { expect };
