import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium';

/**
 * The port of the kiosk UI (`vite preview` on 127.0.0.1). This file is evaluated by the runner and
 * again by each worker. In the runner E2E_PORT is unset unless the caller chose a port: vite then
 * binds a free one the OS gives (`--port 0`), and `webServer.wait` reads it from vite's own
 * "Local:" line, whose named group Playwright copies into the runner's `process.env.E2E_PORT`
 * before it starts the workers. The workers inherit that environment, so their evaluation finds
 * the same port (e2e/support/origin.ts reads it too). A chosen E2E_PORT is taken exactly or the
 * run stops (`--strictPort`). There is no `url` to probe: Playwright never attaches to a server it
 * did not start, whatever holds a port.
 */
const port = process.env['E2E_PORT'];

export default defineConfig({
  // The hub bundle that the specs' child hubs start.
  globalSetup: './test/build-hub.global.ts',
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // The console's specs start their own hubs on each store: playwright.console.config.ts.
  testIgnore: '**/e2e/console/**',
  fullyParallel: false,
  // One worker: reader bursts are timed, and two browsers on two cores can stall a burst mid-way.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    ...(port === undefined ? {} : { baseURL: `http://127.0.0.1:${port}/` }),
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    viewport: { width: 1280, height: 800 },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --strictPort --port ${port ?? '0'}`,
    wait: { stdout: /Local:\s+http:\/\/127\.0\.0\.1:(?<e2e_port>\d+)\// },
    timeout: 60_000,
  },
});
