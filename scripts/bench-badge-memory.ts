/**
 * What holding the network's members in memory costs, by layout (docs/decisions/0010): in Debian's
 * Chromium, the JS heap (after a full GC) with 200 000 members of bench:badge held (a) as objects
 * under every card key, (b) as objects under one bucket per card (cardBucket), (c) as the app's
 * MemberCards (columns, one bucket per card). Prints one line per layout, then a JSON line.
 * Run: `npx tsx scripts/bench-badge-memory.ts` (BENCH_MEMBERS for another count). No server:
 * the layouts are built in a blank page.
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Layout, MemoryBenchPage } from './bench-badge-memory-page';
import { chromiumArgs, chromiumPath } from './chromium';
import { bundlePage, heapMb, pageApi } from './bench-page-harness';
import { runBench, type Teardown } from './bench-lifecycle';
import { envCount } from './bench-env';

const MEMBERS = envCount('BENCH_MEMBERS', 200_000);
const LAYOUTS: Layout[] = ['objects-by-key', 'objects-by-bucket', 'columns-by-bucket'];

async function main(teardown: Teardown): Promise<void> {
  const script = await bundlePage(join(import.meta.dirname, 'bench-badge-memory-page.ts'));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  teardown.add(() => browser.close());
  const page = await browser.newPage();
  await page.evaluate(script);
  const cdp = await page.context().newCDPSession(page);
  const call = pageApi<MemoryBenchPage>(page, 'memoryBench');
  const figures: Record<string, number> = {};
  for (const layout of LAYOUTS) {
    const base = await heapMb(cdp);
    const { entries } = await call('build', { layout, count: MEMBERS });
    const mb = (await heapMb(cdp)) - base;
    await call('drop', undefined);
    figures[layout] = Math.round(mb * 10) / 10;
    console.log(`${layout}: ${mb.toFixed(1)} MiB for ${MEMBERS} members, ${entries} entries`);
  }
  console.log(JSON.stringify(figures));
}

await runBench(main);
