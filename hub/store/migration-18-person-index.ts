import { sql, type Kysely } from 'kysely';
import type { HubDatabase } from './schema';

/**
 * Migration 18 (decision 0055): one index of the records by person instead of two.
 * `records_person` (person_key), from migration 1, is a prefix of `records_person_time`
 * (person_key, tbl, check_in_at, owner_space), from migration 11, which only left it needed for
 * the rows without a check-in (a visit's tombstone keeps its person until compaction, and the
 * erasure reads those by person). `records_person_time` now covers every row with a person, so
 * `records_person` goes: every query by person (erasure, retention, presence, indicators,
 * attendance) names `person_key` with `=`, `IN` or `LIKE`, which both databases take as the
 * index's `person_key IS NOT NULL`. Why: a push of 1 000 check-ins by a few hundred people
 * rewrote a leaf page of each index per person; measured with 50 000 visits pushed on SQLite,
 * 1 140 → 756 WAL pages per commit (bench:hub-ingest, docs/BENCHMARKS.md).
 */
export async function personIndex(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema.dropIndex('records_person_time').ifExists().execute();
  await db.schema
    .createIndex('records_person_time')
    .on('records')
    .columns(['person_key', 'tbl', 'check_in_at', 'owner_space'])
    .where(sql.ref('person_key'), 'is not', null)
    .execute();
  await db.schema.dropIndex('records_person').ifExists().execute();
}
