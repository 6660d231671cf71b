/**
 * What the browser benchmarks (bench:badge, bench:walkin) share: a free TCP port for the preview
 * server, so a benchmark never meets a server another run left on a fixed port; stopping that
 * server for good; and a page-side script bundled by esbuild, called through the global it sets.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';

/** Tells whether nothing listens on `port` (0: any free port); resolves with the port, or null. */
export async function freePort(port = 0): Promise<number | null> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  const isFree = await Promise.race([
    once(server, 'listening').then(() => true),
    once(server, 'error').then(() => false),
  ]);
  if (!isFree) return null;
  const address = server.address();
  server.close();
  await once(server, 'close');
  return address === null || typeof address === 'string' ? null : address.port;
}

/** Kills a server process and resolves once it has exited (its port is free again). */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill();
  await exited;
}

/** `entry` (a page-side module) and its imports as one browser script. Rejects on a build error. */
export async function bundlePage(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const file = out.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no bundle');
  return file.text;
}

type ArgOf<F> = F extends (arg: infer A) => unknown ? A : never;
type ResultOf<F> = F extends (...args: never[]) => infer R ? R : never;

/**
 * Calls the methods of the object a bundled page script put on `globalThis[name]`, typed by its
 * interface `Api`: `const call = pageApi<Api>(page, 'x'); await call('method', arg)`. Each call
 * rejects with the page's error.
 */
export function pageApi<Api extends object>(page: Page, name: string) {
  return <K extends keyof Api & string>(
    method: K,
    arg: ArgOf<Api[K]>,
  ): Promise<Awaited<ResultOf<Api[K]>>> =>
    page.evaluate(
      ([g, m, a]) => {
        const api = (globalThis as unknown as Record<string, Record<string, unknown>>)[g];
        return (api?.[m] as (x: unknown) => unknown)(a);
      },
      [name, method, arg] as const,
    ) as Promise<Awaited<ResultOf<Api[K]>>>;
}
