// Bundles the Electron shell: electron/main → dist/main/index.js (ESM, Node 22 of Electron 45) and
// electron/preload → dist/preload/index.cjs (CommonJS: a sandboxed preload cannot be an ES module
// and can require only `electron` and a few built-ins, so everything else is bundled in).
// The renderer is built separately by vite into dist/renderer.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (...parts) => path.join(root, 'dist', ...parts);

/** Native modules are loaded at run time from node_modules (rebuilt for Electron), never bundled. */
const NATIVE = ['serialport', '@serialport/*', 'node-hid'];

const common = {
  absWorkingDir: root,
  bundle: true,
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
};

await Promise.all([
  rm(out('main'), { recursive: true, force: true }),
  rm(out('preload'), { recursive: true, force: true }),
]);

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: out('main', 'index.js'),
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: ['electron', ...NATIVE],
    // Bundled CommonJS dependencies may call require(); ESM has none unless we make one.
    banner: {
      js: "import { createRequire as __kioskCreateRequire } from 'node:module'; const require = __kioskCreateRequire(import.meta.url);",
    },
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: out('preload', 'index.cjs'),
    format: 'cjs',
    // The sandboxed preload runs in a renderer, not in Node: no built-ins may leak in.
    platform: 'browser',
    target: 'chrome140',
    external: ['electron'],
  }),
]);

const preload = await readFile(out('preload', 'index.cjs'), 'utf8');
const problems = [];
if (!/require\(["']electron["']\)/.test(preload))
  problems.push('does not load the electron module');
if (/^\s*(import|export)\s/m.test(preload) || preload.includes('import.meta')) {
  problems.push('contains ES module syntax');
}
const stray = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)]
  .map((m) => m[1])
  .filter((name) => name !== 'electron');
if (stray.length > 0)
  problems.push(`requires modules a sandboxed preload cannot load: ${stray.join(', ')}`);
if (problems.length > 0) {
  console.error(
    `dist/preload/index.cjs is not a sandbox-ready CommonJS preload: ${problems.join('; ')}`,
  );
  process.exit(1);
}
console.log('built dist/main/index.js (ESM) and dist/preload/index.cjs (CommonJS)');
