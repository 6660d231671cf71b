import type { KioskDb } from '../db/kiosk-db';
import { ensureStoredId, randomWireId } from './wire-ids';

/**
 * This kiosk database's sync origin (protocol rule 12): sent with every push and pull, so the hub
 * leaves out of this database's pulls the changes whose record is exactly what it pushed.
 *
 * Per database, not per kiosk id: a wiped database makes a new one, so a kiosk enrolled again
 * under the same id and resyncing from 0 gets its own earlier writes back. A reset page (another
 * hub epoch, or a restored backup) also makes a new one, stored with that page: the hub's log may
 * then hold older copies of this database's writes than it does, which it must receive.
 */

/** The syncState key of the origin (beside sync-records.ts's SYNC_KEYS). */
export const ORIGIN_KEY = 'sync.origin';

/** A new random origin: 16 random bytes, base64url. */
export function newOrigin(): string {
  return randomWireId();
}

/** The database's origin, made and stored on first use. Rejects with the Dexie error. */
export function ensureOrigin(db: KioskDb): Promise<string> {
  return ensureStoredId(db, ORIGIN_KEY);
}
