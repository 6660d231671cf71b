import { describe, expect, it } from 'vitest';
import { erasePerson } from '../admin/admin';
import { compactErasures } from '../sync/compaction';
import { purgeExpiredVisitors } from '../sync/retention';
import { hubPut, personWith } from '../test-support/hub-writes';
import { closeOpenVisits, PERIOD, seedNetwork } from '../test-support/indicator-network';
import { attendanceCounts, witnessIndicators } from '../test-support/indicator-witness';
import { withRawDb, type RawDb } from '../test-support/raw-db';
import { useStoreFixture } from '../test-support/store-fixture';
import { storeCases } from '../test-support/stores';
import type { IndicatorPeriod } from './indicators-rows';
import { rebuildPresence } from './migration-16-presence';
import type { HubStore, RecordRow } from './store';

const NOW = Date.UTC(2026, 11, 20);
const DAY = 86_400_000;
/** Edge days and whole months; days only; a month and its edges at two spaces. */
const PERIODS: readonly IndicatorPeriod[] = [
  { from: '2026-08-20', to: '2026-11-10' },
  { from: '2026-10-03', to: '2026-10-29' },
  { from: '2026-09-30', to: '2026-11-02', spaces: ['be-liege', 'fr-cayenne'] },
  PERIOD,
];
const TABLES = {
  days: `SELECT space, day, member, block, bits FROM presence_days ORDER BY space, day, member, block`,
  months: `SELECT space, month, member, block, bits FROM presence_months
    ORDER BY space, month, member, block`,
  firsts: `SELECT person_key, first_at, first_space, tied FROM person_first ORDER BY person_key`,
  ordinals: `SELECT person_key, member, ordinal FROM person_ordinals ORDER BY person_key`,
};

const asText = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.values(r).map((v) => String(v)));

/** Runs one statement of a rebuild on the raw database. */
const runOn = (raw: RawDb) => (statement: string) =>
  /^\s*(SELECT|WITH)/i.test(statement) ? raw.query(statement) : raw.exec(statement).then(() => []);

async function readTables(raw: RawDb) {
  const out: Record<string, string[][]> = {};
  for (const [name, query] of Object.entries(TABLES)) out[name] = asText(await raw.query(query));
  return out;
}

/** The presence tables as the writes kept them, and as migration 16's rebuild counts them. */
/** The keys of `keys` still in `person_ordinals` or `person_first`. */
async function keysIn(url: string, keys: readonly string[]): Promise<string[]> {
  const list = keys.map((k) => `'${k}'`).join(', ');
  return withRawDb(url, async (raw) => {
    const rows = await raw.query(
      `SELECT person_key FROM person_ordinals WHERE person_key IN (${list})
       UNION ALL SELECT person_key FROM person_first WHERE person_key IN (${list})`,
    );
    return rows.map((r) => String(r['person_key']));
  });
}

/** Visitor keys in `person_ordinals` or `person_first` whose visitor record is erased. */
async function purgedKeysIn(url: string): Promise<string[]> {
  return withRawDb(url, async (raw) => {
    const rows = await raw.query(
      `SELECT k.person_key FROM (SELECT person_key FROM person_ordinals
         UNION ALL SELECT person_key FROM person_first) k
       JOIN records r ON r.tbl = 'visitors' AND 'visitor:' || r.record_id = k.person_key
       WHERE r.erased = 1`,
    );
    return rows.map((r) => String(r['person_key']));
  });
}

async function expectRebuilt(url: string): Promise<Record<string, string[][]>> {
  const { kept, rebuilt } = await withRawDb(
    url,
    async (raw) => {
      const kept = await readTables(raw);
      await raw.exec('BEGIN');
      try {
        await rebuildPresence(raw.kind, runOn(raw));
        return { kept, rebuilt: await readTables(raw) };
      } finally {
        await raw.exec('ROLLBACK');
      }
    },
    { write: true },
  );
  expect(rebuilt.days?.length).toBeGreaterThan(100);
  expect(rebuilt.months?.length).toBeGreaterThan(20);
  expect(kept).toEqual(rebuilt);
  return rebuilt;
}

/** The distinct counts of the store against the witness's, for every period above. */
async function expectCounts(store: HubStore, url: string): Promise<void> {
  for (const period of PERIODS) {
    const want = await witnessIndicators(url, period);
    expect(await store.indicators.uniquePeople(period)).toEqual(want.uniquePeople);
    expect(await store.indicators.newReturning(period)).toEqual(want.newReturning);
    // Event attendance's first-time visitors read person_first (decision 0049).
    expect(attendanceCounts(await store.indicators.eventAttendance(period))).toEqual(
      want.attendees,
    );
  }
  const all = await witnessIndicators(url, PERIODS[0] ?? PERIOD);
  expect(await store.indicators.networkTotals(PERIODS[0] ?? PERIOD)).toEqual({
    visits: all.visits,
    ...all.uniquePeople.total,
    crossBorder: all.crossBorder.total,
  });
}

