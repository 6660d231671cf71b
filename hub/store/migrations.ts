/**
 * Schema migrations of the hub's two stores, applied in order, each once, recorded in
 * `hub_migrations`. Never edit a released entry: append a new one. Both stores hold the same
 * tables: records (merge state per record), changes (the log, one entry per record, numbered by
 * the single hub_sequencer row), mutations (verdict per mutation id), kiosks and enrolments
 * (hashed codes and credentials) and hub_meta (the epoch). Migration 2 adds each kiosk's
 * `pulled_through`: the cursor of its latest pull request, what the erasure compaction waits for.
 */

/** SQLite (better-sqlite3). */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE hub_sequencer (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
   INSERT INTO hub_sequencer (id, value) VALUES (1, 0);
   CREATE TABLE records (tbl TEXT NOT NULL, record_id TEXT NOT NULL, owner_space TEXT,
     person_key TEXT, state TEXT NOT NULL, PRIMARY KEY (tbl, record_id)) WITHOUT ROWID;
   CREATE INDEX records_person ON records (person_key) WHERE person_key IS NOT NULL;
   CREATE TABLE changes (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, record_id TEXT NOT NULL,
     op TEXT NOT NULL, record TEXT, scope TEXT, UNIQUE (tbl, record_id));
   CREATE TABLE mutations (mutation_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
     status TEXT NOT NULL, code TEXT, reason TEXT) WITHOUT ROWID;
   CREATE TABLE kiosks (kiosk_id TEXT PRIMARY KEY, space_id TEXT NOT NULL,
     token_hash TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
   CREATE TABLE enrolments (code_hash TEXT PRIMARY KEY, space_id TEXT NOT NULL,
     expires_at INTEGER NOT NULL, used_at INTEGER, kiosk_id TEXT);`,
  `ALTER TABLE kiosks ADD COLUMN pulled_through INTEGER NOT NULL DEFAULT 0;`,
];

/** PostgreSQL. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE hub_sequencer (id INTEGER PRIMARY KEY CHECK (id = 1), value BIGINT NOT NULL);
   INSERT INTO hub_sequencer (id, value) VALUES (1, 0);
   CREATE TABLE records (tbl TEXT NOT NULL, record_id TEXT NOT NULL, owner_space TEXT,
     person_key TEXT, state TEXT NOT NULL, PRIMARY KEY (tbl, record_id));
   CREATE INDEX records_person ON records (person_key) WHERE person_key IS NOT NULL;
   CREATE TABLE changes (seq BIGINT PRIMARY KEY, tbl TEXT NOT NULL, record_id TEXT NOT NULL,
     op TEXT NOT NULL, record TEXT, scope TEXT, UNIQUE (tbl, record_id));
   CREATE TABLE mutations (mutation_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
     status TEXT NOT NULL, code TEXT, reason TEXT);
   CREATE TABLE kiosks (kiosk_id TEXT PRIMARY KEY, space_id TEXT NOT NULL,
     token_hash TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT);
   CREATE TABLE enrolments (code_hash TEXT PRIMARY KEY, space_id TEXT NOT NULL,
     expires_at BIGINT NOT NULL, used_at BIGINT, kiosk_id TEXT);`,
  `ALTER TABLE kiosks ADD COLUMN pulled_through BIGINT NOT NULL DEFAULT 0;`,
];
