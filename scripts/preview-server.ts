import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

/** A running `vite preview` of a built renderer. */
export interface Preview {
  /** `http://127.0.0.1:<port>`, the port vite bound. */
  readonly origin: string;
  /** Stops vite and resolves once it has exited; a second call only waits for that. */
  stop(): Promise<void>;
}

// vite's "Local:" line names the port it bound (its colours stripped first).
const LOCAL_URL = /Local:\s+http:\/\/127\.0\.0\.1:(\d+)\//;

/**
 * Serves a built renderer (dist/renderer, or `outDir`) with `vite preview` on 127.0.0.1, on a free
 * port the OS gives (`--port 0`), so no other server, stale or foreign, can be measured instead
 * and nothing else on the machine can stop it from starting. Resolves once vite says where it
 * listens. Rejects when vite exits first or says nothing within 20 s (it is then stopped). The
 * vite binary is spawned itself, not through npx: stopping npx would leave the server running.
 */
export async function startPreview(outDir?: string): Promise<Preview> {
  const child = spawn(
    'node_modules/.bin/vite',
    [
      'preview',
      ...(outDir === undefined ? [] : ['--outDir', outDir]),
      ...['--port', '0', '--strictPort', '--host', '127.0.0.1'],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, 20_000);
  let port: string | undefined;
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      port = LOCAL_URL.exec(stripVTControlCharacters(line))?.[1];
      if (port !== undefined) break;
    }
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (port === undefined) {
    await stop();
    const code = child.exitCode ?? child.signalCode ?? 'unknown';
    throw new Error(`vite preview exited before serving (${String(code)})`);
  }
  // Leaving the loop paused the pipe: drained from now on, vite never blocks writing to it.
  child.stdout.resume();
  return { origin: `http://127.0.0.1:${port}`, stop };
}
