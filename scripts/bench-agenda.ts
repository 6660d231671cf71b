/**
 * Agenda benchmark, part (b) of issue 11: in Debian's Chromium at 1920×1080, against the built
 * renderer (demo config) with 20 000 occurrences stored in IndexedDB on disk (spread over a year
 * across the seven spaces and three languages, one in twenty lasting three days):
 * (1) open: from the tap on "Agenda" (its pointerup's `timeStamp`: the end of the tap, which fires
 *     the click the app acts on; a finger's hold before it is not the kiosk's time) to the first
 *     frame that paints the
 *     list's rows (Element Timing `renderTime`, `elementtiming="agenda-row"`), 50 times (3 more to
 *     warm up, the first of which loads the agenda's code), going home between;
 * (2) filter: from the tap (pointerup) on a language filter to the first paint of the new rows,
 *     alternating French and Dutch (disjoint lists, so every row is new), 50 times (3 more first).
 * Leaves out: the touch screen's own latency, and input delivery before the page's event.
 * First, part (a): the hub's import of one generated feed of 5 000 events, a quarter recurring,
 * expanded over 12 months into SQLite (scripts/bench/agenda-import.ts), before the browser starts:
 * five runs in a child process with the hub's V8 settings and its feed worker, the median kept.
 * Last line: {"import_events_per_s": …, "agenda_open_p95_ms": …, "agenda_filter_p95_ms": …}.
 * Run: `npm run bench:agenda`
 * (builds the renderer first); BENCH_EVENTS and BENCH_RUNS lower it for a quick look. The server,
 * the browser and the temp profile are stopped and removed however the run ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AgendaBenchPage } from './bench-agenda-page';
import { BENCH_ORIGIN, launchKiosk } from './bench-badge-seed';
import { runBench, type Teardown } from './bench-lifecycle';
import { bundlePage, pageApi } from './bench-page-harness';
import { summarize, type Summary } from './bench-stats';
import { startPreview } from './preview-server';
import { importBenchInChild } from './bench/agenda-import';
import { envCount } from './bench-env';

const EVENTS = envCount('BENCH_EVENTS', 20_000);
const RUNS = envCount('BENCH_RUNS', 50);
const WARMUP = 3;
/**
 * Runs of part (a); the median is kept. The first is the hub's first import after its start
 * (worker and code cold, reported apart); the hourly imports after it run warm.
 */
const IMPORT_RUNS = 5;
const CHUNK = 2_000;

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Taps `testid` and resolves with the time from that pointerup to the first paint of rows not
 * painted before the tap. Rejects when nothing paints within 10 s.
 */
async function tapToRows(page: Page, testid: string): Promise<number> {
  const call = pageApi<AgendaBenchPage>(page, 'agendaBench');
  const before = (await call('probes', undefined)).paints.length;
  await page.getByTestId(testid).click();
  // Only rows painted after this tap: a late report of the previous list's rows must not count.
  await page.waitForFunction(
    (n) => {
      const { lastPointerUp, paints } = (
        globalThis as unknown as { agendaBench: AgendaBenchPage }
      ).agendaBench.probes();
      return paints.slice(n).some((p) => p.renderTime > lastPointerUp);
    },
    before,
    { polling: 5, timeout: 10_000 },
  );
  const { lastPointerUp, paints } = await call('probes', undefined);
  const fresh = paints.slice(before).filter((p) => p.renderTime > lastPointerUp);
  return Math.min(...fresh.map((p) => p.renderTime)) - lastPointerUp;
}

async function measure(page: Page): Promise<{ open: Summary; filter: Summary }> {
  const opens: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i += 1) {
    const ms = await tapToRows(page, 'open-agenda');
    if (i >= WARMUP) opens.push(ms);
    await page.getByTestId('agenda-home').click();
    await page.getByTestId('screen-home').waitFor();
  }
  await page.getByTestId('open-agenda').click();
  await page.getByTestId('screen-agenda').waitFor();
  const filters: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i += 1) {
    const ms = await tapToRows(page, i % 2 === 0 ? 'agenda-lang-fr' : 'agenda-lang-nl');
    if (i >= WARMUP) filters.push(ms);
  }
  return { open: summarize(opens), filter: summarize(filters) };
}

async function main(teardown: Teardown): Promise<void> {
  const imported = await importBenchInChild(IMPORT_RUNS);
  const profile = await mkdtemp(join(tmpdir(), 'kiosk-bench-agenda-'));
  teardown.add(() => rm(profile, { recursive: true, force: true }));
  const server = await startPreview();
  teardown.add(() => server.stop());
  const context = await launchKiosk(profile, server.origin, { width: 1920, height: 1080 });
  teardown.add(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page] ${m.text()}`);
  });
  // ?screenMs: the idle timeout must not send the agenda home during the filter runs.
  await page.goto(`${BENCH_ORIGIN}?screenMs=600000`);
  await page.getByTestId('screen-home').waitFor({ timeout: 60_000 });
  // tsx compiles with esbuild's keepNames: the functions handed to the page call `__name`.
  await page.evaluate('globalThis.__name = (fn) => fn;');
  await page.evaluate(await bundlePage(join(import.meta.dirname, 'bench-agenda-page.ts')));
  const call = pageApi<AgendaBenchPage>(page, 'agendaBench');
  const now = Date.now();
  const t0 = Date.now();
  for (let from = 0; from < EVENTS; from += CHUNK) {
    await call('seed', { from, to: Math.min(EVENTS, from + CHUNK), total: EVENTS, now });
  }
  const stored = await call('count', undefined);
  console.log(`stored ${stored} occurrences in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The kiosk starts again with them stored (the seed wrote past the app's Dexie, so the agenda's
  // window, read at start, has not seen them); the bench's page script goes with the old page.
  await page.reload();
  await page.getByTestId('screen-home').waitFor({ timeout: 60_000 });
  await page.evaluate('globalThis.__name = (fn) => fn;');
  await page.evaluate(await bundlePage(join(import.meta.dirname, 'bench-agenda-page.ts')));
  const read = await call('windowRead', { now, runs: 10 });
  const reads = summarize(read.ms);
  console.log(
    `agenda window read (at start, after each sync): ${String(read.count)} occurrences, ` +
      `p50 ${reads.p50.toFixed(1)} ms, max ${reads.max.toFixed(1)} ms (10 reads)`,
  );

  const { open, filter } = await measure(page);
  const line = (name: string, s: Summary): string =>
    `${name}: n ${s.n}, min ${s.min.toFixed(1)} ms, p50 ${s.p50.toFixed(1)} ms, ` +
    `p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  console.log(line('tap "Agenda" → list painted', open));
  console.log(line('tap a filter → list repainted', filter));
  console.log(
    JSON.stringify({
      import_events_per_s: imported['import_events_per_s'],
      agenda_open_p95_ms: round(open.p95),
      agenda_filter_p95_ms: round(filter.p95),
    }),
  );
}

await runBench(main);
