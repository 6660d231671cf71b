/**
 * Sync benchmark (issue #4), end to end on loopback. Run: `npm run bench:sync` (builds the
 * renderer, then runs this under scripts/with-postgres.sh so PostgreSQL is measured too).
 * (a) Push: 100 000 check-ins queued in the built kiosk's IndexedDB (Debian Chromium, persistent
 *     profile on disk; each visit and its outbox entry written together, as the badge flow does),
 *     then one "Sync now": the app's own SyncEngine pushes them over the IPC double to main's real
 *     registrar, handlers and hub client, which gzips them to the real hub (child process, SQLite).
 *     backlog_total_s runs from the request to the moment the engine, its outbox empty, moves on
 *     to pull; whole_sync_s to the end of that sync, outbox empty and cursor at the hub's head (the
 *     kiosk's own writes are not pulled back: protocol rule 12); bytes_per_record is the gzipped
 *     push bodies as sent by the hub client / records.
 * (b) Pull: a second kiosk of the same space, empty profile, syncs: the hub's 100 000 visits
 *     arrive in pages; then the same records are bulkPut into a fresh database of the same class
 *     in batches of the engine's transaction size, for comparison.
 * (c) Hub ingest alone: scripts/bench-hub-ingest.ts, in its own process, on SQLite and PostgreSQL.
 * Prints figures, then ONE JSON line last. Sizes: BENCH_VISITS, BENCH_INGEST_MUTATIONS;
 * BENCH_RENDERER_DIR serves another renderer build than dist/renderer; a sync that reports no end
 * within BENCH_SYNC_DEADLINE_MS (default 5 min) fails the bench.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundlePage } from './bench-page-harness';
import { runBench, type Teardown } from './bench-lifecycle';
import { startPreview } from './preview-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_SPACES } from '#shared/demo/demo-data';
import { chromiumArgs, chromiumPath } from './chromium';
import { startSyncHub, type SyncHub } from '../e2e/support/sync-hub';
import { createBenchMain, type BenchMain } from './bench-sync-main';
import type { SyncBenchPage } from './bench-sync-page';
import { envCount } from './bench-env';

const VISITS = envCount('BENCH_VISITS', 100_000);
const INGEST_MUTATIONS = envCount('BENCH_INGEST_MUTATIONS', 100_000);
/** Changes per Dexie transaction in the engine's pull (`pullChunk`, renderer/src/lib/sync/sync-engine-options.ts). */
const PULL_PAGE = 500;
/** A renderer build elsewhere than dist/renderer (vite preview's --outDir), e.g. a scratch build. */
const RENDERER_DIR = process.env['BENCH_RENDERER_DIR'];
const SPACE = 'co-nnexion-mons';
/** How long one sync may take before the bench gives up (BENCH_SYNC_DEADLINE_MS). */
const SYNC_DEADLINE_MS = envCount('BENCH_SYNC_DEADLINE_MS', 300_000);

interface Kiosk {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly main: BenchMain;
  close(): Promise<void>;
}

