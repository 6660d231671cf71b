import { addKiosk, importMembersCsv, importSpacesCsv } from '#hub/admin/admin';
import { spawnHub, type ChildHub } from '#hub/test-support/child-hub';
import { buildHub } from '#hub/test-support/hub-command';
import { storeCases, type TestDatabase } from '#hub/test-support/stores';
import type { Teardown } from '../bench-lifecycle';
import type { FleetPlan } from './fleet-data';

/**
 * BENCH_FLEET_HUB_NODE_ARGS: node options for the hub processes, space-separated (e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a hub's time goes).
 */
const HUB_NODE_ARGS = (process.env['BENCH_FLEET_HUB_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

/**
 * How long a hub may take to start: it loads the console's libraries first, which took over
 * spawnHub's default 20 s on this 2-core machine under a load of 15. Start-up is not timed.
 */
const START_TIMEOUT_MS = 90_000;

/** How long a hub may take to shut down on SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

/** SIGTERM, then SIGKILL if the hub has not exited within `ms`. */
async function stopWithin(hub: ChildHub, ms: number): Promise<void> {
  const timer = setTimeout(() => void hub.kill(), ms);
  try {
    await hub.stop();
  } finally {
    clearTimeout(timer);
  }
}

/** The hubs of one scenario, serving one fresh database, and the kiosks' enrolment codes. */
export interface FleetHubs {
  readonly db: TestDatabase;
  readonly hubs: readonly ChildHub[];
  /** One-time enrolment code per kiosk id. */
  readonly codes: ReadonlyMap<string, string>;
}

/**
 * A fresh database of `store` (PostgreSQL needs HUB_TEST_POSTGRES_URL: scripts/with-postgres.sh)
 * given the plan's spaces and members by the admin's own imports and one enrolment code per
 * kiosk, then `hubCount` hub processes (the bundle of `npm run hub`, real HTTP) on it. Every part is handed
 * to `teardown` as soon as it exists, so a failure anywhere leaves nothing running. Rejects when
 * the store is not available, an import is refused, or a hub does not start.
 */
export async function startFleetHubs(
  store: 'sqlite' | 'postgres',
  hubCount: number,
  plan: FleetPlan,
  teardown: Teardown,
): Promise<FleetHubs> {
  const storeCase = storeCases().find((c) => c.name === store);
  if (storeCase === undefined) {
    throw new Error(
      `no ${store} store: run through scripts/with-postgres.sh (npm run bench:fleet)`,
    );
  }
  const db = await storeCase.create();
  teardown.add(() => db.drop());
  const admin = await db.open();
  const codes = new Map<string, string>();
  try {
    const now = Date.now();
    for (const [what, result] of [
      ['spaces', await importSpacesCsv(admin, plan.spacesCsv, now)],
      ['members', await importMembersCsv(admin, plan.membersCsv, now)],
    ] as const) {
      if (!result.ok) {
        throw new Error(
          `${what} import refused: ${result.error.message} ${JSON.stringify(result.error.details?.slice(0, 3))}`,
        );
      }
    }
    for (const kiosk of plan.kiosks) {
      codes.set(kiosk.kioskId, (await addKiosk(admin, kiosk.spaceId, now)).code);
    }
  } finally {
    await admin.close();
  }
  const hubs: ChildHub[] = [];
  // The hubs run the bundle `npm run hub` runs, built from the sources as they are now.
  buildHub();
  for (let i = 0; i < hubCount; i++) {
    const hub = await spawnHub(db.url, START_TIMEOUT_MS, {}, HUB_NODE_ARGS);
    // Its log lines are not read from here on: drained, so the hub never blocks writing them.
    hub.proc.stdout?.resume();
    teardown.add(() => stopWithin(hub, STOP_GRACE_MS));
    hubs.push(hub);
  }
  return { db, hubs, codes };
}
