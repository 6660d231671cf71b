/**
 * Badge benchmark (issue 9): in Debian's Chromium, against the built renderer with 200 000 members
 * (card keys of every derived form) and 1 000 000 visits stored in IndexedDB on disk, taps 200
 * distinct members' cards as a wedge reader types them (10 more to warm up): seven in ten are
 * out (a check-in), three in ten are in the building (a check-out). Per tap, from the Enter key's
 * `event.timeStamp`:
 * (a) greeting: to the paint of the greeting's name, the Element Timing API's `renderTime`
 *     (`elementtiming="greeting-name"` in Welcome.svelte);
 * (b) commit: to the `complete` event of the IndexedDB transaction that wrote the member's visit
 *     together with its outbox entry (observed by wrapping IndexedDB in the page, not by the app).
 * A tap counts only when the screen says what the store says (a check-in greeted as a check-in,
 * with the member's name, and committed as an open visit; a check-out as a closed one); any other
 * outcome fails the run. Also reports the renderer's JS heap after seeding, once the app has
 * started on the seeded store (after a forced GC), and how long that start took.
 *
 * The app runs with `?tapCheckIn=0` (taps for the workspace only): the badge flow alone, as at a
 * desk with no event on. Keys are sent at a reader's pace, each stamped when sent (bench-badge-tap.ts, swipe()): the
 * browser's delivery of the Enter counts, in place of the OS's. Leaves out: the reader's own wire
 * time. Last line: {"greeting_p95_ms", "commit_p95_ms", "heap_mb", "taps"}.
 * Run: `npm run bench:badge` (builds the renderer first). Smaller runs: BENCH_MEMBERS,
 * BENCH_VISITS, BENCH_TAPS; another build: BENCH_RENDERER_DIR (default dist/renderer); keep the
 * seeded store for the next runs: BENCH_SEED_CACHE=<dir> (bench-badge-seed.ts). The renderer is
 * served on a free port (opened at one fixed origin the browser maps to it); the server, browser
 * and temp profile are stopped and removed however the run ends (bench-lifecycle.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { heapMb } from './bench-page-harness';
import { planTaps } from './bench-badge-people';
import { installProbes } from './bench-badge-probes';
import {
  BENCH_ORIGIN,
  copySeed,
  keepSeed,
  keptSeed,
  launchKiosk,
  seedStore,
} from './bench-badge-seed';
import { tap, type TapTimes } from './bench-badge-tap';
import { runBench, type Teardown } from './bench-lifecycle';
import { summarize } from './bench-stats';
import { startPreview } from './preview-server';
import { envCount } from './bench-env';

const MEMBERS = envCount('BENCH_MEMBERS', 200_000);
const VISITS = envCount('BENCH_VISITS', 1_000_000);
const TAPS = envCount('BENCH_TAPS', 200);
// vite preview resolves --outDir against its root (renderer/): hand it an absolute path.
const RENDERER_DIR =
  process.env['BENCH_RENDERER_DIR'] === undefined
    ? undefined
    : resolve(process.env['BENCH_RENDERER_DIR']);
const SEED_CACHE =
  process.env['BENCH_SEED_CACHE'] === undefined
    ? undefined
    : resolve(process.env['BENCH_SEED_CACHE']);
const WARMUP = 10;

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

async function measure(context: BrowserContext, origin: string): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  // tsx compiles with esbuild's keepNames: the functions handed to the page call `__name`.
  await page.addInitScript('globalThis.__name = (fn) => fn;');
  await page.addInitScript(installProbes);
  // Errors, and the wedge detector's warnings: a discarded burst explains a missing greeting.
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`[page] ${m.text()}`);
  });
  // A fresh browser on the seeded store, as a kiosk after a restart.
  const t0 = Date.now();
  // The demo agenda always has an event on at the kiosk's space: without `tapCheckIn=0`, every
  // check-out would stop at the "event or leaving?" question (decision 0025's amendment).
  await page.goto(`${origin}?tapCheckIn=0`);
  await page.getByTestId('screen-home').waitFor({ timeout: 300_000 });
  const startS = (Date.now() - t0) / 1000;
  const cdp = await context.newCDPSession(page);
  const heap = await heapMb(cdp);
  console.log(
    `app start on the seeded store ${startS.toFixed(1)} s; JS heap ${heap.toFixed(1)} MiB`,
  );

  const times: TapTimes[] = [];
  let resent = 0;
  const plan = planTaps(TAPS + WARMUP, MEMBERS);
  // BENCH_CPU_PROFILE=<file>: the renderer's CPU profile over the taps (Chrome DevTools format).
  const cpuProfile = process.env['BENCH_CPU_PROFILE'];
  if (cpuProfile !== undefined) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    // A 20 ms busy loop the analysis finds in the samples: ties the profile's clock to the page's.
    await page.evaluate(() => {
      const t = performance.now();
      (window as unknown as { __profileSync: number }).__profileSync = t;
      const spin = function benchProfileSync(): void {
        while (performance.now() - t < 20);
      };
      spin();
    });
  }
  for (const [i, planned] of plan.entries()) {
    const t = await tap(page, cdp, planned);
    if (process.env['BENCH_DEBUG']) console.log(i, planned.expected, JSON.stringify(t));
    resent += t.resent;
    if (i >= WARMUP) times.push(t);
  }
  if (cpuProfile !== undefined) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(cpuProfile, JSON.stringify(profile));
    const probes = await page.evaluate(() => ({
      sync: (window as unknown as { __profileSync: number }).__profileSync,
      bench: (window as unknown as { __bench: unknown }).__bench,
    }));
    await writeFile(`${cpuProfile}.probes.json`, JSON.stringify(probes));
  }
  const checkOuts = plan.slice(WARMUP).filter((p) => p.expected === 'checked-out').length;
  const g = summarize(times.map((t) => t.greeting));
  const c = summarize(times.map((t) => t.commit));
  const delivery = summarize(times.map((t) => t.delivery));
  const toScreen = summarize(times.map((t) => t.toScreen));
  const line = (name: string, s: typeof g): string =>
    `${name}: min ${s.min.toFixed(1)} ms, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, ` +
    `max ${s.max.toFixed(1)} ms`;
  console.log(
    `taps: ${g.n} (${g.n - checkOuts} check-ins, ${checkOuts} check-outs), all right; ` +
      `${resent} bursts sent again (the runner delivered their keys too far apart)`,
  );
  console.log(line('Enter → greeting painted', g));
  console.log(line('  of which Enter → page handles it', delivery));
  console.log(line('  of which handling → welcome in the DOM', toScreen));
  console.log(line('Enter → visit + outbox committed', c));
  console.log(
    JSON.stringify({
      greeting_p95_ms: round(g.p95),
      commit_p95_ms: round(c.p95),
      heap_mb: round(heap),
      taps: g.n,
    }),
  );
}

async function main(teardown: Teardown): Promise<void> {
  const size = { members: MEMBERS, visits: VISITS };
  const kept = SEED_CACHE === undefined ? null : await keptSeed(SEED_CACHE, size, Date.now());
  const profile = await mkdtemp(join(tmpdir(), 'kiosk-bench-badge-'));
  teardown.add(() => rm(profile, { recursive: true, force: true }));
  const server = await startPreview(RENDERER_DIR);
  teardown.add(() => server.stop());
  if (kept !== null && SEED_CACHE !== undefined) {
    await copySeed(SEED_CACHE, profile);
    const age = ((Date.now() - kept.seededAt) / 60_000).toFixed(0);
    console.log(`store: the kept seed in ${SEED_CACHE} (seeded ${age} min ago)`);
  } else {
    const seededAt = await seedStore(profile, server.origin, size, teardown);
    if (SEED_CACHE !== undefined) await keepSeed(SEED_CACHE, profile, { seededAt, ...size });
  }
  const context = await launchKiosk(profile, server.origin);
  teardown.add(() => context.close());
  await measure(context, BENCH_ORIGIN);
}

await runBench(main);
