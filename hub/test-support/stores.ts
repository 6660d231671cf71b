import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../store/postgres-store';
import { openSqliteStore } from '../store/sqlite-store';
import type { HubStore } from '../store/store';

/**
 * The stores every hub test runs against: SQLite always, PostgreSQL when HUB_TEST_POSTGRES_URL is
 * set (scripts/with-postgres.sh sets it). Each open() gives a fresh, empty database.
 */
export interface TestDatabase {
  /** What `--db` takes to open the same database (for child-process hubs). */
  readonly url: string;
  open(): Promise<HubStore>;
  /** Drops the database (stores opened on it must be closed first). */
  drop(): Promise<void>;
}

export interface StoreCase {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

function sqliteCase(): StoreCase {
  return {
    name: 'sqlite',
    create() {
      const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
      const path = join(dir, 'hub.sqlite');
      return Promise.resolve({
        url: `sqlite:${path}`,
        open: () => openSqliteStore(path),
        drop: () => {
          rmSync(dir, { recursive: true, force: true });
          return Promise.resolve();
        },
      });
    },
  };
}

function postgresCase(adminUrl: string): StoreCase {
  return {
    name: 'postgres',
    async create() {
      const name = `hub_${randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        open: () => openPostgresStore(url.toString(), 4),
        async drop() {
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  };
}

/** SQLite, plus PostgreSQL when HUB_TEST_POSTGRES_URL is set. */
export function storeCases(): StoreCase[] {
  const pgUrl = process.env['HUB_TEST_POSTGRES_URL'];
  return pgUrl ? [sqliteCase(), postgresCase(pgUrl)] : [sqliteCase()];
}
