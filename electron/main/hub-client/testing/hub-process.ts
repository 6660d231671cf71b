import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * The hub's bundle, as `npm run hub` runs it (built by the test run's global set-up); the same
 * arguments as hub/test-support/hub-command.ts, which electron/ may not import
 * (test/hub-node-args.test.ts holds the two and package.json's `hub` script equal).
 */
export const HUB_NODE_ARGS: readonly string[] = [
  '--max-semi-space-size=64',
  '--enable-source-maps',
  'dist/hub/hub.js',
];

const execFileAsync = promisify(execFile);

/**
 * The real hub (the bundle `npm run hub` runs, dist/hub/hub.js) as a child process on 127.0.0.1
 * over a throwaway SQLite file, for main-side tests: electron/ may not import hub/, and a process is what a kiosk talks to.
 */
export interface HubProcess {
  readonly url: string;
  readonly dbUrl: string;
  /** Runs one admin command of the hub CLI on the same database; resolves with its stdout. */
  cli(...args: string[]): Promise<string>;
  /** Imports spaces from CSV text (`spaces import`; `kiosk add` needs the space to exist). */
  importSpaces(csv: string): Promise<void>;
  /** SIGTERM, wait for the exit, delete the database. */
  dispose(): Promise<void>;
}

/** Starts the hub; rejects when it exits or prints no address within 20 s. */
export async function startHubProcess(): Promise<HubProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'hub-proc-'));
  const dbUrl = `sqlite:${join(dir, 'hub.sqlite')}`;
  const proc = spawn(
    process.execPath,
    [...HUB_NODE_ARGS, '--port', '0', '--host', '127.0.0.1', '--db', dbUrl],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = once(proc, 'exit');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  let url: string | undefined;
  try {
    for await (const line of createInterface({ input: proc.stdout })) {
      const msg = JSON.parse(line) as { event?: string; url?: string };
      if (msg.event === 'listening' && msg.url !== undefined) {
        url = msg.url;
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  if (url === undefined) throw new Error('hub exited before listening');
  // Keep draining stdout so the hub never blocks on a full pipe.
  proc.stdout.resume();
  const hub: HubProcess = {
    url,
    dbUrl,
    async cli(...args) {
      const { stdout } = await execFileAsync(
        process.execPath,
        [...HUB_NODE_ARGS, ...args, '--db', dbUrl],
        { cwd: REPO_ROOT },
      );
      return stdout;
    },
    async importSpaces(csv) {
      const file = join(dir, `spaces-${Date.now()}.csv`);
      await writeFile(file, csv);
      await hub.cli('spaces', 'import', file);
    },
    async dispose() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  return hub;
}
