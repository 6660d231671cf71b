/// <reference lib="dom" />
import { DEFAULT_DB_NAME } from '#renderer/lib/db/kiosk-db';

/**
 * For the benchmarks' page scripts (bundled into the kiosk page): the app's own database, opened
 * with no version — the app has created and upgraded it; this opens it as it is. Rejects with the
 * IndexedDB error.
 */
export function openAppDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DEFAULT_DB_NAME);
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('open failed'));
    };
  });
}
