import type { InsertQueryBuilder, InsertResult, Insertable, SqlBool } from 'kysely';
import pg from 'pg';
import { PERSON_VISITS_SQL, type BulkTable, type SqlEngine } from './engine';
import { Kysely, PostgresDialect, sql } from './kysely';
import { statisticsKeeper } from './pg-statistics';
import type { HubDatabase } from './schema';
import { openSqlStore } from './sql-store';
import type { HubStore } from './store';

/** Any key: the advisory lock that keeps two hubs starting at once from migrating twice. */
const MIGRATION_LOCK = 4_242_001;
/**
 * The advisory lock every sync transaction holds: exclusively for `write` (it may read or change
 * any record), shared for `writeKeyed` (which then locks its own keys). Lock order, the same in
 * every transaction so none waits in a cycle: this lock, then the keys (sorted, in one
 * statement), then the sequencer row.
 */
const SYNC_LOCK = 4_242_002;

/**
 * BIGINT columns (sequences, epoch milliseconds, counts) as numbers, as SQLite gives them, so
 * the mappers are the same for both; `pg` hands them over as strings by default. Set on this
 * pool only: pg's global parsers stay untouched. Every such value the hub stores is below 2^53.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pg.types.builtins.INT8 ? Number : (pg.types.getTypeParser(oid, format) as unknown),
};

/** The bulk tables' integer columns that may be null in every row of a batch. */
const NULLABLE_INTEGERS: ReadonlySet<string> = new Set([
  'change_seq',
  'check_in_at',
  'check_out_at',
]);

/**
 * The SQL type of an unnest() array for a column's values: the bulk tables hold only text and
 * 64-bit integers; an all-null column is text unless it is one of NULLABLE_INTEGERS.
 */
function arrayType(column: string, values: readonly unknown[]): string {
  return NULLABLE_INTEGERS.has(column) || values.some((v) => typeof v === 'number')
    ? 'bigint[]'
    : 'text[]';
}

/**
 * SqlEngine.insertMany for PostgreSQL: one statement whatever the batch size. Each column travels
 * as one array parameter and unnest() turns them back into rows, instead of a VALUES list of
 * rows × columns parameters that PostgreSQL would parse and plan anew for every batch size.
 */
async function unnestInsert<T extends BulkTable>(
  insert: InsertQueryBuilder<HubDatabase, T, InsertResult>,
  rows: readonly Insertable<HubDatabase[T]>[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first) as (keyof HubDatabase[T] & string)[];
  const arrays = columns.map((c) =>
    rows.map((r) => (r as Readonly<Record<string, unknown>>)[c] ?? null),
  );
  const unnest = sql.join(
    arrays.map((a, i) => sql`${a}::${sql.raw(arrayType(columns[i] ?? '', a))}`),
  );
  await insert
    .columns(columns)
    .expression(sql`SELECT * FROM unnest(${unnest})`)
    .execute();
}

function postgresEngine(
  url: string,
  poolSize: number,
  onStatisticsError?: (e: unknown) => void,
): SqlEngine {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle client's error (server restart) must not crash the hub; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<HubDatabase>({ dialect: new PostgresDialect({ pool }) });
  // Statistics follow fast growth (decision 0050): each committed write lets the keeper look.
  const statistics = statisticsKeeper(db, { onError: onStatisticsError });
  const noted = async <T>(write: Promise<T>): Promise<T> => {
    const result = await write;
    statistics.noteWrite();
    return result;
  };
  return {
    kind: 'postgres',
    // Every sync transaction locks the one sequencer row first, so pushes run one at a time and
    // their sequence numbers become visible in commit order (never a bare SEQUENCE: those commit
    // out of order).
    write: (fn) =>
      noted(
        db.transaction().execute(async (tx) => {
          await sql`SELECT pg_advisory_xact_lock(${SYNC_LOCK})`.execute(tx);
          await tx
            .selectFrom('hub_sequencer')
            .select('value')
            .where('id', '=', 1)
            .forUpdate()
            .execute();
          return fn(tx);
        }),
      ),
    // The keys are hashed to advisory-lock numbers (a collision only makes two pushes wait for
    // each other). Absent records are locked too, which row locks could not do. The sequencer
    // row is locked by the transaction's first change-log write only, so pushes of different
    // records read, merge and write their rows side by side and queue for one insert and commit.
    writeKeyed: (keys, fn) =>
      noted(
        db.transaction().execute(async (tx) => {
          await sql`SELECT pg_advisory_xact_lock_shared(${SYNC_LOCK})`.execute(tx);
          await sql`SELECT count(pg_advisory_xact_lock(h)) FROM (
            SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${[...keys]}::text[]) AS k
            ORDER BY h) AS sorted`.execute(tx);
          return fn(tx);
        }),
      ),
    update: (fn) => noted(db.transaction().execute(fn)),
    migration: (fn) =>
      db.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
        await fn(tx);
      }),
    reader: db,
    read: (fn) =>
      db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn),
    insertMany: unnestInsert,
    oneOf: (column, values) =>
      sql<SqlBool>`${sql.ref(column)} IN (SELECT unnest(${values}::text[]))`,
    personVisits: sql.raw<SqlBool>(PERSON_VISITS_SQL.postgres),
    close: async () => {
      await statistics.idle();
      await db.destroy();
    },
  };
}

/**
 * Connects to PostgreSQL at `url` (a pool of `poolSize`), migrates under an advisory lock and
 * returns the store. Rejects when the database is unreachable or the migration fails. A failed
 * refresh of the planner's statistics (decision 0050) goes to `onStatisticsError`.
 */
export async function openPostgresStore(
  url: string,
  poolSize = 8,
  onStatisticsError?: (e: unknown) => void,
): Promise<HubStore> {
  return openSqlStore(postgresEngine(url, poolSize, onStatisticsError));
}