async function openKiosk(
  hub: SyncHub,
  origin: string,
  kioskId: string,
  bundle: string,
): Promise<Kiosk> {
  const profile = await mkdtemp(join(tmpdir(), 'bench-sync-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
  });
  const main = await createBenchMain({
    kioskId,
    spaceId: SPACE,
    hubUrl: hub.url,
    enrolmentCode: await hub.enrolmentCode(SPACE),
    appOrigin: origin,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // tsx compiles this file with esbuild's keepNames, which wraps the functions handed to the page
  // in calls to its `__name` helper; the page needs the helper (a string is not transformed).
  await page.addInitScript('globalThis.__name = (fn) => fn;');
  await main.install(page);
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[${kioskId}] ${m.text()}`);
  });
  await page.goto(`${origin}/`);
  await page
    .getByTestId('screen-home')
    .waitFor({ timeout: 30_000 })
    .catch(async (e: unknown) => {
      console.error(await page.locator('#app').innerText());
      throw e;
    });
  // Evaluated through CDP, which the page's CSP does not govern (an inline script tag would be).
  await page.evaluate(bundle);
  return {
    context,
    page,
    main,
    async close() {
      await context.close();
      await main.dispose();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The page helper's methods, called from Node (arguments and results cross as JSON). */
function bench(page: Page): SyncBenchPage {
  const call =
    (name: keyof SyncBenchPage) =>
    (...args: unknown[]) =>
      page.evaluate(
        ([n, a]) => {
          const api = (globalThis as unknown as { syncBench: Record<string, unknown> }).syncBench;
          return (api[n] as (...x: unknown[]) => Promise<unknown>)(...a);
        },
        [name, args] as const,
      ) as never;
  return {
    seedBacklog: call('seedBacklog'),
    counts: call('counts'),
    bulkPutBaseline: call('bulkPutBaseline'),
  };
}

/**
 * Asks for a sync the way the host's "Sync now" does; resolves with [requestedAt, endedAt] when
 * the page reports the run's end to main (its status report, sent after every run). Waiting reads
 * main's side only: the page's database is not opened while it syncs, which would take the
 * browser's time from the sync being measured. Rejects when the run reports an error, or when no
 * end is reported within SYNC_DEADLINE_MS (the bench then stops what it started).
 */
async function syncOnce(kiosk: Kiosk): Promise<[number, number]> {
  const before = kiosk.main.reports.at(-1)?.lastSyncOkAt ?? null;
  const seen = kiosk.main.reports.length;
  const requestedAt = Date.now();
  kiosk.main.requestSync();
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    if (Date.now() - requestedAt > SYNC_DEADLINE_MS) {
      const calls = kiosk.main.calls.length;
      throw new Error(
        `no end of sync reported within ${String(SYNC_DEADLINE_MS / 1000)} s (${String(calls)} hub calls made)`,
      );
    }
    for (const report of kiosk.main.reports.slice(seen)) {
      if (report.lastErrorCode !== null) throw new Error(`sync failed: ${report.lastErrorCode}`);
      if (report.lastSyncOkAt !== null && report.lastSyncOkAt !== before) {
        return [requestedAt, report.lastSyncOkAt];
      }
    }
  }
}

function hubCount(hub: SyncHub, sql: string): number {
  return hub.query((db) => (db.prepare(sql).get() as { n: number }).n);
}

async function hubIngest(): Promise<Record<string, number | null>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'bench-hub-ingest.ts')],
    { env: { ...process.env, BENCH_MUTATIONS: String(INGEST_MUTATIONS) }, maxBuffer: 1 << 20 },
  );
  const lines = stdout.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(`hub ingest ${line}`);
  return JSON.parse(lines.at(-1) ?? '{}') as Record<string, number | null>;
}

/** Milliseconds during which at least one of `calls` was running. */
function busyMs(calls: readonly { startedAt: number; endedAt: number }[]): number {
  let busy = 0;
  let until = -Infinity;
  for (const c of [...calls].sort((x, y) => x.startedAt - y.startedAt)) {
    busy += Math.max(0, c.endedAt - Math.max(c.startedAt, until));
    until = Math.max(until, c.endedAt);
  }
  return busy;
}

const rate = (n: number, ms: number): number => Math.round((n * 1000) / ms);

async function main(teardown: Teardown): Promise<void> {
  const bundle = await bundlePage(join(import.meta.dirname, 'bench-sync-page.ts'));
  const server = await startPreview(RENDERER_DIR);
  teardown.add(() => server.stop());
  const hub = await startSyncHub();
  teardown.add(() => hub.dispose());
  const kiosks: Kiosk[] = [];
  teardown.add(async () => {
    for (const k of kiosks) await k.close();
  });
  await hub.importCsv(
    'spaces',
    [
      'id,name,city,country,timezone,languages',
      ...DEMO_SPACES.map(
        (x) => `${x.id},${x.name},${x.city},${x.country},${x.timezone},${x.languages.join(';')}`,
      ),
    ].join('\n'),
  );

  const a = await openKiosk(hub, server.origin, 'mons-desk-1', bundle);
  kiosks.push(a);
  const seedStart = Date.now();
  await bench(a.page).seedBacklog({
    count: VISITS,
    chunk: 5000,
    spaceId: SPACE,
    kioskId: 'mons-desk-1',
  });
  console.log(
    `seeded ${VISITS} visits + outbox entries in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const [requested, ended] = await syncOnce(a);
  const pushes = a.main.calls.filter((c) => c.kind === 'push');
  const firstPullAfterPush = a.main.calls.find(
    (c) => c.kind === 'pull' && pushes.length > 0 && c.startedAt >= (pushes.at(-1)?.endedAt ?? 0),
  );
  if (firstPullAfterPush === undefined) throw new Error('no pull followed the pushes');
  const backlogMs = firstPullAfterPush.startedAt - requested;
  const pushedRecords = pushes.reduce((s, c) => s + c.records, 0);
  const pushBytes = a.main.pushBytes();
  const hubVisits = hubCount(hub, "SELECT count(*) AS n FROM records WHERE tbl = 'visits'");
  const left = await bench(a.page).counts();
  const head = hubCount(hub, 'SELECT value AS n FROM hub_sequencer WHERE id = 1');
  if (hubVisits !== VISITS || left.outbox !== 0 || pushedRecords !== VISITS) {
    throw new Error(
      `push incomplete: hub ${hubVisits}, outbox ${left.outbox}, sent ${pushedRecords}`,
    );
  }
  if (left.cursor !== head) throw new Error(`cursor ${left.cursor} is not the head ${head}`);
  const wholeMs = ended - requested;
  // What kiosk A pulled in that sync: the spaces, not its own visits (rule 12).
  const pulledByA = a.main.calls
    .filter((c) => c.kind === 'pull')
    .reduce((s, c) => s + c.records, 0);
  // Batches overlap: the time with at least one push inside main's hub client.
  const hubMs = busyMs(pushes);
  console.log(
    `push: ${VISITS} visits in ${(backlogMs / 1000).toFixed(2)} s (${rate(VISITS, backlogMs)}/s; ` +
      `${pushes.length} batches; ${(hubMs / 1000).toFixed(2)} s with a push inside main's hub client), ` +
      `${(pushBytes / VISITS).toFixed(1)} gzip bytes/record; whole sync (outbox empty, cursor ` +
      `at the head ${head}, ${pulledByA} records pulled) ${(wholeMs / 1000).toFixed(2)} s`,
  );
  await a.close();
  kiosks.pop();

  const b = await openKiosk(hub, server.origin, 'mons-desk-2', bundle);
  kiosks.push(b);
  const [pullRequested, pullEnded] = await syncOnce(b);
  const pulled = b.main.calls.filter((c) => c.kind === 'pull').reduce((s, c) => s + c.records, 0);
  const got = await bench(b.page).counts();
  if (got.visits !== VISITS) throw new Error(`pull incomplete: ${got.visits} visits stored`);
  const pullMs = pullEnded - pullRequested;
  const baseline = await bench(b.page).bulkPutBaseline({ batch: PULL_PAGE });
  const pullRate = rate(pulled, pullMs);
  const bulkRate = rate(baseline.records, baseline.ms);
  console.log(
    `pull: ${pulled} records in ${(pullMs / 1000).toFixed(2)} s (${pullRate}/s); ` +
      `bulkPut of the same ${baseline.records} visits in batches of ${PULL_PAGE}: ` +
      `${(baseline.ms / 1000).toFixed(2)} s (${bulkRate}/s); pull = ${((100 * pullRate) / bulkRate).toFixed(0)} % of bulkPut`,
  );
  await b.close();
  kiosks.pop();

  const ingest = await hubIngest();
  console.log(
    JSON.stringify({
      push_records_per_s: rate(VISITS, backlogMs),
      pull_records_per_s: pullRate,
      backlog_total_s: Math.round(backlogMs / 10) / 100,
      whole_sync_s: Math.round(wholeMs / 10) / 100,
      bytes_per_record: Math.round((pushBytes / VISITS) * 10) / 10,
      hub_ingest_sqlite_per_s: ingest['hub_ingest_sqlite_per_s'] ?? null,
      hub_ingest_postgres_per_s: ingest['hub_ingest_postgres_per_s'] ?? null,
    }),
  );
}

await runBench(main);
