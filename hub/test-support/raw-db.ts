import Database from 'better-sqlite3';
import pg from 'pg';

/** Plain SQL on a hub database, past the store: what tests use to set up or inspect raw rows. */
export interface RawDb {
  readonly kind: 'sqlite' | 'postgres';
  /** The rows of one statement (PostgreSQL's BIGINT values come back as strings). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Runs one or more statements, separated by semicolons. */
  exec(sql: string): Promise<void>;
}

/**
 * Opens the database behind `url` (`sqlite:<path>` or a PostgreSQL URL) with its plain driver,
 * runs `fn` and closes it. SQLite is opened read-only unless `write`. Rejects when it cannot
 * connect or when `fn` rejects.
 */
export async function withRawDb<T>(
  url: string,
  fn: (db: RawDb) => Promise<T>,
  { write = false }: { write?: boolean } = {},
): Promise<T> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: !write });
    try {
      return await fn({
        kind: 'sqlite',
        query: (sql) => Promise.resolve(db.prepare(sql).all() as Record<string, unknown>[]),
        exec: (sql) => {
          db.exec(sql);
          return Promise.resolve();
        },
      });
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn({
      kind: 'postgres',
      query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
      exec: async (sql) => {
        await client.query(sql);
      },
    });
  } finally {
    await client.end();
  }
}

/** The names of the hub database's tables, sorted. */
export async function tableNames(db: RawDb): Promise<string[]> {
  const rows =
    db.kind === 'sqlite'
      ? await db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      : await db.query(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        );
  return rows.map((r) => String(r['name']));
}

/**
 * The shape of the hub database's tables as the database itself reports it (columns with their
 * types, nullability, defaults and keys; indexes and constraints), for comparing two databases.
 */
export async function schemaOf(db: RawDb): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of await tableNames(db)) {
    if (db.kind === 'sqlite') {
      const [info] = await db.query(`SELECT wr FROM pragma_table_list WHERE name = '${table}'`);
      const columns = await db.query(
        `SELECT name, lower(type) AS type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`,
      );
      const indexes = await db.query(
        `SELECT l.name, l."unique", l.origin, l.partial, group_concat(i.name) AS columns
         FROM pragma_index_list('${table}') l JOIN pragma_index_info(l.name) i
         GROUP BY l.name ORDER BY l.name`,
      );
      out[table] = { withoutRowid: info?.['wr'], columns, indexes };
    } else {
      const columns = await db.query(
        `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`,
      );
      const indexes = await db.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '${table}' ORDER BY indexname`,
      );
      const constraints = await db.query(
        `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE conrelid = '${table}'::regclass ORDER BY conname`,
      );
      out[table] = { columns, indexes, constraints };
    }
  }
  return out;
}
