import type { OutboxEntry } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';

/**
 * The mutation ids this kiosk puts on the wire (protocol rule 1 knows a mutation by its id).
 *
 * A push used to carry each entry's random UUID: 16 random bytes that gzip cannot shrink, about a
 * third of a check-in's wire size. The id on the wire is now `<installId>_<seq>`: `installId` is
 * 16 random bytes (base64url) made once per kiosk database and kept in syncState, `seq` the
 * entry's outbox key in base 36. Within a batch the shared prefix costs gzip a back-reference and
 * the counter a few bytes. The id is still:
 * - stable: a retried entry keeps its seq, so it gets the hub's first verdict again;
 * - unique: IndexedDB never reuses an auto-increment key in a store (clear() does not reset it),
 *   and a wiped database, whose keys restart, makes a new installId;
 * - valid for protocol version 1 (8–64 of A-Z a-z 0-9 _ -), so no hub change is needed.
 * Hazard: an entry pushed by an older build (UUID id) whose reply was lost is re-sent under its
 * new id and applied again, which the merge makes a no-op (joins are idempotent).
 * The stored `mutationId` stays the entry's local identity (the outbox's unique index).
 */

/** The syncState key of the install id (beside sync-records.ts's SYNC_KEYS). */
export const INSTALL_ID_KEY = 'sync.installId';

/** 16 random bytes, base64url (22 characters): an install id, or an origin (origin.ts). */
export function randomWireId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * The random id stored under `key` in syncState, made and stored on first use (in its own
 * transaction, so two callers racing still agree on one). Rejects with the Dexie error.
 */
export async function ensureStoredId(db: KioskDb, key: string): Promise<string> {
  return db.transaction('rw', db.syncState, async () => {
    const stored = (await db.syncState.get(key))?.value;
    if (typeof stored === 'string') return stored;
    const fresh = randomWireId();
    await db.syncState.put({ key, value: fresh });
    return fresh;
  });
}

/** The database's install id, made and stored on first use. Rejects with the Dexie error. */
export function ensureInstallId(db: KioskDb): Promise<string> {
  return ensureStoredId(db, INSTALL_ID_KEY);
}

/** The id `entry` travels under. Throws a RangeError for an entry not yet stored (no seq). */
export function wireMutationId(installId: string, entry: OutboxEntry): string {
  if (entry.seq === undefined) throw new RangeError('an outbox entry without seq has no wire id');
  return `${installId}_${entry.seq.toString(36)}`;
}
