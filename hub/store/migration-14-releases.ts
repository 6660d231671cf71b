import type { Kysely } from 'kysely';
import { int64 as int64Of, type SqlKind } from './migration-sql';
import type { HubDatabase } from './schema';

/**
 * Migration 14, kiosk updates (decision 0040, hub/releases/): `releases` holds each build added
 * with `release add` per channel and version — its file's name in the hub's release folder, its
 * sha512 (base64, as electron-updater checks it), size, when it was added, and its rollout (a
 * JSON list of space ids, or a percentage of kiosks); `release_pins` holds a space's pinned
 * version per channel (a rollback). The files themselves live on disk, not in the database.
 */
export async function releaseTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const int64 = int64Of(kind);
  await db.schema
    .createTable('releases')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha512', 'text', (c) => c.notNull())
    .addColumn('size', int64, (c) => c.notNull())
    .addColumn('added_at', int64, (c) => c.notNull())
    .addColumn('rollout_spaces', 'text')
    .addColumn('rollout_percent', 'integer')
    .addPrimaryKeyConstraint('releases_pk', ['channel', 'version'])
    .execute();
  await db.schema
    .createTable('release_pins')
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('pinned_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('release_pins_pk', ['space_id', 'channel'])
    .execute();
}
