import type {
  Expression,
  InsertQueryBuilder,
  InsertResult,
  Insertable,
  Kysely,
  SqlBool,
} from 'kysely';
import type { SqlKind } from './migrations';
import type { HubDatabase } from './schema';

/**
 * Keys per `IN (…)` list: far below both databases' bind-parameter limits (SQLite 32 766,
 * PostgreSQL 65 535), and a push names at most 2 000 records.
 */
export const IN_LIST = 2000;

/** `list` in slices of `size` (the last may be shorter). */
export function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/**
 * The text of `SqlEngine.personVisits` on each database (see there); the stores and
 * person-index.test.ts read it here, so the plans tested are those of the statements run.
 */
export const PERSON_VISITS_SQL: Readonly<Record<SqlKind, string>> = {
  sqlite: "+tbl = 'visits'",
  postgres: "tbl = 'visits'",
};

/** The tables written many rows at a time (pushes). */
export type BulkTable =
  | 'records'
  | 'mutations'
  | 'changes'
  | 'card_keys'
  | 'agenda_occurrences'
  | 'visit_hours'
  | 'visit_origins'
  | 'person_ordinals'
  | 'presence_days'
  | 'presence_months';

/**
 * What differs between the two databases, behind one interface; everything else (schema,
 * statements, mappers, page arithmetic) is written once against Kysely in the other files of
 * this folder. Implementations: sqlite-store.ts, postgres-store.ts.
 */
export interface SqlEngine {
  readonly kind: SqlKind;
  /**
   * Runs `fn` in one write transaction: committed when it resolves, rolled back when it rejects
   * (the rejection is passed on). Write transactions are serialised with each other (SQLite: one
   * writer connection, BEGIN IMMEDIATE; PostgreSQL: the sequencer row is locked first), so a
   * push reads and merges records no other push is changing, and sequence numbers follow commit
   * order.
   */
  write<T>(fn: (db: Kysely<HubDatabase>) => Promise<T>): Promise<T>;
  /**
   * Like `write`, for a transaction that reads and writes only what `keys` names (its records and
   * mutation ids): serialised with every `write` and with each `writeKeyed` naming one of the same
   * keys, and otherwise free to run beside other keyed transactions until it takes sequence
   * numbers (ChangeLog.append locks the sequencer row from there to its commit, so numbers still
   * follow commit order). SQLite: `write` (one writer). Rejects, rolled back, on database errors.
   */
  writeKeyed<T>(keys: readonly string[], fn: (db: Kysely<HubDatabase>) => Promise<T>): Promise<T>;
  /**
   * A short write outside the sync order (kiosk bookkeeping): one transaction, serialised with
   * `write` on SQLite (one writer), not on PostgreSQL (no sequencer lock, so a pull mark never
   * waits for a push).
   */
  update<T>(fn: (db: Kysely<HubDatabase>) => Promise<T>): Promise<T>;
  /**
   * For one-statement reads outside any transaction: sees committed data only (SQLite: the
   * read-only connection, so never a push that may still roll back).
   */
  readonly reader: Kysely<HubDatabase>;
  /** Runs `fn` in one read-only snapshot that never sees a transaction that may still roll back. */
  read<T>(fn: (db: Kysely<HubDatabase>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one write transaction holding the migration lock, so two hubs starting on one
   * database migrate once (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
   */
  migration(fn: (db: Kysely<HubDatabase>) => Promise<void>): Promise<void>;
  /**
   * Executes `insert` for `rows` (all of the same shape) in as few statements as the database
   * allows; `insert` carries its table and any ON CONFLICT clause. Rejects on database errors.
   */
  insertMany<T extends BulkTable>(
    insert: InsertQueryBuilder<HubDatabase, T, InsertResult>,
    rows: readonly Insertable<HubDatabase[T]>[],
  ): Promise<void>;
  /**
   * `column` equals one of `values` (at most IN_LIST of them), for a push's key lookups and
   * deletes. PostgreSQL: `IN (SELECT unnest($1::text[]))`, one array parameter joined against the
   * index; with `tbl = $1 AND record_id IN (500 parameters)` or `= ANY($2)` the planner scanned
   * the (tbl, record_id) index by `tbl` alone, and the ingest of 100 000 visits ran at 60 % of
   * the rate (measured with bench:hub-ingest). SQLite has no array type: an `IN` list.
   */
  oneOf(column: string, values: readonly string[]): Expression<SqlBool>;
  /**
   * `tbl = 'visits'`, for a read of one person's visits (beside `person_key = …`), so that it
   * goes through `records_person_time` (migration 18). SQLite: `+tbl = 'visits'`. The hub keeps
   * no statistics in SQLite, and without them its planner takes `tbl = 'visits'` for about ten
   * rows and walks the primary key's whole range of visits instead of the person's index entries
   * (every visit of the network read, for each erasure); the unary `+` keeps that term off the
   * primary key. PostgreSQL plans from statistics (pg-statistics.ts): the plain term.
   */
  readonly personVisits: Expression<SqlBool>;
  /** Closes every connection, after the transaction in progress (if any). */
  close(): Promise<void>;
}
