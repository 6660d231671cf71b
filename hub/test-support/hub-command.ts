import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How tests and benchmarks start the real hub: the bundle `npm run hub` runs (dist/hub/hub.js,
 * scripts/build-hub.mjs, decision 0051), not its TypeScript sources through a loader.
 */

/** The repository's root, where a hub child process runs. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Node's arguments before the hub's own: the bundle, its stack traces mapped to the sources. */
export const HUB_NODE_ARGS: readonly string[] = ['--enable-source-maps', 'dist/hub/hub.js'];

/**
 * Bundles the hub from the sources as they are now (≈ 0.3 s), so a child hub never runs stale
 * code: test runs call it once before any test (their global set-up), benchmarks at start.
 * Throws when the bundle cannot be built (a syntax error: the message says where).
 */
export function buildHub(): void {
  execFileSync(process.execPath, ['scripts/build-hub.mjs', '--quiet'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
