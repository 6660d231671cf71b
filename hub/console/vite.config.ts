import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { importAliases } from '../../scripts/import-aliases.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The operators' console (decision 0027): built to `dist/console/` with hashed assets under
 * `assets/`, served by the hub at `/console/` (hub/http/console-static.ts) with its CSP as a header.
 * `vite --config hub/console/vite.config.ts` serves it for development against a hub on :8787.
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [svelte()],
  resolve: { alias: importAliases() },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
    // ECharts (≈ 550 kB, 185 kB gzipped) is its own chunk, loaded only when the Indicators page
    // opens (decision 0032); every other chunk stays far below this.
    chunkSizeWarningLimit: 600,
  },
  server: { port: 5174, proxy: { '/console/api': 'http://127.0.0.1:8787' } },
});
