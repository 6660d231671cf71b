// Bundles the hub's own code (scripts/hub.ts and everything under hub/ and shared/ it imports)
// into dist/hub/hub.js (and its feed worker, dist/hub/feed-worker.js), an ES module Node runs without a TypeScript loader: `npm run hub`, the
// tests' child hubs and the benchmarks' all start it (decision 0051). Loading the hub's ≈ 300
// TypeScript modules through tsx took ≈ 2.7 s per start on the 2-core CI machine, the bundle
// ≈ 1.1 s; the bundle itself takes ≈ 0.2 s, so it is rebuilt every time rather than trusted.
//
// npm packages stay outside (`packages: 'external'`), loaded from node_modules as before: native
// ones (better-sqlite3, argon2) cannot be bundled, and the others keep their own files.
// The bundle sits two folders below the repository, like the hub's sources, so paths they
// resolve from their own place (`../../dist/console/`) resolve alike from it.
//
// Each file is written beside its place and renamed over it, so a hub starting while another
// command rebuilds (`npm run hub -- kiosk add` next to the serving hub) never reads half a file.
//
// Usage: node scripts/build-hub.mjs [--quiet]
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'hub');
const started = performance.now();

const { outputFiles } = await build({
  absWorkingDir: root,
  // The feed worker (hub/agenda/feed-worker.ts) is a second entry: a worker thread loads it
  // from beside the bundle (dist/hub/feed-worker.js; decision 0059).
  entryPoints: { hub: 'scripts/hub.ts', 'feed-worker': 'hub/agenda/feed-worker.ts' },
  outdir,
  bundle: true,
  // The report's PDF and spreadsheet modules stay separate files, loaded when first asked for.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  // Stack traces in the hub's log name the TypeScript file and line.
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
});
await mkdir(outdir, { recursive: true });
for (const file of outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}

if (!process.argv.includes('--quiet')) {
  const ms = Math.round(performance.now() - started);
  console.log(`built dist/hub/hub.js in ${ms} ms`);
}
