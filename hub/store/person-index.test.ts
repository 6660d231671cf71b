import { describe, expect, it } from 'vitest';
import { withRawDb, type RawDb } from '../test-support/raw-db';
import { PERSON_VISITS_SQL } from './engine';
import { useStoreFixture } from '../test-support/store-fixture';
import { storeCases } from '../test-support/stores';

/**
 * Migration 18 (decision 0055): the records have one index by person, `records_person_time`,
 * over every row with a person, and every read by person goes through it — tombstones (no
 * check-in) included, which only the dropped `records_person` reached before.
 */

/**
 * The reads by person (erasure, retention, presence, tallies, the console's visitor page), in
 * the shapes their code writes: `{visits}` stands for the store's `personVisits` term
 * (engine.ts), which on SQLite keeps `tbl` off the primary key.
 */
const READS = {
  // sync-tx.ts loadVisitsOf, people.ts visitsOf: every row, tombstones included.
  'a person’s visits, tombstones included': `SELECT * FROM records
    WHERE {visits} AND person_key = 'member:m1' ORDER BY record_id`,
  // sync-tx.ts: the tombstones' log entries, then their rows.
  'a person’s tombstones': `SELECT change_seq FROM records
    WHERE {visits} AND person_key = 'member:m1' AND erased = 1`,
  'the erasure of a person’s visits': `UPDATE records SET erased = 1
    WHERE {visits} AND person_key = 'member:m1'`,
  // presence.ts stillThere and erasure.
  'a person’s visits at a space in a day': `SELECT record_id FROM records
    WHERE person_key = 'member:m1' AND {visits} AND check_in_at >= 0
      AND check_in_at < 86400000 AND owner_space = 'co-nnexion-mons' LIMIT 1`,
  // visit-tallies.ts storedVisitsOf.
  'a person’s live visits': `SELECT record_id, owner_space, check_in_at, check_out_at
    FROM records WHERE {visits} AND person_key = 'visitor:g1' AND erased = 0
      AND check_in_at IS NOT NULL`,
  // migration-16-presence.ts personFirstInsert's inner read, on every push of a visitor's visit.
  'visitors’ first visits': `SELECT person_key, min(check_in_at) FROM records
    WHERE tbl = 'visits' AND check_in_at IS NOT NULL AND person_key IN ('visitor:g1')
    GROUP BY person_key`,
} as const;

/** The plan of `query` as text; on PostgreSQL with sequential scans priced out (tiny tables). */
async function planOf(raw: RawDb, shape: string): Promise<string> {
  const query = shape.replace('{visits}', PERSON_VISITS_SQL[raw.kind]);
  if (raw.kind === 'sqlite') {
    const rows = await raw.query(`EXPLAIN QUERY PLAN ${query}`);
    return rows.map((r) => String(r['detail'])).join('\n');
  }
  await raw.exec('SET enable_seqscan = off');
  const rows = await raw.query(`EXPLAIN ${query}`);
  return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
}

describe.each(storeCases())('the records’ index by person on $name', (storeCase) => {
  const f = useStoreFixture(storeCase);

  it('is one index, over every row with a person', async () => {
    const indexes = await withRawDb(f.db.url, (raw) =>
      raw.kind === 'sqlite'
        ? raw.query(`SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name = 'records' AND name LIKE 'records_person%'`)
        : raw.query(`SELECT indexname AS name, indexdef AS sql FROM pg_indexes
            WHERE tablename = 'records' AND indexname LIKE 'records_person%'`),
    );
    expect(indexes.map((i) => i['name'])).toEqual(['records_person_time']);
    const definition = String(indexes[0]?.['sql']);
    expect(definition).toMatch(/person_key.+tbl.+check_in_at.+owner_space/s);
    expect(definition).toMatch(/where\s+\(?"?person_key"? is not null\)?$/i);
  });

  it.each(Object.entries(READS))('serves %s', async (_name, shape) => {
    const plan = await withRawDb(f.db.url, (raw) => planOf(raw, shape));
    // SQLite plans as the hub runs it, without statistics. PostgreSQL's choice between indexes
    // follows its statistics, which empty tables do not have: what it must not do is read the
    // whole table.
    if (storeCase.name === 'sqlite') expect(plan).toContain('records_person_time');
    else expect(plan).not.toMatch(/Seq Scan/);
  });
});
