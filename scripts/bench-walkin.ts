/**
 * Walk-in benchmark (issue 5): in Debian's Chromium, against the built renderer with 50 000
 * visitors (and one past visit each) stored in IndexedDB on disk:
 * (1) returning-visitor search: 300 queries a host types (surname prefixes, first name + surname
 *     start, email starts, a quarter with a typo; 20 more to warm up), each timed in the page
 *     around the app's searchVisitors (renderer/src/lib/visitors/visitor-search.ts): index probes,
 *     candidate reads, typo-tolerant matching, ranking and masking;
 * (2) submit to badge: 30 walk-in forms (3 more to warm up), each timed from the submit (form
 *     validation) through the registration transaction (visitor + visit + outbox + details) to
 *     the badge label's PDF bytes (the app's Printouts with DejaVu from the build's assets).
 * Prints figures, then one JSON line last: {"search_p95_ms": …, "register_to_pdf_p95_ms": …}.
 * Run: `npm run bench:walkin` (builds the renderer first). Sizes can be lowered for a quick look:
 * BENCH_VISITORS, BENCH_QUERIES, BENCH_FORMS. The renderer is served on a free port; whatever the
 * run started is stopped however it ends.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium';
import { summarize } from './bench-stats';
import type { WalkinBenchPage } from './bench-walkin-page';
import { bundlePage, pageApi } from './bench-page-harness';
import { makePeople, makeQueries } from './bench-walkin-people';
import { runBench, type Teardown } from './bench-lifecycle';
import { startPreview } from './preview-server';
import { envCount } from './bench-env';

const VISITORS = envCount('BENCH_VISITORS', 50_000);
const QUERIES = envCount('BENCH_QUERIES', 300);
const FORMS = envCount('BENCH_FORMS', 30);
const WARMUP_QUERIES = 20;
const WARMUP_FORMS = 3;
const CHUNK = 2_000;

/** The built DejaVu assets (hashed names), as the renderer's PrintFontCache fetches them. */
function fontUrls(): { regular: string; bold: string } {
  const assets = readdirSync(join('dist', 'renderer', 'assets'));
  const regular = assets.find((f) => /^DejaVuSans-[\w-]{8}\.ttf$/.test(f));
  const bold = assets.find((f) => f.startsWith('DejaVuSans-Bold-') && f.endsWith('.ttf'));
  if (regular === undefined || bold === undefined) {
    throw new Error('no DejaVu font in dist/renderer/assets: build the renderer first');
  }
  return { regular: `./assets/${regular}`, bold: `./assets/${bold}` };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

async function main(teardown: Teardown): Promise<void> {
  const fonts = fontUrls();
  const bundle = await bundlePage(join(import.meta.dirname, 'bench-walkin-page.ts'));
  const profile = await mkdtemp(join(tmpdir(), 'kiosk-bench-walkin-'));
  teardown.add(() => rm(profile, { recursive: true, force: true }));
  const server = await startPreview();
  teardown.add(() => server.stop());
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
  });
  teardown.add(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const call = pageApi<WalkinBenchPage>(page, 'walkinBench');
  // tsx compiles with esbuild's keepNames: the functions handed to the page call `__name`.
  await page.addInitScript('globalThis.__name = (fn) => fn;');
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page] ${m.text()}`);
  });
  await page.goto(`${server.origin}/`);
  await page.getByTestId('screen-home').waitFor({ timeout: 30_000 });
  // Evaluated through CDP, which the page's CSP does not govern.
  await page.evaluate(bundle);

  const people = makePeople(VISITORS);
  const t0 = Date.now();
  for (let offset = 0; offset < people.length; offset += CHUNK) {
    await call('seed', { people: people.slice(offset, offset + CHUNK), offset });
  }
  const counts = await call('counts', undefined);
  console.log(
    `seeded ${counts.visitors} visitors and ${counts.visits} visits in ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  // A fresh page, as after a kiosk restart: nothing of the seeding stays in memory.
  await page.reload();
  await page.getByTestId('screen-home').waitFor({ timeout: 30_000 });
  await page.evaluate(bundle);

  const queries = makeQueries(people, QUERIES + WARMUP_QUERIES);
  const searched = (await call('search', queries))
    .map((s, i) => ({ ...s, query: queries[i] ?? '' }))
    .slice(WARMUP_QUERIES);
  const search = summarize(searched.map((s) => s.ms));
  const empty = searched.filter((s) => s.found === 0).length;
  console.log(
    `search: ${search.n} queries over ${counts.visitors} visitors, min ${search.min.toFixed(1)} ms, ` +
      `p50 ${search.p50.toFixed(1)} ms, p95 ${search.p95.toFixed(1)} ms, max ${search.max.toFixed(1)} ms; ` +
      `${empty} found nobody`,
  );
  // Every query is made from a stored person: a search finding nobody means the store or the
  // index is not what the benchmark claims to measure (e.g. visitors purged at start).
  if (empty > searched.length / 10) {
    throw new Error(`${String(empty)} of ${String(searched.length)} searches found nobody`);
  }
  const slowest = [...searched].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(
    `slowest: ${slowest.map((s) => `"${s.query}" ${s.ms.toFixed(1)} ms (${s.found})`).join(', ')}`,
  );

  const forms = makePeople(FORMS + WARMUP_FORMS, 99);
  const runs = await call('registerToPdf', { forms, fontUrls: fonts });
  const [cold] = runs;
  const reg = summarize(runs.slice(WARMUP_FORMS).map((r) => r.ms));
  console.log(
    `submit to badge PDF: ${reg.n} walk-ins, first (cold, fonts fetched) ${(cold?.ms ?? 0).toFixed(1)} ms, ` +
      `then min ${reg.min.toFixed(1)} ms, p50 ${reg.p50.toFixed(1)} ms, p95 ${reg.p95.toFixed(1)} ms, ` +
      `max ${reg.max.toFixed(1)} ms; label PDF ${String(runs.at(-1)?.bytes ?? 0)} bytes`,
  );
  console.log(
    JSON.stringify({
      search_p95_ms: round(search.p95),
      register_to_pdf_p95_ms: round(reg.p95),
    }),
  );
}

await runBench(main);
