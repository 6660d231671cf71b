import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseConnection, Driver, SqlBool } from 'kysely';
import { makeFolderSync } from '../make-folder';
import { PERSON_VISITS_SQL, type SqlEngine } from './engine';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, sql } from './kysely';
import type { HubDatabase } from './schema';
import { openSqlStore } from './sql-store';
import type { HubStore } from './store';

/**
 * Kysely's SQLite driver begins with a deferred BEGIN, which takes the write lock only at the
 * first write and can then fail with SQLITE_BUSY mid-transaction. BEGIN IMMEDIATE takes it first.
 * After an error that SQLite already rolled back (a full disk), a second ROLLBACK would replace
 * the real error with "no transaction is active".
 */
class WriterDriver extends SqliteDriver {
  constructor(private readonly db: Database.Database) {
    super({ database: db });
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.db.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
}

class WriterDialect extends SqliteDialect {
  constructor(private readonly db: Database.Database) {
    super({ database: db });
  }
  override createDriver(): Driver {
    return new WriterDriver(this.db);
  }
}

/**
 * SqlEngine.insertMany for SQLite: Kysely compiles the insert once, for the first row, and
 * better-sqlite3 runs that prepared statement for every row. Measured on this machine (40 000
 * rows, batches of 500): a multi-row VALUES insert or upsert takes about twice as long in SQLite
 * as one prepared single-row statement per row, and compiling a statement per row in Kysely costs
 * more than the insert. `db` must be the connection whose Kysely transaction is open.
 */
function preparedInsert(db: Database.Database): SqlEngine['insertMany'] {
  const statements = new Map<string, Database.Statement>();
  return (insert, rows) => {
    const first = rows[0];
    if (first === undefined) return Promise.resolve();
    const columns = Object.keys(first);
    const values = (row: object) =>
      columns.map((c) => (row as Readonly<Record<string, unknown>>)[c] ?? null);
    const { sql, parameters } = insert.values(first).compile();
    // The row's values lead the parameters, in column order; any after them (an ON CONFLICT
    // clause's) are the same for every row. Checked, since it is Kysely's layout, not its API.
    const head = values(first);
    if (!db.inTransaction || head.some((v, i) => parameters[i] !== v)) {
      return Promise.reject(new Error(`insertMany cannot reuse this statement: ${sql}`));
    }
    const tail = parameters.slice(columns.length);
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    for (const row of rows) statement.run(...values(row), ...tail);
    return Promise.resolve();
  };
}

/**
 * PostgreSQL's `bit_or` aggregate, which SQLite lacks, so the presence counts (decision 0048,
 * indicators-presence.ts) are one text on both. The values are 32-bit masks (migration 16).
 */
function addBitOr(db: Database.Database): void {
  db.aggregate('bit_or', {
    start: 0,
    step: (acc: number, value: unknown) =>
      typeof value === 'number' || typeof value === 'bigint' ? (acc | Number(value)) >>> 0 : acc,
    deterministic: true,
  });
}

/** The page size of a new hub database (decision 0060). */
const PAGE_SIZE = 8192;

/** WAL bytes between two automatic checkpoints, whatever the page size. */
const CHECKPOINT_BYTES = 20_000 * 4096;

function openWriter(path: string): Database.Database {
  makeFolderSync(dirname(path));
  const db = new Database(path);
  // First: switching a new file to WAL needs a lock another hub process may hold for a moment.
  db.pragma('busy_timeout = 5000');
  // A new database gets 8 KiB pages (decision 0060): the same rows in half as many pages, so
  // fewer B-tree levels and half the WAL frames (SQLite writes each with calls of its own); a
  // feed import's writes took ≈ 10 % less time. Only an empty file takes a page size: a
  // database made before keeps its 4 KiB.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // 64 MiB of page cache for the writer (default 2 MiB): a push of random-keyed records dirties
  // hundreds of B-tree pages, which a small cache spills to the WAL mid-transaction and re-reads.
  db.pragma('cache_size = -65536');
  // Checkpoint every ≈ 80 MiB of WAL (20 000 pages of 4 KiB, 10 000 of 8 KiB) instead of 1 000
  // pages: a push of random-keyed records writes hundreds of pages, so the default copied pages
  // into the database file and fsynced it every few commits; now a page rewritten by successive
  // pushes is copied once (a third less system time in a 100 000-visit ingest). Costs a larger
  // WAL file and a longer replay after a crash; each commit is still fsynced (synchronous = FULL).
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.pragma(`wal_autocheckpoint = ${Math.round(CHECKPOINT_BYTES / pageSize)}`);
  addBitOr(db);
  return db;
}

/**
 * SQLite's half of SqlEngine: one writer connection (Kysely runs its queries one at a time, so
 * writes are serialised) and one read-only connection for pulls and lookups, so a pull never
 * sees a push that may still roll back.
 */
function sqliteEngine(path: string): SqlEngine {
  const writerDb = openWriter(path);
  let readerDb: Database.Database;
  try {
    readerDb = new Database(path, { readonly: true });
    readerDb.pragma('busy_timeout = 5000');
    addBitOr(readerDb);
  } catch (e) {
    writerDb.close();
    throw e;
  }
  const writer = new Kysely<HubDatabase>({ dialect: new WriterDialect(writerDb) });
  const reader = new Kysely<HubDatabase>({ dialect: new SqliteDialect({ database: readerDb }) });
  const write: SqlEngine['write'] = (fn) => writer.transaction().execute(fn);
  return {
    kind: 'sqlite',
    write,
    // One writer already serialises every write: keys add nothing.
    writeKeyed: (_keys, fn) => write(fn),
    // One writer: bookkeeping writes queue behind pushes like everything else.
    update: write,
    // BEGIN IMMEDIATE is the migration lock: a second hub on the file waits (busy_timeout).
    migration: write,
    reader,
    read: (fn) => reader.transaction().execute(fn),
    insertMany: preparedInsert(writerDb),
    oneOf: (column, values) => sql<SqlBool>`${sql.ref(column)} IN (${sql.join([...values])})`,
    personVisits: sql.raw<SqlBool>(PERSON_VISITS_SQL.sqlite),
    async close() {
      // Waits for the transaction in progress: Kysely hands out the one connection in turn.
      await writer.connection().execute(() => Promise.resolve());
      await reader.destroy();
      await writer.destroy();
    },
  };
}

/**
 * Opens (creating and migrating) the hub's SQLite file at `path`: WAL, full sync, one writer
 * connection (64 MiB page cache, checkpoints every ≈ 80 MiB of WAL) and one reader connection.
 * Rejects when the file cannot be opened or migrated.
 */
export async function openSqliteStore(path: string): Promise<HubStore> {
  return openSqlStore(sqliteEngine(path));
}
