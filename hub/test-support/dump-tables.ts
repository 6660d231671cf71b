import { tableNames, withRawDb } from './raw-db';

/**
 * Every row of every table of a hub database, as one JSON text per table (ordered by table name
 * on both databases), read straight from the database behind `url` (`sqlite:<path>` or a
 * PostgreSQL URL): what a GDPR test searches for traces of a person, independent of the store's
 * own queries. Rejects when it cannot connect.
 */
export function dumpHubTables(url: string): Promise<Record<string, string>> {
  return withRawDb(url, async (db) => {
    const out: Record<string, string> = {};
    for (const name of await tableNames(db)) {
      out[name] = JSON.stringify(await db.query(`SELECT * FROM "${name}"`));
    }
    return out;
  });
}
