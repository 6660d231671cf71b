import type { Kysely } from 'kysely';
import type { Change } from '#shared/sync/protocol';
import { toChange } from './mappers';
import type { HubDatabase } from './schema';
import type { PullPage } from './store';

/**
 * Protocol rule 10's page arithmetic: a full page (`limit` changes) ends at its last change and
 * says there is more; a shorter one covers everything up to the head, so changes filtered out
 * for this kiosk and removed entries are stepped over and empty pages still advance the cursor.
 * The cursor never moves back.
 */
export function pageOf(changes: Change[], cursor: number, limit: number, head: number): PullPage {
  const hasMore = changes.length === limit;
  const last = changes.at(-1);
  const next = hasMore && last ? last.seq : Math.max(head, cursor);
  return { changes, cursor: next, hasMore, head };
}

/**
 * Reads one page of the change log after `cursor` visible to `spaceId` (null: every change),
 * with the head; with `origin`, without the entries that origin's own pushes left (rule 12).
 * `db` must be one read snapshot (SqlEngine.read), so the head and the page agree. Rejects on
 * database errors.
 */
export async function readPage(
  db: Kysely<HubDatabase>,
  cursor: number,
  limit: number,
  spaceId: string | null,
  origin?: string,
): Promise<PullPage> {
  const { value: head } = await db
    .selectFrom('hub_sequencer')
    .select('value')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('changes')
    .select(['seq', 'tbl', 'record_id', 'op', 'record'])
    .where('seq', '>', cursor)
    .$if(spaceId !== null, (qb) =>
      qb.where((eb) => eb.or([eb('scope', 'is', null), eb('scope', '=', spaceId)])),
    )
    .$if(origin !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('origin', 'is', null), eb('origin', '<>', origin ?? '')])),
    )
    .orderBy('seq')
    .limit(limit)
    .execute();
  return pageOf(rows.map(toChange), cursor, limit, head);
}
