import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How tests and benchmarks start the real hub: the bundle `npm run hub` runs (dist/hub/hub.js,
 * scripts/build-hub.mjs, decision 0051), not its TypeScript sources through a loader.
 */

/** The repository's root, where a hub child process runs. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The hub's V8 settings: a young generation of up to 64 MiB per semi-space (decision 0059: the
 * batches of a feed import or a push live through fewer, cheaper scavenges). A benchmark that
 * runs hub code in its own process runs it with these.
 */
export const HUB_V8_ARGS: readonly string[] = ['--max-semi-space-size=64'];

/**
 * Node's arguments before the hub's own, as `npm run hub` gives them: the V8 settings, stack
 * traces mapped to the sources, the bundle.
 */
export const HUB_NODE_ARGS: readonly string[] = [
  ...HUB_V8_ARGS,
  '--enable-source-maps',
  'dist/hub/hub.js',
];

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
