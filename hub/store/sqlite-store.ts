import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SyncedTable } from '#shared/domain/types';
import type { Change, SyncOp } from '#shared/sync/protocol';
import type { RecordState } from '#shared/sync/protocol-merge';
import { SQLITE_MIGRATIONS } from './migrations';
import {
  lastPerRecord,
  recordKey,
  type HubStore,
  type KioskRow,
  type LogEntry,
  type PullPage,
  type RecordRow,
  type RedeemOutcome,
  type StoreStats,
  type SyncTx,
  type Verdict,
} from './store';

interface RecordDbRow {
  tbl: string;
  record_id: string;
  owner_space: string | null;
  person_key: string | null;
  state: string;
}
interface ChangeDbRow {
  seq: number;
  tbl: string;
  record_id: string;
  op: string;
  record: string | null;
}
interface KioskDbRow {
  kiosk_id: string;
  space_id: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
  pulled_through: number;
}
interface LogDbRow {
  seq: number;
  tbl: string;
  record_id: string;
  scope: string | null;
}

function toRecordRow(r: RecordDbRow): RecordRow {
  return {
    table: r.tbl as SyncedTable,
    recordId: r.record_id,
    ownerSpace: r.owner_space,
    personKey: r.person_key,
    state: JSON.parse(r.state) as RecordState,
  };
}

function toKiosk(r: KioskDbRow): KioskRow {
  return {
    kioskId: r.kiosk_id,
    spaceId: r.space_id,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    pulledThrough: r.pulled_through,
  };
}

function toLogEntry(r: LogDbRow): LogEntry {
  return { seq: r.seq, table: r.tbl as SyncedTable, recordId: r.record_id, scope: r.scope };
}

function toChange(r: ChangeDbRow): Change {
  return {
    seq: r.seq,
    table: r.tbl as SyncedTable,
    op: r.op as SyncOp,
    recordId: r.record_id,
    ...(r.record !== null ? { record: JSON.parse(r.record) as unknown } : {}),
  };
}

/** Runs async critical sections one at a time, in call order. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS hub_migrations (version INTEGER PRIMARY KEY, at INTEGER)');
  const done = db.prepare('SELECT COUNT(*) AS n FROM hub_migrations').get() as { n: number };
  db.transaction(() => {
    SQLITE_MIGRATIONS.slice(done.n).forEach((sql, i) => {
      db.exec(sql);
      db.prepare('INSERT INTO hub_migrations (version, at) VALUES (?, ?)').run(
        done.n + i + 1,
        Date.now(),
      );
    });
    db.prepare("INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('epoch', ?)").run(randomUUID());
  }).immediate();
}

/**
 * Opens (creating and migrating) the hub's SQLite file: WAL, full sync, one writer connection
 * (with a 64 MiB page cache and checkpoints every ≈ 80 MiB of WAL)
 * behind a mutex and one reader connection, so pulls never see a push that may still roll back.
 * Throws when the file cannot be opened or migrated.
 */
