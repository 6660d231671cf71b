/**
 * What the browser benchmarks (bench:badge, bench:walkin) share: a page-side script bundled by
 * esbuild, called through the global it sets; the page's JS heap.
 */
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';

/** The page's JS heap in use after a full GC (two: the second frees what the first unlinked), in MiB. */
export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024;
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
