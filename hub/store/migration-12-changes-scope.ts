import type { Kysely } from 'kysely';
import type { HubDatabase } from './schema';

/**
 * Migration 12 (decision 0030): the index `changes_scope` on (scope, seq), so a kiosk's pull
 * reads two ranges of it — the network's entries (scope null) and its space's — after its cursor
 * (pull-page.ts), instead of stepping through every space's entries in sequence order. With 100
 * spaces, a kiosk's pull visited the whole network's log to find its own space's hundredth of it.
 */
export async function changesScopeIndex(db: Kysely<HubDatabase>): Promise<void> {
  // If not there: a test that replays the migrations from 7 on finds it in place.
  await db.schema
    .createIndex('changes_scope')
    .ifNotExists()
    .on('changes')
    .columns(['scope', 'seq'])
    .execute();
}
