import type { Kysely } from 'kysely';
import { sql } from './kysely';
import type { HubDatabase } from './schema';

/**
 * What every migration shares (migrations.ts lists them): the two databases' names, the shape of
 * a step, and the places where their DDL truly differs.
 */

/** Which database a migration runs on: their DDL differs in a few named places. */
export type SqlKind = 'sqlite' | 'postgres';

/** One schema step. `up` runs inside the migration transaction; it may throw (nothing applies). */
export interface Migration {
  readonly version: number;
  readonly up: (db: Kysely<HubDatabase>, kind: SqlKind) => Promise<void>;
}

/**
 * 64-bit integers: BIGINT on PostgreSQL (its INTEGER is 32-bit). SQLite's INTEGER is already 64-bit
 * and must stay spelled INTEGER: only `INTEGER PRIMARY KEY` makes `changes.seq` the rowid, the
 * table's own B-tree key, instead of a second index.
 */
export const int64 = (kind: SqlKind) => (kind === 'sqlite' ? 'integer' : 'bigint');

/**
 * SQLite keeps these tables in their primary-key B-tree (WITHOUT ROWID): one lookup per key and
 * no rowid index. PostgreSQL tables are heaps with separate indexes; it has no such option.
 */
export const withoutRowid = (kind: SqlKind) => (kind === 'sqlite' ? sql`without rowid` : sql``);
