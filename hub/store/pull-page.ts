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

/** The columns of a log entry a page carries. */
const PAGE_COLUMNS = ['seq', 'tbl', 'record_id', 'op', 'record'] as const;

/**
 * Reads one page of the change log after `cursor` visible to `spaceId` (null: every change),
 * with the head; with `origin`, without the entries that origin's own pushes left (rule 12).
 * `db` must be one read snapshot (SqlEngine.read), so the head and the page agree. Rejects on
 * database errors.
 *
 * A space's page is read as two ranges of the `changes_scope` index (migration 12): the
 * network's entries (scope null) and the space's, each the first `limit` after the cursor, merged
 * by seq and cut at `limit`. Every visible entry up to the page's last seq is in one of the two
 * (a range cut short at `limit` ends at or past it), so the page is the one a filtered scan in
 * seq order gives, without visiting the other spaces' entries.
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
  const range = (scope: string | null | undefined) =>
    db
      .selectFrom('changes')
      .select(PAGE_COLUMNS)
      .where('seq', '>', cursor)
      .$if(scope === null, (qb) => qb.where('scope', 'is', null))
      .$if(typeof scope === 'string', (qb) => qb.where('scope', '=', scope ?? ''))
      .$if(origin !== undefined, (qb) =>
        qb.where((eb) => eb.or([eb('origin', 'is', null), eb('origin', '<>', origin ?? '')])),
      )
      .orderBy('seq')
      .limit(limit)
      .execute();
  const rows =
    spaceId === null
      ? await range(undefined)
      : [...(await range(null)), ...(await range(spaceId))]
          .sort((a, b) => a.seq - b.seq)
          .slice(0, limit);
  return pageOf(rows.map(toChange), cursor, limit, head);
}
