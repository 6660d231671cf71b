import type { Kysely } from 'kysely';
import type { RecordState } from '#shared/sync/protocol-merge';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import type { HubDatabase } from './schema';
import type { RecordRow } from './store';

/**
 * The `card_keys` table: which member holds each card key (decision 0021). One row per key,
 * keyed by it, so the database itself refuses two members on one form of a card, whoever writes.
 * Kept in step with the member records in the same transaction (sync-tx.ts saveRecords).
 */

/**
 * A member's card keys as its state holds them: the `cardKeys` field of a live record (an
 * inactive member still holds their cards); none for a deleted or erased one.
 */
export function cardKeysOfState(state: RecordState): string[] {
  if (state.kind !== 'fields') return [];
  const value = state.fields['cardKeys']?.value;
  return Array.isArray(value) ? [...new Set(value.filter((k) => typeof k === 'string'))] : [];
}

/** Thrown inside a write transaction when a card key would get a second holder: it rolls back. */
export class CardClashError extends Error {
  readonly code = 'card-clash';
  constructor(
    readonly memberId: string,
    readonly holderId: string,
    readonly cardKey: string,
  ) {
    super(`Member ${memberId} holds a card that member ${holderId} holds too.`);
  }
}

/** The holder of each of `keys` that has one, read with `db`. Rejects on database errors. */
export async function loadCardHolders(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(keys)];
  for (const part of chunks(unique, IN_LIST)) {
    const rows = await db
      .selectFrom('card_keys')
      .selectAll()
      .where(engine.oneOf('card_key', part))
      .execute();
    for (const r of rows) out.set(r.card_key, r.member_id);
  }
  return out;
}

/**
 * Makes `card_keys` hold exactly the keys of the member rows among `rows` (other tables are
 * ignored), inside the open write transaction `db`. Rejects with CardClashError, before writing
 * any key, when a key belongs to a member outside `rows` or to two members of `rows`.
 */
export async function replaceCardKeys(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  rows: readonly RecordRow[],
): Promise<void> {
  const members = rows.filter((r) => r.table === 'members');
  if (members.length === 0) return;
  for (const part of chunks(
    members.map((r) => r.recordId),
    IN_LIST,
  )) {
    await db.deleteFrom('card_keys').where(engine.oneOf('member_id', part)).execute();
  }
  const claims = new Map<string, string>();
  for (const m of members) {
    for (const key of cardKeysOfState(m.state)) {
      const other = claims.get(key);
      if (other !== undefined) throw new CardClashError(m.recordId, other, key);
      claims.set(key, m.recordId);
    }
  }
  const held = await loadCardHolders(db, engine, [...claims.keys()]);
  for (const [key, holder] of held) {
    throw new CardClashError(claims.get(key) ?? '', holder, key);
  }
  await engine.insertMany(
    db.insertInto('card_keys'),
    [...claims].map(([key, memberId]) => ({ card_key: key, member_id: memberId })),
  );
}
