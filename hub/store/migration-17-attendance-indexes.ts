import { sql, type Kysely } from 'kysely';
import type { HubDatabase } from './schema';

/**
 * Migration 17 (decision 0049): event attendance reads every check-in of a period's events and
 * each member's home space without touching the table's rows.
 * - `records_event` grows from (event_id) to (event_id, tbl, erased, person_key, check_in_at,
 *   record_id), still over event check-ins only: what attendance reads of a check-in is in the
 *   index. At 5 000 000 visits the ≈ 50 000 check-ins of a year sat in as many table pages, and
 *   reading them was 300 ms of PostgreSQL's 870.
 * - `records_member_home` (record_id, owner_space) over members only: a member's owner space is
 *   their home space (push-rules.ts `ownerOf`), so their origin is read from the index instead of
 *   their JSON state.
 */
export async function attendanceIndexes(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema.dropIndex('records_event').ifExists().execute();
  await db.schema
    .createIndex('records_event')
    .on('records')
    .columns(['event_id', 'tbl', 'erased', 'person_key', 'check_in_at', 'record_id'])
    .where(sql.ref('event_id'), 'is not', null)
    .execute();
  // If not there: a test that replays the migrations from 7 on finds it in place.
  await db.schema
    .createIndex('records_member_home')
    .ifNotExists()
    .on('records')
    .columns(['record_id', 'owner_space'])
    .where(sql.ref('tbl'), '=', 'members')
    .execute();
}
