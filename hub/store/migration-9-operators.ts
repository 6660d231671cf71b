import type { Kysely } from 'kysely';
import type { SqlKind } from './migrations';
import type { HubDatabase } from './schema';

/**
 * Migration 9: the console's operators (decision 0026). `operators` (email unique as stored:
 * the store lower-cases it, so uniqueness is case-insensitive), `operator_sessions` (keyed by
 * the SHA-256 of the cookie value, never the value), `login_failures` (throttling, one row per
 * account or client address) and `audit_log` (append-only, numbered by `seq`).
 */
export async function operatorTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const s = db.schema;
  // Same rule as migrations.ts: BIGINT on PostgreSQL, INTEGER (64-bit already) on SQLite.
  const int64 = kind === 'sqlite' ? 'integer' : 'bigint';
  await s
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('space_id', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('last_login_at', int64)
    .execute();
  await s
    .createTable('operator_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('last_seen_at', int64, (c) => c.notNull())
    .execute();
  await s
    .createIndex('operator_sessions_operator')
    .on('operator_sessions')
    .column('operator_id')
    .execute();
  await s
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', int64, (c) => c.notNull())
    .addColumn('blocked_until', int64, (c) => c.notNull())
    .execute();
  // SQLite: INTEGER PRIMARY KEY is the rowid, numbered on insert; PostgreSQL: an identity column.
  await s
    .createTable('audit_log')
    .addColumn('seq', int64, (c) =>
      kind === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity(),
    )
    .addColumn('at', int64, (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
}
