import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { RENDERER_CSP } from './shared/security/csp.ts';
import { importAliases } from './scripts/import-aliases.ts';

/** Puts the strict CSP into the built page; the dev server keeps Vite's injected styles working. */
function cspMeta(): Plugin {
  return {
    name: 'kiosk-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" />`,
      );
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte(), cspMeta()],
  resolve: { alias: importAliases() },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
});
