import type { Kysely } from 'kysely';
import { int64 as int64Of, type SqlKind } from './migration-sql';
import type { HubDatabase } from './schema';

/**
 * Migration 15, kiosks' logs on request (decision 0041):
 * - `kiosk_log_requests` (kiosk_id): an operator's pending request, answered by the kiosk's next
 *   heartbeat reply and cleared when its upload arrives;
 * - `kiosk_log_uploads` (upload_id): each upload's kiosk, receipt time, size of its text and the
 *   text itself, gzipped (BLOB on SQLite, BYTEA on PostgreSQL); the newest few per kiosk are kept.
 * No foreign key to `kiosks`, as for heartbeats: only an authenticated kiosk uploads.
 */
export async function kioskLogTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const int64 = int64Of(kind);
  await db.schema
    .createTable('kiosk_log_requests')
    .addColumn('kiosk_id', 'text', (c) => c.primaryKey())
    .addColumn('requested_at', int64, (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('kiosk_log_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('received_at', int64, (c) => c.notNull())
    .addColumn('text_bytes', int64, (c) => c.notNull())
    .addColumn('file_names', 'text', (c) => c.notNull())
    .addColumn('content', kind === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kiosk_log_uploads_kiosk')
    .on('kiosk_log_uploads')
    .columns(['kiosk_id', 'received_at'])
    .execute();
}
