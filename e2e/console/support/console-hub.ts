import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnHub, type ChildHub } from '#hub/test-support/child-hub';
import { storeCases, type TestDatabase } from '#hub/test-support/stores';
import { HUB_NODE_ARGS, REPO_ROOT } from '#hub/test-support/hub-command';

/** The spaces every console spec's hub holds (a space manager belongs to one). */
export const SPACES = [
  { id: 'co-nnexion-mons', name: 'Co-nnexion Mons', city: 'Mons', country: 'BE' },
  { id: 'mutualab-lille', name: 'MutuaLab Lille', city: 'Lille', country: 'FR' },
] as const;

/** A password long enough for the hub's rule (12 characters at least). */
export const PASSWORD = 'correct horse battery staple';

/**
 * The real hub as a child process (the bundle `npm run hub` runs, hub/test-support/child-hub.ts)
 * on a fresh database of the Playwright project's store (`sqlite`, or `postgres` under
 * scripts/with-postgres.sh), serving the built console (`npm run build:console` first).
 */
export interface ConsoleHub {
  /** The hub's origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Makes an operator whose password is PASSWORD with the CLI (`operator add --password-stdin`). */
  addOperator(email: string, role: 'network' | 'space', spaceId?: string): Promise<void>;
  /** Stops the hub, drops its database. */
  dispose(): Promise<void>;
}

/**
 * Starts a hub for the project `storeName` with `env` added (e.g. a short session expiry), seeded
 * with SPACES (unless `withSpaces` is false: a hub in its first hour). Throws when that store is not available (postgres without HUB_TEST_POSTGRES_URL).
 */
export async function startConsoleHub(
  storeName: string,
  env: Readonly<Record<string, string>> = {},
  options: { readonly withSpaces?: boolean } = {},
): Promise<ConsoleHub> {
  const storeCase = storeCases().find((c) => c.name === storeName);
  if (storeCase === undefined) throw new Error(`no ${storeName} store here`);
  const db: TestDatabase = await storeCase.create();
  const dir = await mkdtemp(join(tmpdir(), 'console-e2e-'));
  const cli = (args: readonly string[], stdin = '') =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [...HUB_NODE_ARGS, ...args, '--db', db.url],
        { cwd: REPO_ROOT },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`hub ${args.join(' ')} failed: ${stderr}`));
          else resolve(stdout);
        },
      );
      child.stdin?.end(stdin);
    });
  const csv = join(dir, 'spaces.csv');
  await writeFile(
    csv,
    [
      'id,name,city,country,timezone,languages',
      ...SPACES.map((s) => `${s.id},${s.name},${s.city},${s.country},Europe/Brussels,fr;nl;en`),
    ].join('\n'),
  );
  if (options.withSpaces !== false) await cli(['spaces', 'import', csv]);
  let hub: ChildHub;
  try {
    hub = await spawnHub(db.url, 20_000, { HUB_FEED_INTERVAL_MINUTES: '0', ...env });
  } catch (e) {
    await db.drop();
    throw e;
  }
  return {
    url: hub.url,
    async addOperator(email, role, spaceId) {
      const space = spaceId === undefined ? [] : ['--space', spaceId];
      await cli(
        ['operator', 'add', '--email', email, '--role', role, ...space, '--password-stdin'],
        `${PASSWORD}\n`,
      );
    },
    async dispose() {
      await hub.stop();
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
