import { spawn, execFile, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

/**
 * The real hub (`scripts/hub.ts`) as a child process on 127.0.0.1 with a real SQLite file, on a
 * fixed port so it can be SIGKILLed and restarted where kiosks expect it.
 */
export interface SyncHub {
  readonly url: string;
  readonly dir: string;
  /** Runs one CLI admin command on the hub's database; resolves with its stdout. */
  cli(...args: string[]): Promise<string>;
  /** Imports CSV text with `members import` / `spaces import`. */
  importCsv(kind: 'members' | 'spaces', csv: string): Promise<void>;
  /** A one-time enrolment code for a kiosk of `spaceId`. */
  enrolmentCode(spaceId: string): Promise<string>;
  /** SIGKILL: no shutdown, as in a power cut. */
  kill(): Promise<void>;
  /** Starts the hub again on the same port and database. */
  restart(): Promise<void>;
  /** Runs `fn` on a read-only connection to the hub's database (WAL allows it while it runs). */
  query<T>(fn: (db: Database.Database) => T): T;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  server.close();
  await once(server, 'close');
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
  return addr.port;
}

async function spawnOn(
  port: number,
  dbUrl: string,
): Promise<ChildProcessByStdio<null, Readable, null>> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/hub.ts', '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, HUB_DATABASE_URL: dbUrl },
    },
  );
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  try {
    for await (const line of createInterface({ input: proc.stdout })) {
      if ((JSON.parse(line) as { event?: string }).event === 'listening') {
        proc.stdout.resume();
        return proc;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error('the hub exited before listening');
}

/** Starts a hub on a fresh database and a free port. Rejects when it does not listen in 20 s. */
export async function startSyncHub(): Promise<SyncHub> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-hub-'));
  const dbPath = join(dir, 'hub.sqlite');
  const dbUrl = `sqlite:${dbPath}`;
  const port = await freePort();
  let proc: ChildProcessByStdio<null, Readable, null> | null = await spawnOn(port, dbUrl);

  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', 'scripts/hub.ts', ...args, '--db', dbUrl],
      { cwd: REPO_ROOT },
    );
    return stdout;
  }

  async function stop(signal: NodeJS.Signals): Promise<void> {
    const p = proc;
    proc = null;
    if (p === null || p.exitCode !== null || p.signalCode !== null) return;
    const exited = once(p, 'exit');
    p.kill(signal);
    await exited;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    cli,
    async importCsv(kind, csv) {
      const file = join(dir, `${kind}-${Date.now()}.csv`);
      await writeFile(file, csv);
      await cli(kind, 'import', file);
    },
    async enrolmentCode(spaceId) {
      return (await cli('kiosk', 'add', '--space', spaceId)).trim();
    },
    kill: () => stop('SIGKILL'),
    async restart() {
      await stop('SIGKILL');
      proc = await spawnOn(port, dbUrl);
    },
    query(fn) {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
    async dispose() {
      await stop('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
