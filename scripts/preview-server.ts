import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Serves a built renderer with `vite preview` on 127.0.0.1 for the benchmarks. Rejects when the
 * port already answers (a stale server would be measured instead), when vite exits, or when it
 * does not answer within 20 s. The vite binary is spawned itself, not through npx: killing npx
 * would leave the server running on the port.
 */
export async function startPreview(port: number, outDir?: string): Promise<ChildProcess> {
  const origin = `http://127.0.0.1:${port}`;
  const isServing = async (): Promise<boolean> => {
    try {
      return (await fetch(`${origin}/`)).ok;
    } catch {
      return false;
    }
  };
  if (await isServing()) throw new Error(`port ${port} is in use: stop what serves it first`);
  const child = spawn(
    'node_modules/.bin/vite',
    [
      'preview',
      ...(outDir === undefined ? [] : ['--outDir', outDir]),
      ...['--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${String(child.exitCode)})`);
    if (await isServing()) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`vite preview did not start on port ${port}`);
}