/** Rewrites stored visits through the sync transaction, without a log entry (a hub repair). */
async function rewriteVisits(
  store: HubStore,
  ids: readonly string[],
  change: (row: RecordRow) => RecordRow,
): Promise<void> {
  await store.syncTransaction(async (tx) => {
    const rows = await tx.loadRecords(ids.map((recordId) => ({ table: 'visits', recordId })));
    expect(rows.size).toBe(ids.length);
    await tx.write([...rows.values()].map(change), []);
  });
}

describe.each(storeCases())('presence rows on $name', (storeCase) => {
  const f = useStoreFixture(storeCase);

  it('equal their rebuild and give the witness’s distinct counts after every path', async () => {
    const { db, store } = f;
    await seedNetwork(store);
    expect((await expectRebuilt(db.url)).firsts?.length).toBeGreaterThan(20);
    await expectCounts(store, db.url);
    expect(await closeOpenVisits(store, NOW)).toBeGreaterThan(100);
    await expectRebuilt(db.url);
    // Visits moved a month back, to another space, to another person, and deleted.
    await rewriteVisits(store, ['x-00010', 'x-00011'], (r) =>
      r.state.kind === 'visit' && r.state.checkIn
        ? {
            ...r,
            state: {
              ...r.state,
              checkIn: { ...r.state.checkIn, checkInAt: r.state.checkIn.checkInAt - 31 * DAY },
            },
          }
        : r,
    );
    await rewriteVisits(store, ['x-00012'], (r) =>
      r.state.kind === 'visit'
        ? { ...r, ownerSpace: 'fr-cayenne', state: { ...r.state, spaceId: 'fr-cayenne' } }
        : r,
    );
    await rewriteVisits(store, ['x-00013'], (r) =>
      r.state.kind === 'visit' && r.state.checkIn
        ? {
            ...r,
            personKey: 'visitor:v-07',
            state: {
              ...r.state,
              checkIn: { ...r.state.checkIn, personKind: 'visitor', personId: 'v-07' },
            },
          }
        : r,
    );
    await rewriteVisits(store, ['x-00014', 'x-00015'], (r) => ({
      ...r,
      state: { kind: 'deleted' },
    }));
    await expectRebuilt(db.url);
    await expectCounts(store, db.url);
    // A space's zone changes: its rows are counted again in the new one.
    await hubPut(
      store,
      'spaces',
      [await personWith(store, 'spaces', 'be-liege', { timezone: 'Asia/Kolkata' })],
      NOW,
    );
    await expectRebuilt(db.url);
    await expectCounts(store, db.url);
    await erasePerson(store, 'members', 'm-01', NOW);
    await erasePerson(store, 'visitors', 'v-05', NOW);
    await expectRebuilt(db.url);
    await expectCounts(store, db.url);
    // An erased person's key is not kept in the presence tables (no trace, docs/gdpr.md).
    expect(await keysIn(db.url, ['member:m-01', 'visitor:v-05'])).toEqual([]);
    const { purged } = await purgeExpiredVisitors(store, Date.UTC(2028, 0, 1));
    expect(purged).toBeGreaterThan(30);
    // Nor a purged visitor's: every visitor key left has a live (not erased) visitor record.
    expect(await purgedKeysIn(db.url)).toEqual([]);
    await expectRebuilt(db.url);
    await expectCounts(store, db.url);
    const { compacted } = await compactErasures(store);
    expect(compacted).toBeGreaterThan(30);
    await expectRebuilt(db.url);
  }, 120_000);

  it('builds the presence rows of a hub with visits in place: the same figures before and after', async () => {
    const figures = async (store: HubStore) =>
      Promise.all(
        PERIODS.map(async (p) => ({
          unique: await store.indicators.uniquePeople(p),
          newReturning: await store.indicators.newReturning(p),
        })),
      );
    await seedNetwork(f.store);
    const before = await figures(f.store);
    await f.store.close();
    // The hub as it was before migration 16: none of its tables, version 15 (17 and 18 run
    // again; 19's column and index undone, so it runs again too).
    await withRawDb(
      f.db.url,
      (raw) =>
        raw.exec(`DROP TABLE person_ordinals; DROP TABLE person_ordinal_next;
          DROP TABLE presence_days; DROP TABLE presence_months; DROP TABLE person_first;
          DROP INDEX agenda_occurrences_series; ALTER TABLE agenda_occurrences DROP COLUMN series;
          CREATE INDEX agenda_occurrences_uid ON agenda_occurrences (uid);
          DELETE FROM hub_migrations WHERE version >= 16`),
      { write: true },
    );
    f.store = await f.db.open();
    expect(await figures(f.store)).toEqual(before);
    await expectCounts(f.store, f.db.url);
    await expectRebuilt(f.db.url);
  }, 60_000);
});
