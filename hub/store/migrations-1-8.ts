import type { Kysely } from 'kysely';
import { cardKeysOfState } from './card-keys';
import { sql } from './kysely';
import { eventIdOf } from './mappers';
import { int64, withoutRowid, type Migration, type SqlKind } from './migration-sql';
import type { HubDatabase } from './schema';
import { decodeState } from './stored-state';

/**
 * Migrations 1 to 8, the hub's schema before the console (migrations.ts says what each adds).
 * Released: never edit their effect.
 */

async function initialSchema(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const s = db.schema;
  await s
    .createTable('hub_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('hub_sequencer')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('value', int64(kind), (c) => c.notNull())
    .execute();
  await db.insertInto('hub_sequencer').values({ id: 1, value: 0 }).execute();
  await s
    .createTable('records')
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('owner_space', 'text')
    .addColumn('person_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('records_pkey', ['tbl', 'record_id'])
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createIndex('records_person')
    .on('records')
    .column('person_key')
    .where(sql.ref('person_key'), 'is not', null)
    .execute();
  await s
    .createTable('changes')
    .addColumn('seq', int64(kind), (c) => c.primaryKey())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('record', 'text')
    .addColumn('scope', 'text')
    .addUniqueConstraint('changes_tbl_record_id_key', ['tbl', 'record_id'])
    .execute();
  await s
    .createTable('mutations')
    .addColumn('mutation_id', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('reason', 'text')
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createTable('kiosks')
    .addColumn('kiosk_id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', int64(kind), (c) => c.notNull())
    .addColumn('revoked_at', int64(kind))
    .execute();
  await s
    .createTable('enrolments')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', int64(kind), (c) => c.notNull())
    .addColumn('used_at', int64(kind))
    .addColumn('kiosk_id', 'text')
    .execute();
}

/** Rows per INSERT in the card-key backfill: 2 parameters each, far below either limit. */
const BACKFILL_ROWS = 500;

async function cardKeysTable(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema
    .createTable('card_keys')
    .addColumn('card_key', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_keys_member').on('card_keys').column('member_id').execute();
  const members = await db
    .selectFrom('records')
    .select(['record_id', 'state'])
    .where('tbl', '=', 'members')
    .where('erased', '=', 0)
    .orderBy('record_id')
    .execute();
  const rows = members.flatMap((m) =>
    cardKeysOfState(decodeState(m.state)).map((key) => ({
      card_key: key,
      member_id: m.record_id,
    })),
  );
  for (let i = 0; i < rows.length; i += BACKFILL_ROWS) {
    await db
      .insertInto('card_keys')
      .values(rows.slice(i, i + BACKFILL_ROWS))
      .onConflict((oc) => oc.column('card_key').doNothing())
      .execute();
  }
}

/**
 * Each record row names its change-log entry (`change_seq`), and `changes` loses its unique
 * index on (tbl, record_id): entries are replaced by seq (change-log.ts). SQLite cannot drop a
 * table constraint, so it copies the log into a table without it.
 */
async function changeSeqPerRecord(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  await db.schema.alterTable('records').addColumn('change_seq', int64(kind)).execute();
  await sql`UPDATE records SET change_seq = (SELECT c.seq FROM changes c
    WHERE c.tbl = records.tbl AND c.record_id = records.record_id)`.execute(db);
  if (kind === 'postgres') {
    await db.schema.alterTable('changes').dropConstraint('changes_tbl_record_id_key').execute();
    return;
  }
  await db.schema
    .createTable('changes_v6')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('record', 'text')
    .addColumn('scope', 'text')
    .addColumn('origin', 'text')
    .execute();
  await sql`INSERT INTO changes_v6 (seq, tbl, record_id, op, record, scope, origin)
    SELECT seq, tbl, record_id, op, record, scope, origin FROM changes`.execute(db);
  await db.schema.dropTable('changes').execute();
  await db.schema.alterTable('changes_v6').renameTo('changes').execute();
}

/** Migration 7: the visit's event as a column and its index (see the header). */
async function visitEventColumn(db: Kysely<HubDatabase>): Promise<void> {
  await db.schema.alterTable('records').addColumn('event_id', 'text').execute();
  await db.schema
    .createIndex('records_event')
    .on('records')
    .column('event_id')
    .where(sql.ref('event_id'), 'is not', null)
    .execute();
  // Only visits whose JSON mentions an event can name one; the rest keep null.
  const visits = await db
    .selectFrom('records')
    .select(['record_id', 'state'])
    .where('tbl', '=', 'visits')
    .where('erased', '=', 0)
    .where('state', 'like', '%"eventId"%')
    .execute();
  for (const v of visits) {
    const eventId = eventIdOf(decodeState(v.state));
    if (eventId === null) continue;
    await db
      .updateTable('records')
      .set({ event_id: eventId })
      .where('tbl', '=', 'visits')
      .where('record_id', '=', v.record_id)
      .execute();
  }
}

/** Migration 8: the agenda's tables (see the header). */
async function agendaTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const s = db.schema;
  await s
    .createTable('feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('lang', 'text')
    .addColumn('body', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_ok_at', int64(kind))
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', int64(kind))
    .addColumn('created_at', int64(kind), (c) => c.notNull())
    .execute();
  await s
    .createTable('agenda_occurrences')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('feed_id', 'text')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('recurrence_id', 'text', (c) => c.notNull())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', int64(kind), (c) => c.notNull())
    .addColumn('ends_at', int64(kind), (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createIndex('agenda_occurrences_feed')
    .on('agenda_occurrences')
    .column('feed_id')
    .execute();
  await s.createIndex('agenda_occurrences_uid').on('agenda_occurrences').column('uid').execute();
  await s
    .createTable('hub_events')
    .addColumn('uid', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', int64(kind), (c) => c.notNull())
    .addColumn('updated_at', int64(kind), (c) => c.notNull())
    .execute();
  await s
    .createTable('event_translations')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('updated_at', int64(kind), (c) => c.notNull())
    .addPrimaryKeyConstraint('event_translations_pkey', ['uid', 'lang'])
    .modifyEnd(withoutRowid(kind))
    .execute();
  await s
    .createTable('event_cancellations')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('recurrence_id', 'text', (c) => c.notNull())
    .addColumn('at', int64(kind), (c) => c.notNull())
    .addPrimaryKeyConstraint('event_cancellations_pkey', ['uid', 'recurrence_id'])
    .modifyEnd(withoutRowid(kind))
    .execute();
}

/** The state text every `erased` tombstone was written with before migration 3. */
export const ERASED_STATE_JSON = JSON.stringify({ kind: 'erased' });

/** Migrations 1 to 8, in version order. */
export const FIRST_MIGRATIONS: readonly Migration[] = [
  { version: 1, up: initialSchema },
  {
    version: 2,
    up: async (db, kind) => {
      await db.schema
        .alterTable('kiosks')
        .addColumn('pulled_through', int64(kind), (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    version: 3,
    up: async (db) => {
      await db.schema
        .alterTable('records')
        .addColumn('erased', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db
        .updateTable('records')
        .set({ erased: 1 })
        .where('state', '=', ERASED_STATE_JSON)
        .execute();
    },
  },
  {
    version: 4,
    up: async (db) => {
      await db.schema.alterTable('changes').addColumn('origin', 'text').execute();
    },
  },
  { version: 5, up: cardKeysTable },
  { version: 6, up: changeSeqPerRecord },
  { version: 7, up: visitEventColumn },
  { version: 8, up: agendaTables },
];
