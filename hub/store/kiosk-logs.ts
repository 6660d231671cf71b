import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { SqlEngine } from './engine';
import type { KioskLogStore, LogUploadMeta } from './kiosk-log-rows';
import type { KioskLogUploadsTable } from './schema-fleet';

const FileNames = z.array(z.string());

function toMeta(r: Omit<Selectable<KioskLogUploadsTable>, 'content'>): LogUploadMeta {
  return {
    uploadId: r.upload_id,
    kioskId: r.kiosk_id,
    receivedAt: r.received_at,
    textBytes: r.text_bytes,
    fileNames: FileNames.parse(JSON.parse(r.file_names)),
  };
}

const META = ['upload_id', 'kiosk_id', 'received_at', 'text_bytes', 'file_names'] as const;

/** Log requests and uploads over `engine`, for both databases (kiosk-log-rows.ts). */
export function kioskLogStore(engine: SqlEngine): KioskLogStore {
  const { reader } = engine;
  return {
    request: (row) =>
      engine.update(async (db) => {
        const values = {
          kiosk_id: row.kioskId,
          requested_at: row.requestedAt,
          requested_by: row.requestedBy,
        };
        await db
          .insertInto('kiosk_log_requests')
          .values(values)
          .onConflict((oc) =>
            oc.column('kiosk_id').doUpdateSet({
              requested_at: values.requested_at,
              requested_by: values.requested_by,
            }),
          )
          .execute();
      }),
    async pending(kioskId) {
      const row = await reader
        .selectFrom('kiosk_log_requests')
        .selectAll()
        .where('kiosk_id', '=', kioskId)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { kioskId: row.kiosk_id, requestedAt: row.requested_at, requestedBy: row.requested_by };
    },
    store: (row, keep) =>
      engine.update(async (db) => {
        await db
          .insertInto('kiosk_log_uploads')
          .values({
            upload_id: row.uploadId,
            kiosk_id: row.kioskId,
            received_at: row.receivedAt,
            text_bytes: row.textBytes,
            file_names: JSON.stringify(row.fileNames),
            content: Buffer.from(row.content),
          })
          .execute();
        await db.deleteFrom('kiosk_log_requests').where('kiosk_id', '=', row.kioskId).execute();
        const kept = await db
          .selectFrom('kiosk_log_uploads')
          .select('upload_id')
          .where('kiosk_id', '=', row.kioskId)
          .orderBy('received_at', 'desc')
          .orderBy('upload_id', 'desc')
          .limit(keep)
          .execute();
        await db
          .deleteFrom('kiosk_log_uploads')
          .where('kiosk_id', '=', row.kioskId)
          .where(
            'upload_id',
            'not in',
            kept.map((k) => k.upload_id),
          )
          .execute();
      }),
    async list(kioskId) {
      const rows = await reader
        .selectFrom('kiosk_log_uploads')
        .select(META)
        .where('kiosk_id', '=', kioskId)
        .orderBy('received_at', 'desc')
        .orderBy('upload_id', 'desc')
        .execute();
      return rows.map(toMeta);
    },
    async read(kioskId, uploadId) {
      const row = await reader
        .selectFrom('kiosk_log_uploads')
        .selectAll()
        .where('kiosk_id', '=', kioskId)
        .where('upload_id', '=', uploadId)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { ...toMeta(row), content: new Uint8Array(row.content) };
    },
  };
}
