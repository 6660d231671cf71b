import type { Selectable } from 'kysely';
import type { Lang } from '#shared/domain/types';
import type { AgendaStore, FeedRow } from './agenda-rows';
import type { SqlEngine } from './engine';
import type { FeedsTable } from './schema-agenda';

function toFeed(r: Selectable<FeedsTable>): FeedRow {
  return {
    id: r.id,
    spaceId: r.space_id,
    url: r.url,
    lang: r.lang as Lang | null,
    body: r.body,
    etag: r.etag,
    lastModified: r.last_modified,
    lastOkAt: r.last_ok_at,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    createdAt: r.created_at,
  };
}

/** The `feeds` table over `engine` (AgendaStore's feed methods; agendaStore spreads them in). */
export function feedStore(
  engine: SqlEngine,
): Pick<
  AgendaStore,
  | 'addFeed'
  | 'listFeeds'
  | 'findFeed'
  | 'removeFeed'
  | 'recordFeedSuccess'
  | 'replaceFeedBody'
  | 'recordFeedFailure'
> {
  const { reader } = engine;
  return {
    async addFeed(feed) {
      await engine.update((db) =>
        db
          .insertInto('feeds')
          .values({
            id: feed.id,
            space_id: feed.spaceId,
            url: feed.url,
            lang: feed.lang,
            body: feed.body,
            created_at: feed.createdAt,
          })
          .execute(),
      );
    },
    async listFeeds() {
      const rows = await reader
        .selectFrom('feeds')
        .selectAll()
        .orderBy('space_id')
        .orderBy('id')
        .execute();
      return rows.map(toFeed);
    },
    async findFeed(id) {
      const r = await reader
        .selectFrom('feeds')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? toFeed(r) : undefined;
    },
    removeFeed: (id) =>
      engine.update(async (db) => {
        const res = await db.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
        return res.numDeletedRows > 0n;
      }),
    async recordFeedSuccess(id, at, validators, body) {
      await engine.update((db) =>
        db
          .updateTable('feeds')
          .set({
            last_ok_at: at,
            last_error: null,
            last_error_at: null,
            ...(validators
              ? { etag: validators.etag, last_modified: validators.lastModified }
              : {}),
            ...(body === undefined ? {} : { body }),
          })
          .where('id', '=', id)
          .execute(),
      );
    },
    async replaceFeedBody(id, body) {
      await engine.update((db) =>
        db.updateTable('feeds').set({ body }).where('id', '=', id).execute(),
      );
    },
    async recordFeedFailure(id, reason, at) {
      await engine.update((db) =>
        db
          .updateTable('feeds')
          .set({ last_error: reason, last_error_at: at })
          .where('id', '=', id)
          .execute(),
      );
    },
  };
}
