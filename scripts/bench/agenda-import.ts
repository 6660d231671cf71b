/**
 * Bench part (a) of `npm run bench:agenda`: the hub's import of one feed of 5 000 events, a
 * quarter of them recurring (the iCalendar core's generator, `../bench-agenda-feed.ts`, seed
 * 11), expanded over the rolling window (1 month back, 12 months ahead of 1 March 2026) and
 * stored in a fresh SQLite hub: fetched from a real local HTTP server, parsed, expanded, written
 * as `events` records through the hub's bulk path for the records it alone writes (validation,
 * merge onto a stored row, change log: decision 0045) with the feed's bookkeeping — all of
 * `importFeed`, timed from the fetch to the last commit; then the same feed again an hour later
 * (the hourly run: parsed, expanded, compared; nothing rewritten, only occurrences the moved
 * window brings in are written). Planned as a serving hub plans it: by the hub's feed worker
 * (one thread, started by the first run and kept, as a serving hub keeps it), main writing each
 * batch while the worker plans the next (decision 0059). Leaves out: the hub's start and the
 * store's creation, kiosks pulling the records, PostgreSQL.
 *
 * Also measured: the longest the event loop was held during each import (a kiosk's request
 * waits that long). Run alone with the hub's V8 settings (HUB_V8_ARGS), as `npm run
 * bench:agenda` runs it (`importBenchInChild`): `node --max-semi-space-size=64 --import tsx
 * scripts/bench/agenda-import.ts [--runs N] [--in-place]` (`--in-place`: planned on the import's
 * thread, for comparison); the last line is `{"import_events_per_s": …}` (the median run's; five
 * runs by default, the first of which is the hub's first import after its start, its worker and
 * code still cold — reported on its own as `first_import_events_per_s`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { importSpacesCsv } from '#hub/admin/admin';
import { execFile } from 'node:child_process';
import { importFeed } from '#hub/agenda/feed-import';
import { feedWorkerPool } from '#hub/agenda/feed-worker-pool';
import { planFeed, type FeedPlanner } from '#hub/agenda/plan-feed';
import { DEFAULT_FETCH_LIMITS } from '#hub/agenda/fetch-feed';
import { addFeed } from '#hub/agenda/feeds-admin';
import { memoryLog } from '#hub/log';
import { openSqliteStore } from '#hub/store/sqlite-store';
import { HUB_V8_ARGS, REPO_ROOT } from '#hub/test-support/hub-command';
import { generateFeed } from '../bench-agenda-feed';

/** The feed is served on 127.0.0.1, which a hub fetches only when allowed to. */
const LOCAL = { ...DEFAULT_FETCH_LIMITS, allowPrivate: true };

/** One import's figures. */
export interface AgendaImportRun {
  readonly events: number;
  readonly occurrences: number;
  readonly feedBytes: number;
  readonly importMs: number;
  readonly eventsPerS: number;
  readonly occurrencesPerS: number;
  /** The same feed imported again an hour later (the hourly case): nothing rewritten. */
  readonly reimportMs: number;
  /**
   * The longest the hub's event loop was held during the import, and during the re-import
   * (`monitorEventLoopDelay`'s maximum): how long a kiosk's request could wait behind it.
   */
  readonly loopHeldMs: number;
  readonly reimportLoopHeldMs: number;
}

/**
 * Runs `work`, resolving with its result, how long it took and the longest the event loop was
 * held meanwhile.
 */
