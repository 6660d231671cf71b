/**
 * `npm run bench:fleet` (issue 12): the network's night at scale. 100 spaces with two kiosks
 * each; every kiosk is a protocol client in Node (scripts/bench-fleet/fleet-kiosk.ts), enrolled
 * through `POST /v1/enrol`, which first pulls the hub's snapshot (spaces, members), then over the
 * night writes 1 000 records (visitors and their visits, members' visits, a tenth across the
 * border) and syncs them in rounds, its start jittered over a window, and at the end pulls to the
 * head. Three scenarios, each on a fresh database, hubs as child processes over real HTTP: one
 * hub on SQLite, one on PostgreSQL, two hub processes on one PostgreSQL (each space's kiosks on
 * different hubs). Then every record is counted at the hub (its change log and rows, read with
 * SQL) and at each kiosk (the copies its pulls delivered): lost and duplicated are computed.
 * Timed: from the night's first start to the last kiosk at the head (enrolment and the snapshot
 * pull are reported apart). Runs under scripts/with-postgres.sh; prints one JSON line last.
 * Sizes (env): BENCH_FLEET_SPACES (100), BENCH_FLEET_RECORDS (1000 per kiosk),
 * BENCH_FLEET_MEMBERS (20 per space), BENCH_FLEET_WINDOW_S (20), BENCH_FLEET_ROUNDS (4),
 * BENCH_FLEET_GAP_S (2); BENCH_FLEET_ONLY (scenario names, comma-separated).
 */
import { runBench, type Teardown } from './bench-lifecycle';
import { fleetPlan, type FleetSize } from './bench-fleet/fleet-data';
import { startFleetHubs } from './bench-fleet/fleet-hubs';
import { FleetKiosk } from './bench-fleet/fleet-kiosk';
import { runNight, type NightSchedule } from './bench-fleet/fleet-night';
import { countNight, type NightCount } from './bench-fleet/fleet-count';
import { cpuProbe, type CpuReport } from './bench-fleet/cpu-meter';
import { envCount } from './bench-env';

const SIZE: FleetSize = {
  spaces: envCount('BENCH_FLEET_SPACES', 100),
  kiosksPerSpace: 2,
  membersPerSpace: envCount('BENCH_FLEET_MEMBERS', 20),
  recordsPerKiosk: envCount('BENCH_FLEET_RECORDS', 1000),
};
const SCHEDULE: NightSchedule = {
  windowMs: envCount('BENCH_FLEET_WINDOW_S', 20) * 1000,
  rounds: envCount('BENCH_FLEET_ROUNDS', 4),
  gapMs: envCount('BENCH_FLEET_GAP_S', 2, 0) * 1000,
};
/** Kiosks enrolling or taking their snapshot at once (setup, not timed as the night). */
const SETUP_CONCURRENCY = 20;

interface Scenario {
  readonly name: 'sqlite_s' | 'pg_s' | 'pg_two_hubs_s';
  readonly store: 'sqlite' | 'postgres';
  readonly hubs: number;
}

const ALL_SCENARIOS: readonly Scenario[] = [
  { name: 'sqlite_s', store: 'sqlite', hubs: 1 },
  { name: 'pg_s', store: 'postgres', hubs: 1 },
  { name: 'pg_two_hubs_s', store: 'postgres', hubs: 2 },
];
/** BENCH_FLEET_ONLY=pg_s,… runs only those (to profile one); the others print null. */
const ONLY = process.env['BENCH_FLEET_ONLY']?.split(',');
const SCENARIOS = ALL_SCENARIOS.filter((s) => ONLY === undefined || ONLY.includes(s.name));

/** Runs `fn` over `items`, at most `limit` at a time; rejects with the first failure. */
async function inBatches<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += limit)
    await Promise.all(items.slice(i, i + limit).map(fn));
}

/** A teardown whose stops can also be run early (at the end of a scenario), once either way. */
function scoped(outer: Teardown): Teardown & { stopAll(): Promise<void> } {
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  outer.add(stopAll);
  return { add: (stop) => void stops.push(stop), stopAll };
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;

async function scenario(
  s: Scenario,
  outer: Teardown,
): Promise<{ night: number; count: NightCount; cpu: CpuReport }> {
  const teardown = scoped(outer);
  const plan = fleetPlan(SIZE, Date.now());
  const { db, hubs, codes } = await startFleetHubs(s.store, s.hubs, plan, teardown);
  // Each space's kiosks go to different hubs when there are two: a record crosses hubs to its peer.
  const kiosks = plan.kiosks.map(
    (p, i) => new FleetKiosk(p, (hubs[i % hubs.length] ?? hubs[0])?.url ?? ''),
  );
  let t = performance.now();
  await inBatches(kiosks, SETUP_CONCURRENCY, (k) => k.enrol(codes.get(k.plan.kioskId) ?? ''));
  const enrolMs = performance.now() - t;
  t = performance.now();
  await inBatches(kiosks, SETUP_CONCURRENCY, (k) => k.pullToHead());
  const snapshotMs = performance.now() - t;
  const probe = cpuProbe(
    hubs.map((h) => h.proc.pid ?? 0),
    s.store === 'postgres' ? new URL(db.url).port : null,
  );
  const night = await runNight(kiosks, SCHEDULE);
  const cpu = probe.stop(night.totalS);
  const count = await countNight(plan, kiosks, db.url);
  console.log(
    `${s.name.replace(/_s$/, '')}: ${kiosks.length} kiosks, ${count.records} records in ` +
      `${night.totalS.toFixed(2)} s (all pushed at ${night.pushedS.toFixed(2)} s; the schedule ` +
      `alone takes ${night.scheduledS.toFixed(2)} s; slowest sync ${night.slowestSyncS.toFixed(2)} s); ` +
      `enrolment ${seconds(enrolMs)} s, snapshot pull ${seconds(snapshotMs)} s; ${count.summary}; ` +
      `CPU ${cpu.summary}`,
  );
  await teardown.stopAll();
  return { night: night.totalS, count, cpu };
}

async function main(teardown: Teardown): Promise<void> {
  const result: Record<string, number | null> = {
    kiosks: 0,
    records: 0,
    ...Object.fromEntries(ALL_SCENARIOS.map((s) => [s.name, null])),
  };
  let lost = 0;
  let duplicated = 0;
  for (const s of SCENARIOS) {
    const { night, count } = await scenario(s, teardown);
    result['kiosks'] = count.kiosks;
    result['records'] = count.records;
    result[s.name] = Math.round(night * 100) / 100;
    lost += count.lost;
    duplicated += count.duplicated;
  }
  console.log(JSON.stringify({ ...result, lost, duplicated }));
  if (lost > 0 || duplicated > 0) throw new Error(`${lost} lost, ${duplicated} duplicated`);
}

await runBench(main);
