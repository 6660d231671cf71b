/**
 * bench:reports — the console's indicators over 5 000 000 visits (7 spaces, two years, 50 000
 * members, 100 000 visitors, weekly events), seeded in bulk (bench-reports-seed.ts) on SQLite
 * and, when HUB_TEST_POSTGRES_URL is set (npm run bench:reports goes through
 * scripts/with-postgres.sh), on PostgreSQL. Each indicator is asked for a 12-month period and
 * every space through the store (`HubStore.indicators`: the SQL and the mapping, not HTTP or the
 * exports), once to warm up and then BENCH_RUNS times (default 5); prints each one's p50/p95,
 * then one JSON line: {"pg_indicators_p95_ms": …, "sqlite_indicators_p95_ms": …} (the worst
 * indicator's p95 on each). Targets: PostgreSQL ≤ 500 ms, SQLite ≤ 1 500 ms.
 * Options (env): BENCH_VISITS (default 5000000), BENCH_RUNS. Stores, databases and temp files
 * are closed and removed on every exit path (the PostgreSQL cluster by with-postgres.sh).
 */
import { performance } from 'node:perf_hooks';
import type { IndicatorPeriod } from '#hub/store/indicators-rows';
import type { HubStore } from '#hub/store/store';
import { storeCases, type TestDatabase } from '#hub/test-support/stores';
import { summarize } from './bench-stats';
import { seedPostgres, seedSqlite, type SeedShape } from './bench-reports-seed';
import { envCount } from './bench-env';

const SHAPE: SeedShape = {
  visits: envCount('BENCH_VISITS', 5_000_000),
  members: 50_000,
  visitors: 100_000,
  startMs: Date.UTC(2025, 0, 1),
  days: 730,
};
const RUNS = envCount('BENCH_RUNS', 5);
const PERIOD: IndicatorPeriod = { from: '2025-07-01', to: '2026-07-01' };

const INDICATORS: Record<string, (s: HubStore) => Promise<unknown>> = {
  visitsPerWeek: (s) => s.indicators.visitsPerWeek(PERIOD),
  uniquePeople: (s) => s.indicators.uniquePeople(PERIOD),
  newReturning: (s) => s.indicators.newReturning(PERIOD),
  crossBorder: (s) => s.indicators.crossBorder(PERIOD),
  busiestHours: (s) => s.indicators.busiestHours(PERIOD),
  averageStay: (s) => s.indicators.averageStay(PERIOD),
  eventAttendance: (s) => s.indicators.eventAttendance(PERIOD),
  networkTotals: (s) => s.indicators.networkTotals(PERIOD),
  oneSpace: (s) => s.indicators.uniquePeople({ ...PERIOD, spaces: ['sp-2'] }),
};

async function seed(name: string, db: TestDatabase): Promise<void> {
  const started = performance.now();
  // Opening the store creates and migrates the schema; the seed writes past it.
  await (await db.open()).close();
  if (name === 'sqlite') await seedSqlite(db.url.slice('sqlite:'.length), SHAPE);
  else await seedPostgres(db.url, SHAPE);
  console.log(
    `${name}: seeded ${SHAPE.visits} visits in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function measure(name: string, store: HubStore): Promise<number> {
  let worst = 0;
  for (const [indicator, run] of Object.entries(INDICATORS)) {
    await run(store);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t = performance.now();
      await run(store);
      samples.push(performance.now() - t);
    }
    const s = summarize(samples);
    worst = Math.max(worst, s.p95);
    console.log(`${name} ${indicator}: p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`);
  }
  return Math.round(worst);
}

async function main(): Promise<void> {
  const out: Record<string, number | null> = {
    pg_indicators_p95_ms: null,
    sqlite_indicators_p95_ms: null,
  };
  for (const storeCase of storeCases()) {
    const db = await storeCase.create();
    let store: HubStore | undefined;
    try {
      await seed(storeCase.name, db);
      store = await db.open();
      out[storeCase.name === 'sqlite' ? 'sqlite_indicators_p95_ms' : 'pg_indicators_p95_ms'] =
        await measure(storeCase.name, store);
    } finally {
      await store?.close();
      await db.drop();
    }
  }
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
