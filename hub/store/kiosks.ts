import type { SqlEngine } from './engine';
import { toKiosk } from './mappers';
import type { HubStore } from './store';

/** The kiosk and enrolment half of HubStore, over `engine`. */
export type KioskStore = Pick<
  HubStore,
  | 'createEnrolment'
  | 'redeemEnrolment'
  | 'findKiosk'
  | 'revokeKiosk'
  | 'reinstateKiosk'
  | 'listKiosks'
  | 'recordPull'
>;

/**
 * Kiosks and their one-time enrolment codes (hashed), for both databases. Each method is one
 * transaction or one statement and rejects on database errors, having changed nothing.
 */
export function kioskStore(engine: SqlEngine): KioskStore {
  return {
    async createEnrolment(codeHash, spaceId, expiresAt) {
      await engine.update((db) =>
        db
          .insertInto('enrolments')
          .values({ code_hash: codeHash, space_id: spaceId, expires_at: expiresAt })
          .execute(),
      );
    },
    redeemEnrolment: (codeHash, kioskId, tokenHash, now) =>
      engine.update(async (db) => {
        const code = await db
          .selectFrom('enrolments')
          .select('space_id')
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (!code) return { ok: false, code: 'enrolment-invalid' } as const;
        const existing = await db
          .selectFrom('kiosks')
          .select(['space_id', 'revoked_at'])
          .where('kiosk_id', '=', kioskId)
          .executeTakeFirst();
        if (existing && existing.space_id !== code.space_id) {
          return { ok: false, code: 'kiosk-other-space' } as const;
        }
        // A revoked kiosk may still hold writes from before its revocation about people erased
        // and compacted since; only an operator who had it wiped may let it back (reinstateKiosk).
        if (existing && existing.revoked_at !== null) {
          return { ok: false, code: 'kiosk-revoked' } as const;
        }
        // Claimed only while still unused: of two concurrent redemptions (PostgreSQL runs them
        // side by side) the second finds the row used once the first commits, and gets nothing.
        const claimed = await db
          .updateTable('enrolments')
          .set({ used_at: now, kiosk_id: kioskId })
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .returning('code_hash')
          .executeTakeFirst();
        if (!claimed) return { ok: false, code: 'enrolment-invalid' } as const;
        await db
          .insertInto('kiosks')
          .values({
            kiosk_id: kioskId,
            space_id: code.space_id,
            token_hash: tokenHash,
            created_at: now,
          })
          .onConflict((oc) =>
            oc
              .column('kiosk_id')
              .doUpdateSet((eb) => ({ token_hash: eb.ref('excluded.token_hash') })),
          )
          .execute();
        return { ok: true, spaceId: code.space_id } as const;
      }),
    async findKiosk(kioskId) {
      const r = await engine.reader
        .selectFrom('kiosks')
        .selectAll()
        .where('kiosk_id', '=', kioskId)
        .executeTakeFirst();
      return r ? toKiosk(r) : undefined;
    },
    revokeKiosk: (kioskId, now) =>
      engine.update(async (db) => {
        const res = await db
          .updateTable('kiosks')
          .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
          .where('kiosk_id', '=', kioskId)
          .executeTakeFirst();
        return res.numUpdatedRows > 0n;
      }),
    reinstateKiosk: (kioskId) =>
      engine.update(async (db) => {
        // No credential hashes to '': the revoked one stays void until the kiosk enrols anew.
        const res = await db
          .updateTable('kiosks')
          .set({ revoked_at: null, token_hash: '', pulled_through: 0 })
          .where('kiosk_id', '=', kioskId)
          .where('revoked_at', 'is not', null)
          .executeTakeFirst();
        if (res.numUpdatedRows > 0n) return 'reinstated';
        const known = await db
          .selectFrom('kiosks')
          .select('kiosk_id')
          .where('kiosk_id', '=', kioskId)
          .executeTakeFirst();
        return known ? 'not-revoked' : 'unknown';
      }),
    async listKiosks() {
      const rows = await engine.reader
        .selectFrom('kiosks')
        .selectAll()
        .orderBy('kiosk_id')
        .execute();
      return rows.map(toKiosk);
    },
    async recordPull(kioskId, cursor) {
      // An unchanged mark (an idle kiosk polling) writes no row, so its commit syncs nothing.
      await engine.update((db) =>
        db
          .updateTable('kiosks')
          .set({ pulled_through: cursor })
          .where('kiosk_id', '=', kioskId)
          .where('pulled_through', '<>', cursor)
          .execute(),
      );
    },
  };
}