async function holding<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; heldMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const t0 = performance.now();
    const value = await work();
    const ms = performance.now() - t0;
    // The sampling timer fires once more, so a hold that lasted to the end is counted too.
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { value, ms, heldMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const SPACES =
  'id,name,city,country,timezone,languages\nco-nnexion-mons,Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n';

/**
 * Imports the generated feed (`events` events, a quarter recurring) into a fresh SQLite hub in a
 * temporary folder, planned by `planner`, and resolves with the figures; the folder, the store
 * and the feed server are gone when it settles. Rejects when the import fails.
 */
export async function benchAgendaImport(
  planner: FeedPlanner,
  events = 5000,
): Promise<AgendaImportRun> {
  const text = generateFeed({ events, recurringShare: 0.25, seed: 11, start: START });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/calendar', etag: '"bench"' });
    res.end(text);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const dir = mkdtempSync(join(tmpdir(), 'bench-agenda-import-'));
  const store = await openSqliteStore(join(dir, 'hub.sqlite'));
  try {
    if (!(await importSpacesCsv(store, SPACES, START)).ok) throw new Error('spaces not imported');
    const { port } = server.address() as AddressInfo;
    const added = await addFeed(
      store,
      'co-nnexion-mons',
      `http://127.0.0.1:${port}/a.ics`,
      'fr',
      START,
    );
    if (!added.ok) throw new Error(added.error.message);
    const deps = { store, log: memoryLog(), limits: LOCAL, planner };
    const {
      value: result,
      ms: importMs,
      heldMs: loopHeldMs,
    } = await holding(() => importFeed(deps, added.value, START));
    if (!result.ok) throw new Error(result.error.message);
    const occurrences = result.value.imported;
    const feed = await store.agenda.findFeed(added.value.id);
    if (!feed) throw new Error('the feed vanished');
    const {
      value: again,
      ms: reimportMs,
      heldMs: reimportLoopHeldMs,
    } = await holding(() => importFeed(deps, feed, START + 3_600_000));
    // An hour on, the window has moved: a few occurrences enter at its far end, none change.
    if (!again.ok || again.value.changed !== 0) throw new Error('the re-import rewrote records');
    return {
      reimportMs,
      loopHeldMs,
      reimportLoopHeldMs,
      events,
      occurrences,
      feedBytes: Buffer.byteLength(text),
      importMs,
      eventsPerS: events / (importMs / 1000),
      occurrencesPerS: occurrences / (importMs / 1000),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    server.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, 'in-place': { type: 'boolean' } },
  });
  const runs: AgendaImportRun[] = [];
  const pool = feedWorkerPool();
  // --in-place: planned on the import's own thread, as before decision 0059 (for comparison).
  const planner = values['in-place'] ? planFeed : pool.plan;
  try {
    for (let i = 0; i < Math.max(1, Number(values.runs)); i++) {
      const run = await benchAgendaImport(planner);
      runs.push(run);
      process.stdout.write(
        `run ${i + 1}: ${run.occurrences} occurrences in ${run.importMs.toFixed(0)} ms, ` +
          `${run.eventsPerS.toFixed(0)} events/s, ${run.occurrencesPerS.toFixed(0)} occurrences/s; ` +
          `unchanged re-import ${run.reimportMs.toFixed(0)} ms; event loop held at most ` +
          `${run.loopHeldMs.toFixed(0)} ms (re-import ${run.reimportLoopHeldMs.toFixed(0)} ms)\n`,
      );
    }
  } finally {
    await pool.close();
  }
  const median = [...runs].sort((a, b) => a.importMs - b.importMs)[Math.floor(runs.length / 2)];
  if (!median) throw new Error('no run');
  process.stdout.write(
    `${JSON.stringify({
      events: median.events,
      occurrences: median.occurrences,
      import_ms: Math.round(median.importMs),
      import_occurrences_per_s: Math.round(median.occurrencesPerS),
      reimport_unchanged_ms: Math.round(median.reimportMs),
      loop_held_max_ms: Math.round(median.loopHeldMs),
      reimport_loop_held_max_ms: Math.round(median.reimportLoopHeldMs),
      // The hub's first import after it starts: its worker's start and cold code included.
      first_import_ms: Math.round(runs[0]?.importMs ?? 0),
      first_import_events_per_s: Math.round(runs[0]?.eventsPerS ?? 0),
      import_events_per_s: Math.round(median.eventsPerS),
    })}\n`,
  );
}

/**
 * Runs this file in a child process with the hub's V8 settings, `runs` times; streams its lines
 * to this process's output and resolves with its last line's figures. Rejects when it fails.
 */
export function importBenchInChild(runs: number): Promise<Record<string, number>> {
  const args = [...HUB_V8_ARGS, '--import', 'tsx', 'scripts/bench/agenda-import.ts'];
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...args, '--runs', String(runs)],
      { cwd: REPO_ROOT },
      (error, stdout) => {
        if (error) {
          reject(new Error(`The import bench failed: ${error.message}`));
          return;
        }
        const last = stdout.trim().split('\n').at(-1) ?? '';
        resolve(JSON.parse(last) as Record<string, number>);
      },
    );
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
