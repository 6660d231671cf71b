import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Every row of every table of a hub database, as one JSON text per table, read straight from the
 * database behind `url` (`sqlite:<path>` or a PostgreSQL URL): what a GDPR test searches for
 * traces of a person, independent of the store's own queries. Rejects when it cannot connect.
 */
export async function dumpHubTables(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        out[name] = JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all());
      }
    } finally {
      db.close();
    }
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    for (const { table_name } of tables.rows) {
      out[table_name] = JSON.stringify((await client.query(`SELECT * FROM "${table_name}"`)).rows);
    }
  } finally {
    await client.end();
  }
  return out;
}
