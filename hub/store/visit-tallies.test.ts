import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erasePerson } from '../admin/admin';
import { compactErasures } from '../sync/compaction';
import { purgeExpiredVisitors } from '../sync/retention';
import { hubPut, personWith } from '../test-support/hub-writes';
import { closeOpenVisits, seedNetwork } from '../test-support/indicator-network';
import { withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { visitTallyRebuild } from './migration-13-visit-tallies';
import type { HubStore } from './store';

const NOW = Date.UTC(2026, 11, 20);
const HOURS = `SELECT hour_at, space, visits, closed, stay_ms FROM visit_hours
  WHERE visits <> 0 OR closed <> 0 OR stay_ms <> 0 ORDER BY hour_at, space`;
const ORIGINS = `SELECT hour_at, space, origin, member, visits FROM visit_origins
  WHERE visits <> 0 ORDER BY hour_at, space, origin, member`;

/** Rows with every value as text (PostgreSQL's BIGINTs come back as strings, SQLite's as numbers). */
const asText = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.values(r).map((v) => String(v)));

/**
 * The tallies as the writes kept them, and as migration 13's rebuild counts them from the rows
 * (run in a transaction that is rolled back, so the store's tables stay as they were).
 */
async function keptAndRebuilt(url: string) {
  return withRawDb(
    url,
    async (raw) => {
      const kept = {
        hours: asText(await raw.query(HOURS)),
        origins: asText(await raw.query(ORIGINS)),
      };
      await raw.exec('BEGIN');
      try {
        for (const statement of visitTallyRebuild(raw.kind)) await raw.exec(statement);
        const rebuilt = {
          hours: asText(await raw.query(HOURS)),
          origins: asText(await raw.query(ORIGINS)),
        };
        return { kept, rebuilt };
      } finally {
        await raw.exec('ROLLBACK');
      }
    },
    { write: true },
  );
}

async function expectExact(url: string): Promise<void> {
  const { kept, rebuilt } = await keptAndRebuilt(url);
  // A comparison of empty tables would prove nothing.
  expect(rebuilt.hours.length).toBeGreaterThan(100);
  expect(rebuilt.origins.length).toBeGreaterThan(100);
  expect(kept).toEqual(rebuilt);
}

describe.each(storeCases())('the indicators’ tallies on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeAll(async () => {
    db = await storeCase.create();
    store = await db.open();
    await seedNetwork(store);
  }, 30_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('equal their rebuild from the rows after every path that changes a visit or an origin', async () => {
    await expectExact(db.url);
    // Check-outs: every open visit closed an hour after its check-in.
    expect(await closeOpenVisits(store, NOW)).toBeGreaterThan(100);
    await expectExact(db.url);
    // A member moves home to another country; a visitor's country changes, another's goes.
    await hubPut(
      store,
      'members',
      [await personWith(store, 'members', 'm-03', { homeSpaceId: 'fr-lille' })],
      NOW,
    );
    await hubPut(
      store,
      'visitors',
      [
        await personWith(store, 'visitors', 'v-01', { country: 'nl' }),
        await personWith(store, 'visitors', 'v-02', { country: undefined }),
      ],
      NOW,
    );
    await expectExact(db.url);
    await erasePerson(store, 'members', 'm-01', NOW);
    await erasePerson(store, 'visitors', 'v-05', NOW);
    await expectExact(db.url);
    const { purged } = await purgeExpiredVisitors(store, Date.UTC(2028, 0, 1));
    expect(purged).toBeGreaterThan(30);
    await expectExact(db.url);
    const { compacted } = await compactErasures(store);
    expect(compacted).toBeGreaterThan(30);
    await expectExact(db.url);
  }, 60_000);
});
