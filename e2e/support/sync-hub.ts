import { spawn, execFile, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { HUB_NODE_ARGS, REPO_ROOT } from '#hub/test-support/hub-command';

const execFileAsync = promisify(execFile);

/**
 * The real hub (the bundle `npm run hub` runs, dist/hub/hub.js) as a child process on 127.0.0.1
 * with a real SQLite file. It first listens on a free port the OS gives (`--port 0`), read from
 * its `listening` line; a restart after a SIGKILL binds that same port again, where the kiosks
 * expect their hub.
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

/** A started hub process and the port it reported. */
interface Spawned {
  readonly proc: ChildProcessByStdio<null, Readable, null>;
  readonly port: number;
}

/**
 * Starts the hub's bundle on `port` (0: a free one) and resolves once it prints its `listening`
 * line, with the port it bound. Rejects when it exits first; SIGKILLed after 20 s without it.
 */
async function spawnOn(port: number, dbUrl: string): Promise<Spawned> {
  const proc = spawn(
    process.execPath,
    [...HUB_NODE_ARGS, '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, HUB_DATABASE_URL: dbUrl },
    },
  );
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  let bound: number | undefined;
  try {
    for await (const line of createInterface({ input: proc.stdout })) {
      const event = JSON.parse(line) as { event?: string; port?: number };
      if (event.event === 'listening' && typeof event.port === 'number') {
        bound = event.port;
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  if (bound === undefined) throw new Error('the hub exited before listening');
  // Leaving the loop paused the pipe: drained from now on, the hub never blocks writing to it.
  proc.stdout.resume();
  return { proc, port: bound };
}

/** Starts a hub on a fresh database and a free port. Rejects when it does not listen in 20 s. */
export async function startSyncHub(): Promise<SyncHub> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-hub-'));
  const dbPath = join(dir, 'hub.sqlite');
  const dbUrl = `sqlite:${dbPath}`;
  const first = await spawnOn(0, dbUrl);
  const { port } = first;
  let proc: ChildProcessByStdio<null, Readable, null> | null = first.proc;

  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(
      process.execPath,
      [...HUB_NODE_ARGS, ...args, '--db', dbUrl],
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
      proc = (await spawnOn(port, dbUrl)).proc;
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
