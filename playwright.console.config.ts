import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium';

/**
 * The console's end-to-end specs (e2e/console/): each starts the real hub as a child process on
 * a free port, serving the built console (`npm run build:console` first); no web server here.
 * One project per store: `sqlite` always, `postgres` when HUB_TEST_POSTGRES_URL is set, so
 * `bash scripts/with-postgres.sh npm run test:e2e:console` covers both (scripts/test.sh does).
 */
export default defineConfig({
  // The hub bundle that the specs' child hubs start.
  globalSetup: './test/build-hub.global.ts',
  testDir: 'e2e/console',
  // Its own output folder: scripts/test.sh runs it beside the kiosk's suite, whose run empties
  // test-results/ (where main's logs of that run are kept for test:e2e:logs) as it starts.
  outputDir: 'test-results-console',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  // One worker: two browsers and two hubs on two cores would slow every other helper's run.
  workers: 1,
  retries: 0,
  timeout: 90_000,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    viewport: { width: 1366, height: 768 },
    // The console's default language comes from the browser's; specs switch it where they test it.
    locale: 'en-GB',
    trace: 'off',
  },
  projects: [
    { name: 'sqlite' },
    ...(process.env['HUB_TEST_POSTGRES_URL'] ? [{ name: 'postgres' }] : []),
  ],
});
