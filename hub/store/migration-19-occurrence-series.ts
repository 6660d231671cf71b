import type { Kysely } from 'kysely';
import { seriesKey } from './agenda-series';
import type { HubDatabase } from './schema';

/**
 * Migration 19 (decision 0060): `agenda_occurrences` indexed by series key (`series`, a hash of
 * the UID, agenda-series.ts) instead of by UID. New occurrence ids lead with the same key, so a
 * feed import, which writes series in key order, appends to the new index; the index of UIDs
 * had most of its pages rewritten at every commit of an import (≈ 10 MB of the ≈ 85 MB of WAL
 * a 5 000-event feed's first import wrote). The key is filled in for the rows already there, one
 * statement per UID, before the index is built; lookups by UID name both (agenda.ts).
 */
export async function occurrenceSeries(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema.alterTable('agenda_occurrences').addColumn('series', 'text').execute();
  const uids = await db.selectFrom('agenda_occurrences').select('uid').distinct().execute();
  for (const { uid } of uids) {
    await db
      .updateTable('agenda_occurrences')
      .set({ series: seriesKey(uid) })
      .where('uid', '=', uid)
      .execute();
  }
  await db.schema
    .createIndex('agenda_occurrences_series')
    .on('agenda_occurrences')
    .column('series')
    .execute();
  await db.schema.dropIndex('agenda_occurrences_uid').execute();
}