export function openSqliteStore(path: string): HubStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache for the writer (default 2 MiB): a push of random-keyed records dirties
  // hundreds of B-tree pages, which a small cache spills to the WAL mid-transaction and re-reads.
  db.pragma('cache_size = -65536');
  // Checkpoint every 20 000 WAL pages (≈ 80 MiB) instead of 1 000: a push of random-keyed records
  // writes hundreds of pages, so the default copied pages into the database file and fsynced it
  // every few commits; now a page rewritten by successive pushes is copied once (a third less
  // system time in a 100 000-visit ingest). Costs a larger WAL file and a longer replay after a
  // crash; each commit is still fsynced (synchronous = FULL).
  db.pragma('wal_autocheckpoint = 20000');
  migrate(db);
  const reader = new Database(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const epoch = (
    db.prepare("SELECT value FROM hub_meta WHERE key = 'epoch'").get() as {
      value: string;
    }
  ).value;
  const lock = new Mutex();

  const q = {
    verdict: db.prepare('SELECT * FROM mutations WHERE mutation_id = ?'),
    record: db.prepare('SELECT * FROM records WHERE tbl = ? AND record_id = ?'),
    saveRecord: db.prepare(
      `INSERT INTO records (tbl, record_id, owner_space, person_key, state) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tbl, record_id) DO UPDATE SET owner_space = excluded.owner_space,
       person_key = excluded.person_key, state = excluded.state`,
    ),
    saveVerdict: db.prepare(
      'INSERT OR IGNORE INTO mutations (mutation_id, kiosk_id, status, code, reason) VALUES (?, ?, ?, ?, ?)',
    ),
    seq: db.prepare('SELECT value FROM hub_sequencer WHERE id = 1'),
    setSeq: db.prepare('UPDATE hub_sequencer SET value = ? WHERE id = 1'),
    dropChange: db.prepare('DELETE FROM changes WHERE tbl = ? AND record_id = ?'),
    addChange: db.prepare(
      'INSERT INTO changes (seq, tbl, record_id, op, record, scope) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    visitsOf: db.prepare("SELECT record_id FROM records WHERE tbl = 'visits' AND person_key = ?"),
    table: db.prepare('SELECT * FROM records WHERE tbl = ?'),
    visitRows: db.prepare("SELECT * FROM records WHERE tbl = 'visits' AND person_key = ?"),
    eraseVisit: db.prepare(
      `UPDATE records SET state = '{"kind":"erased"}' WHERE tbl = 'visits' AND record_id = ?`,
    ),
    kiosks: db.prepare('SELECT * FROM kiosks ORDER BY kiosk_id'),
    // Unchanged marks (an idle kiosk polling) write nothing, so their commit syncs nothing.
    recordPull: db.prepare(
      'UPDATE kiosks SET pulled_through = ? WHERE kiosk_id = ? AND pulled_through <> ?',
    ),
    erasures: db.prepare(
      "SELECT seq, tbl, record_id, scope FROM changes WHERE op = 'erase' ORDER BY seq",
    ),
    tombstoneEntries: db.prepare(
      `SELECT c.seq, c.tbl, c.record_id, c.scope FROM records r
       JOIN changes c ON c.tbl = 'visits' AND c.record_id = r.record_id
       WHERE r.tbl = 'visits' AND r.person_key = ? AND r.state = '{"kind":"erased"}'`,
    ),
    dropTombstoneChanges: db.prepare(
      `DELETE FROM changes WHERE tbl = 'visits' AND record_id IN (SELECT record_id FROM records
       WHERE tbl = 'visits' AND person_key = ? AND state = '{"kind":"erased"}')`,
    ),
    dropVisitTombstones: db.prepare(
      `DELETE FROM records WHERE tbl = 'visits' AND person_key = ?
       AND state = '{"kind":"erased"}'`,
    ),
    dropTombstone: db.prepare(
      `DELETE FROM records WHERE tbl = ? AND record_id = ? AND state = '{"kind":"erased"}'`,
    ),
  };

  const tx: SyncTx = {
    loadVerdicts(ids) {
      const out = new Map<string, Verdict>();
      for (const id of ids) {
        const r = q.verdict.get(id) as
          | {
              mutation_id: string;
              kiosk_id: string;
              status: string;
              code: string | null;
              reason: string | null;
            }
          | undefined;
        if (r) {
          out.set(id, {
            mutationId: r.mutation_id,
            kioskId: r.kiosk_id,
            status: r.status === 'accepted' ? 'accepted' : 'rejected',
            ...(r.code !== null ? { code: r.code } : {}),
            ...(r.reason !== null ? { reason: r.reason } : {}),
          });
        }
      }
      return Promise.resolve(out);
    },
    loadRecords(keys) {
      const out = new Map<string, RecordRow>();
      for (const k of keys) {
        const r = q.record.get(k.table, k.recordId) as RecordDbRow | undefined;
        if (r) out.set(recordKey(k.table, k.recordId), toRecordRow(r));
      }
      return Promise.resolve(out);
    },
    saveRecords(rows) {
      for (const r of rows) {
        q.saveRecord.run(r.table, r.recordId, r.ownerSpace, r.personKey, JSON.stringify(r.state));
      }
      return Promise.resolve();
    },
    saveVerdicts(verdicts) {
      for (const v of verdicts) {
        q.saveVerdict.run(v.mutationId, v.kioskId, v.status, v.code ?? null, v.reason ?? null);
      }
      return Promise.resolve();
    },
    appendChanges(changes) {
      let seq = (q.seq.get() as { value: number }).value;
      for (const c of lastPerRecord(changes)) {
        seq += 1;
        q.dropChange.run(c.table, c.recordId);
        const record = c.record === undefined ? null : JSON.stringify(c.record);
        q.addChange.run(seq, c.table, c.recordId, c.op, record, c.scope);
      }
      q.setSeq.run(seq);
      return Promise.resolve();
    },
    eraseVisitsOf(personKey) {
      for (const { record_id } of q.visitsOf.all(personKey) as { record_id: string }[]) {
        q.eraseVisit.run(record_id);
        q.dropChange.run('visits', record_id);
      }
      return Promise.resolve();
    },
    loadTable(table) {
      return Promise.resolve((q.table.all(table) as RecordDbRow[]).map(toRecordRow));
    },
    loadVisitsOf(personKey) {
      return Promise.resolve((q.visitRows.all(personKey) as RecordDbRow[]).map(toRecordRow));
    },
    loadKiosks() {
      return Promise.resolve((q.kiosks.all() as KioskDbRow[]).map(toKiosk));
    },
    loadErasures() {
      return Promise.resolve((q.erasures.all() as LogDbRow[]).map(toLogEntry));
    },
    loadVisitTombstoneEntries(personKey) {
      return Promise.resolve((q.tombstoneEntries.all(personKey) as LogDbRow[]).map(toLogEntry));
    },
    forgetPerson(table, recordId, personKey) {
      q.dropTombstoneChanges.run(personKey);
      q.dropVisitTombstones.run(personKey);
      q.dropChange.run(table, recordId);
      q.dropTombstone.run(table, recordId);
      return Promise.resolve();
    },
  };

  function writeTx<T>(fn: () => Promise<T>): Promise<T> {
    return lock.run(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn();
        db.exec('COMMIT');
        return result;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  const readPage = reader.transaction((cursor: number, limit: number, space: string | null) => {
    const head = (
      reader.prepare('SELECT value FROM hub_sequencer WHERE id = 1').get() as {
        value: number;
      }
    ).value;
    const rows = reader
      .prepare(
        `SELECT seq, tbl, record_id, op, record FROM changes
         WHERE seq > ? AND (? IS NULL OR scope IS NULL OR scope = ?) ORDER BY seq LIMIT ?`,
      )
      .all(cursor, space, space, limit) as ChangeDbRow[];
    return { head, rows };
  });

  return {
    kind: 'sqlite',
    epoch,
    syncTransaction: (fn) => writeTx(() => fn(tx)),
    pull(cursor, limit, spaceId): Promise<PullPage> {
      const { head, rows } = readPage(cursor, limit, spaceId);
      const hasMore = rows.length === limit;
      const last = rows.at(-1);
      const next = hasMore && last ? last.seq : Math.max(head, cursor);
      return Promise.resolve({ changes: rows.map(toChange), cursor: next, hasMore, head });
    },
    readRecord(table, recordId) {
      const r = reader
        .prepare('SELECT * FROM records WHERE tbl = ? AND record_id = ?')
        .get(table, recordId) as RecordDbRow | undefined;
      return Promise.resolve(r ? toRecordRow(r) : undefined);
    },
    stats(): Promise<StoreStats> {
      const count = (t: string) =>
        (reader.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
      const head = (reader.prepare('SELECT value FROM hub_sequencer').get() as { value: number })
        .value;
      return Promise.resolve({
        records: count('records'),
        changes: count('changes'),
        verdicts: count('mutations'),
        head,
      });
    },
    createEnrolment(codeHash, spaceId, expiresAt) {
      return writeTx(() => {
        db.prepare('INSERT INTO enrolments (code_hash, space_id, expires_at) VALUES (?, ?, ?)').run(
          codeHash,
          spaceId,
          expiresAt,
        );
        return Promise.resolve();
      });
    },
    redeemEnrolment(codeHash, kioskId, tokenHash, now): Promise<RedeemOutcome> {
      return writeTx<RedeemOutcome>(() => {
        const e = db
          .prepare(
            'SELECT space_id FROM enrolments WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
          )
          .get(codeHash, now) as { space_id: string } | undefined;
        if (!e) return Promise.resolve({ ok: false, code: 'enrolment-invalid' } as const);
        const existing = db
          .prepare('SELECT space_id FROM kiosks WHERE kiosk_id = ?')
          .get(kioskId) as { space_id: string } | undefined;
        if (existing && existing.space_id !== e.space_id) {
          return Promise.resolve({ ok: false, code: 'kiosk-other-space' } as const);
        }
        db.prepare('UPDATE enrolments SET used_at = ?, kiosk_id = ? WHERE code_hash = ?').run(
          now,
          kioskId,
          codeHash,
        );
        db.prepare(
          `INSERT INTO kiosks (kiosk_id, space_id, token_hash, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (kiosk_id) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL`,
        ).run(kioskId, e.space_id, tokenHash, now);
        return Promise.resolve({ ok: true, spaceId: e.space_id } as const);
      });
    },
    findKiosk(kioskId) {
      const r = reader.prepare('SELECT * FROM kiosks WHERE kiosk_id = ?').get(kioskId) as
        KioskDbRow | undefined;
      return Promise.resolve(r ? toKiosk(r) : undefined);
    },
    revokeKiosk(kioskId, now) {
      return writeTx(() => {
        const info = db
          .prepare('UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?) WHERE kiosk_id = ?')
          .run(now, kioskId);
        return Promise.resolve(info.changes > 0);
      });
    },
    listKiosks() {
      const rows = reader.prepare('SELECT * FROM kiosks ORDER BY kiosk_id').all() as KioskDbRow[];
      return Promise.resolve(rows.map(toKiosk));
    },
    recordPull(kioskId, cursor) {
      return writeTx(() => {
        q.recordPull.run(cursor, kioskId, cursor);
        return Promise.resolve();
      });
    },
    close() {
      return lock.run(() => {
        reader.close();
        db.close();
        return Promise.resolve();
      });
    },
  };
}
