import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { HUB_NODE_ARGS, REPO_ROOT } from './hub-command';

/** A hub running as a child process (the bundle `npm run hub` runs), as in production. */
export interface ChildHub {
  readonly url: string;
  readonly proc: ChildProcess;
  readonly stderr: string[];
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts the hub's bundle (`node dist/hub/hub.js --port 0 --db <dbUrl>`, hub-command.ts; built
 * by the run's global set-up) on 127.0.0.1 and resolves once it prints its address. Rejects (and
 * kills the child) when it exits first or after `timeoutMs`.
 * `env` adds to the child's environment (e.g. the console's session expiry).
 * `nodeArgs` go to node before the script (a benchmark's `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function spawnHub(
  dbUrl: string,
  timeoutMs = 20_000,
  env: Readonly<Record<string, string>> = {},
  nodeArgs: readonly string[] = [],
): Promise<ChildHub> {
  const proc = spawn(
    process.execPath,
    [...nodeArgs, ...HUB_NODE_ARGS, '--port', '0', '--host', '127.0.0.1', '--db', dbUrl],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const stderr: string[] = [];
  proc.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const exited = once(proc, 'exit');
  const lines = createInterface({ input: proc.stdout });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  try {
    for await (const line of lines) {
      const msg = JSON.parse(line) as { event?: string; url?: string };
      if (msg.event === 'listening' && msg.url) {
        const url = msg.url;
        const stop = async (signal: NodeJS.Signals) => {
          if (proc.exitCode === null && proc.signalCode === null) {
            proc.kill(signal);
            await exited;
          }
        };
        return { url, proc, stderr, kill: () => stop('SIGKILL'), stop: () => stop('SIGTERM') };
      }
    }
    throw new Error(`hub exited before listening: ${stderr.join('')}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A TCP proxy in front of `target` that forwards requests but drops every response: the client's
 * connection is destroyed as the first response byte arrives, after the hub has committed.
 */
export async function responseDroppingProxy(target: URL): Promise<{ url: string; server: Server }> {
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream);
    upstream.once('data', () => {
      client.destroy();
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('proxy has no TCP address');
  return { url: `http://127.0.0.1:${addr.port}`, server };
}
