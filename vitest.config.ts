import { configDefaults, defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { chromiumPath, chromiumArgs } from './scripts/chromium';
import { hubLabCommands } from './test/hub-lab/commands';
import { importAliases } from './scripts/import-aliases';

const resolve = { alias: importAliases() };

export default defineConfig({
  test: {
    // The hub bundle that child hubs start (test/build-hub.global.ts).
    globalSetup: ['test/build-hub.global.ts'],
    projects: [
      {
        resolve,
        test: {
          name: 'node',
          environment: 'node',
          // A timeout guards against a hang, not speed (benchmarks measure that). CI runs this
          // project beside Chromium on two cores: a PostgreSQL test of 2 s when quiet took > 5 s.
          testTimeout: 20_000,
          hookTimeout: 30_000,
          // Files share their worker's loaded modules (no test mocks a module): the hub's and
          // shared code's ≈ 300 modules are loaded once per worker, not once per file.
          isolate: false,
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'hub/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          // Chromium only (shared code against the browser's own implementations, e.g. Temporal);
          // `*.any.test.ts` run in both projects.
          exclude: [...configDefaults.exclude, '**/*.browser.test.ts'],
        },
      },
      {
        resolve,
        plugins: [svelte()],
        // Pre-bundled up front: a late discovery makes Vite reload the page mid-run.
        optimizeDeps: {
          include: [
            'dexie',
            'zod',
            'svelte-i18n',
            'fast-check',
            'pdf-lib',
            '@pdf-lib/fontkit',
            'qrcode',
            'temporal-polyfill',
            'temporal-polyfill/implementation',
          ],
        },
        test: {
          name: 'browser',
          include: [
            'renderer/**/*.test.ts',
            'shared/**/*.browser.test.ts',
            'shared/**/*.any.test.ts',
          ],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
            // The real hub and main's real hub client, for the renderer's sync tests (test/hub-lab/).
            commands: hubLabCommands,
          },
        },
      },
    ],
  },
});
