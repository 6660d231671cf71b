import type { Kysely } from 'kysely';
import { sql } from './kysely';
import { int64 as int64Of, type SqlKind } from './migration-sql';
import type { HubDatabase } from './schema';

/**
 * Migration 11 (decision 0028): a live visit's check-in and check-out instants as columns
 * (`records.check_in_at`, `check_out_at`, epoch ms; null for every other row, tombstones
 * included), with the two indexes the indicators (indicators.ts) read them by:
 * - `records_visit_time` (tbl, check_in_at, owner_space, person_key, check_out_at), over visits
 *   with a check-in: a period's visits are one range of it, and it holds every column an
 *   indicator reads, so neither database visits the table's JSON (SQLite: a covering index;
 *   PostgreSQL: an index-only scan);
 * - `records_person_time` (person_key, tbl, check_in_at, owner_space): whether a visitor came
 *   before (new vs returning) is one probe per person, and a join from people to their visits
 *   (cross-border: SQLite drives it from the people) reads only the period's entries of each.
 * Backfilled from the visits' JSON in one UPDATE; JSON access is spelled per database.
 */
export async function visitTimeColumns(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const int64 = int64Of(kind);
  await db.schema.alterTable('records').addColumn('check_in_at', int64).execute();
  await db.schema.alterTable('records').addColumn('check_out_at', int64).execute();
  const at = (path: string) =>
    kind === 'sqlite'
      ? sql`json_extract(state, ${sql.lit(`$.${path}`)})`
      : sql`(state::jsonb #>> ${sql.lit(`{${path.replace('.', ',')}}`)})::bigint`;
  await sql`UPDATE records SET check_in_at = ${at('checkIn.checkInAt')},
    check_out_at = ${at('checkOut.checkOutAt')}
    WHERE tbl = 'visits' AND erased = 0`.execute(db);
  await db.schema
    .createIndex('records_visit_time')
    .on('records')
    .columns(['tbl', 'check_in_at', 'owner_space', 'person_key', 'check_out_at'])
    .where(sql.ref('check_in_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('records_person_time')
    .on('records')
    .columns(['person_key', 'tbl', 'check_in_at', 'owner_space'])
    .where(sql.ref('check_in_at'), 'is not', null)
    .execute();
}
