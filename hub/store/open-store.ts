import { resolve } from 'node:path';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { HubStore } from './store';

/** The store used when neither `--db` nor HUB_DATABASE_URL says otherwise. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/hub.sqlite';

export interface OpenStoreOptions {
  /** PostgreSQL only: the hub could not refresh the planner's statistics (decision 0050). */
  readonly onStatisticsError?: (e: unknown) => void;
}

/**
 * Opens the store a database URL names: `sqlite:PATH` (relative to the working directory) or
 * `postgres://…` / `postgresql://…`. Rejects on any other form, or when the database cannot be
 * opened or migrated.
 */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<HubStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '' || path === ':memory:') {
      throw new Error('sqlite: needs a file path (the hub uses a reader and a writer connection)');
    }
    return openSqliteStore(resolve(path));
  }
  if (/^postgres(ql)?:\/\//.test(url))
    return openPostgresStore(url, undefined, opts.onStatisticsError);
  throw new Error(`Unsupported database URL "${url}": use sqlite:PATH or postgres://…`);
}
