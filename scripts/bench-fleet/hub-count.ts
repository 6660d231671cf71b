import Database from 'better-sqlite3';
import pg from 'pg';

/** What the hub's database holds of the night's tables, read with plain SQL (not the hub's code). */
export interface HubHoldings {
  /** Every change-log entry of visits and visitors: key and record (null for delete/erase). */
  readonly entries: [key: string, record: unknown][];
  /** Keys of the live (neither deleted nor erased) rows of `records`. */
  readonly rows: ReadonlySet<string>;
}

const ENTRIES_SQL =
  "SELECT tbl, record_id, record FROM changes WHERE tbl IN ('visits', 'visitors') ORDER BY seq";
const ROWS_SQL =
  "SELECT tbl, record_id FROM records WHERE tbl IN ('visits', 'visitors') AND erased = 0 " +
  'AND state NOT LIKE \'{"kind":"deleted"%\'';

interface EntryRow {
  tbl: string;
  record_id: string;
  record: string | null;
}

function holdings(entries: readonly EntryRow[], rows: readonly Omit<EntryRow, 'record'>[]) {
  return {
    entries: entries.map((e): [string, unknown] => [
      `${e.tbl}/${e.record_id}`,
      e.record === null ? null : JSON.parse(e.record),
    ]),
    rows: new Set(rows.map((r) => `${r.tbl}/${r.record_id}`)),
  };
}

/**
 * Reads the hub database `url` (`sqlite:PATH` or `postgres://…`, as `--db` takes it), read-only
 * for SQLite (WAL lets it read while a hub runs). Rejects when it cannot be opened or queried.
 */
export async function hubHoldings(url: string): Promise<HubHoldings> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      return holdings(
        db.prepare(ENTRIES_SQL).all() as EntryRow[],
        db.prepare(ROWS_SQL).all() as EntryRow[],
      );
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const entries = await client.query<EntryRow>(ENTRIES_SQL);
    const rows = await client.query<EntryRow>(ROWS_SQL);
    return holdings(entries.rows, rows.rows);
  } finally {
    await client.end();
  }
}
