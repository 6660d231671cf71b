import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { SyncedTable } from '#shared/domain/types';
import type { SyncOp } from '#shared/sync/protocol';
import type { RecordState } from '#shared/sync/protocol-merge';
import { POSTGRES_MIGRATIONS } from './migrations';
import {
  lastPerRecord,
  recordKey,
  type HubStore,
  type KioskRow,
  type LogEntry,
  type RecordRow,
  type SyncTx,
  type Verdict,
} from './store';

/** Any key: the advisory lock that keeps two hubs starting at once from migrating twice. */
const MIGRATION_LOCK = 4_242_001;

type Queryable = pg.Pool | pg.PoolClient;

async function inTransaction<T>(
  pool: pg.Pool,
  fn: (c: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(
      'CREATE TABLE IF NOT EXISTS hub_migrations (version INTEGER PRIMARY KEY, at BIGINT)',
    );
    const done = Number(
      (await c.query<{ n: string }>('SELECT COUNT(*) AS n FROM hub_migrations')).rows[0]?.n ?? 0,
    );
    for (const [i, sql] of POSTGRES_MIGRATIONS.slice(done).entries()) {
      await c.query(sql);
      await c.query('INSERT INTO hub_migrations (version, at) VALUES ($1, $2)', [
        done + i + 1,
        Date.now(),
      ]);
    }
    await c.query("INSERT INTO hub_meta (key, value) VALUES ('epoch', $1) ON CONFLICT DO NOTHING", [
      randomUUID(),
    ]);
  });
}

interface RecordDbRow {
  tbl: string;
  record_id: string;
  owner_space: string | null;
  person_key: string | null;
  state: string;
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

function toKiosk(r: Record<string, unknown>): KioskRow {
  return {
    kioskId: String(r['kiosk_id']),
    spaceId: String(r['space_id']),
    tokenHash: String(r['token_hash']),
    createdAt: Number(r['created_at']),
    revokedAt: r['revoked_at'] === null ? null : Number(r['revoked_at']),
    pulledThrough: Number(r['pulled_through']),
  };
}

interface LogDbRow {
  seq: string;
  tbl: string;
  record_id: string;
  scope: string | null;
}

function toLogEntry(r: LogDbRow): LogEntry {
  return {
    seq: Number(r.seq),
    table: r.tbl as SyncedTable,
    recordId: r.record_id,
    scope: r.scope,
  };
}

const ERASED = `'{"kind":"erased"}'`;

function syncTx(c: pg.PoolClient): SyncTx {
  return {
    async loadVerdicts(ids) {
      const out = new Map<string, Verdict>();
      if (ids.length === 0) return out;
      const res = await c.query<{
        mutation_id: string;
        kiosk_id: string;
        status: string;
        code: string | null;
        reason: string | null;
      }>('SELECT * FROM mutations WHERE mutation_id = ANY($1::text[])', [ids]);
      for (const r of res.rows) {
        out.set(r.mutation_id, {
          mutationId: r.mutation_id,
          kioskId: r.kiosk_id,
          status: r.status === 'accepted' ? 'accepted' : 'rejected',
          ...(r.code !== null ? { code: r.code } : {}),
          ...(r.reason !== null ? { reason: r.reason } : {}),
        });
      }
      return out;
    },
    async loadRecords(keys) {
      const out = new Map<string, RecordRow>();
      if (keys.length === 0) return out;
      const res = await c.query<RecordDbRow>(
        `SELECT r.* FROM records r JOIN unnest($1::text[], $2::text[]) AS k(tbl, record_id)
         ON r.tbl = k.tbl AND r.record_id = k.record_id`,
        [keys.map((k) => k.table), keys.map((k) => k.recordId)],
      );
      for (const r of res.rows)
        out.set(recordKey(r.tbl as SyncedTable, r.record_id), toRecordRow(r));
      return out;
    },
    async saveRecords(rows) {
      if (rows.length === 0) return;
      const unique = new Map(rows.map((r) => [recordKey(r.table, r.recordId), r]));
      const list = [...unique.values()];
      await c.query(
        `INSERT INTO records (tbl, record_id, owner_space, person_key, state)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (tbl, record_id) DO UPDATE SET owner_space = EXCLUDED.owner_space,
         person_key = EXCLUDED.person_key, state = EXCLUDED.state`,
        [
          list.map((r) => r.table),
          list.map((r) => r.recordId),
          list.map((r) => r.ownerSpace),
          list.map((r) => r.personKey),
          list.map((r) => JSON.stringify(r.state)),
        ],
      );
    },
    async saveVerdicts(verdicts) {
      if (verdicts.length === 0) return;
      await c.query(
        `INSERT INTO mutations (mutation_id, kiosk_id, status, code, reason)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT DO NOTHING`,
        [
          verdicts.map((v) => v.mutationId),
          verdicts.map((v) => v.kioskId),
          verdicts.map((v) => v.status),
          verdicts.map((v) => v.code ?? null),
          verdicts.map((v) => v.reason ?? null),
        ],
      );
    },
    async appendChanges(changes) {
      const list = lastPerRecord(changes);
      if (list.length === 0) return;
      // The sequencer row is already locked by syncTransaction: numbers follow commit order.
      const res = await c.query<{ value: string }>(
        'UPDATE hub_sequencer SET value = value + $1 WHERE id = 1 RETURNING value',
        [list.length],
      );
      const first = Number(res.rows[0]?.value) - list.length + 1;
      const tables = list.map((x) => x.table);
      const ids = list.map((x) => x.recordId);
      await c.query(
        `DELETE FROM changes c USING unnest($1::text[], $2::text[]) AS k(tbl, record_id)
         WHERE c.tbl = k.tbl AND c.record_id = k.record_id`,
        [tables, ids],
      );
      await c.query(
        `INSERT INTO changes (seq, tbl, record_id, op, record, scope)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [
          list.map((_, i) => first + i),
          tables,
          ids,
          list.map((x) => x.op),
          list.map((x) => (x.record === undefined ? null : JSON.stringify(x.record))),
          list.map((x) => x.scope),
        ],
      );
    },
    async eraseVisitsOf(personKey) {
      const res = await c.query<{ record_id: string }>(
        `UPDATE records SET state = '{"kind":"erased"}'
         WHERE tbl = 'visits' AND person_key = $1 RETURNING record_id`,
        [personKey],
      );
      await c.query("DELETE FROM changes WHERE tbl = 'visits' AND record_id = ANY($1::text[])", [
        res.rows.map((r) => r.record_id),
      ]);
    },
    async loadTable(table) {
      const res = await c.query<RecordDbRow>('SELECT * FROM records WHERE tbl = $1', [table]);
      return res.rows.map(toRecordRow);
    },
    async loadVisitsOf(personKey) {
      const res = await c.query<RecordDbRow>(
        "SELECT * FROM records WHERE tbl = 'visits' AND person_key = $1",
        [personKey],
      );
      return res.rows.map(toRecordRow);
    },
    async loadKiosks() {
      const res = await c.query<Record<string, unknown>>('SELECT * FROM kiosks ORDER BY kiosk_id');
      return res.rows.map(toKiosk);
    },
    async loadErasures() {
      const res = await c.query<LogDbRow>(
        "SELECT seq, tbl, record_id, scope FROM changes WHERE op = 'erase' ORDER BY seq",
      );
      return res.rows.map(toLogEntry);
    },
    async loadVisitTombstoneEntries(personKey) {
      const res = await c.query<LogDbRow>(
        `SELECT c.seq, c.tbl, c.record_id, c.scope FROM records r
         JOIN changes c ON c.tbl = 'visits' AND c.record_id = r.record_id
         WHERE r.tbl = 'visits' AND r.person_key = $1 AND r.state = ${ERASED}`,
        [personKey],
      );
      return res.rows.map(toLogEntry);
    },
    async forgetPerson(table, recordId, personKey) {
      const visits = await c.query<{ record_id: string }>(
        `DELETE FROM records WHERE tbl = 'visits' AND person_key = $1 AND state = ${ERASED}
         RETURNING record_id`,
        [personKey],
      );
      await c.query("DELETE FROM changes WHERE tbl = 'visits' AND record_id = ANY($1::text[])", [
        visits.rows.map((r) => r.record_id),
      ]);
      await c.query('DELETE FROM changes WHERE tbl = $1 AND record_id = $2', [table, recordId]);
      await c.query(`DELETE FROM records WHERE tbl = $1 AND record_id = $2 AND state = ${ERASED}`, [
        table,
        recordId,
      ]);
    },
  };
}

async function one<T extends pg.QueryResultRow>(
  db: Queryable,
  sql: string,
  args: unknown[],
): Promise<T | undefined> {
  return (await db.query<T>(sql, args)).rows[0];
}

/**
 * Connects to PostgreSQL at `url` (a pool of `poolSize`), migrates under an advisory lock and
 * returns the store. Pushes are serialised on the one sequencer row, locked first in every sync
 * transaction, so sequence numbers follow commit order (never a bare SEQUENCE: those commit out
 * of order). Rejects when the database is unreachable or the migration fails.
 */
export async function openPostgresStore(url: string, poolSize = 8): Promise<HubStore> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client's error (server restart) must not crash the hub; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const epoch =
    (await one<{ value: string }>(pool, "SELECT value FROM hub_meta WHERE key = 'epoch'", []))
      ?.value ?? '';

  return {
    kind: 'postgres',
    epoch,
    syncTransaction: (fn) =>
      inTransaction(pool, async (c) => {
        await c.query('SELECT value FROM hub_sequencer WHERE id = 1 FOR UPDATE');
        return fn(syncTx(c));
      }),
    pull: (cursor, limit, spaceId) =>
      inTransaction(
        pool,
        async (c) => {
          const head = Number(
            (await one<{ value: string }>(c, 'SELECT value FROM hub_sequencer WHERE id = 1', []))
              ?.value,
          );
          const res = await c.query<{
            seq: string;
            tbl: string;
            record_id: string;
            op: string;
            record: string | null;
          }>(
            `SELECT seq, tbl, record_id, op, record FROM changes
             WHERE seq > $1 AND ($2::text IS NULL OR scope IS NULL OR scope = $2) ORDER BY seq LIMIT $3`,
            [cursor, spaceId, limit],
          );
          const changes = res.rows.map((r) => ({
            seq: Number(r.seq),
            table: r.tbl as SyncedTable,
            op: r.op as SyncOp,
            recordId: r.record_id,
            ...(r.record !== null ? { record: JSON.parse(r.record) as unknown } : {}),
          }));
          const hasMore = changes.length === limit;
          const last = changes.at(-1);
          return {
            changes,
            cursor: hasMore && last ? last.seq : Math.max(head, cursor),
            hasMore,
            head,
          };
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      ),
    async readRecord(table, recordId) {
      const r = await one<RecordDbRow>(
        pool,
        'SELECT * FROM records WHERE tbl = $1 AND record_id = $2',
        [table, recordId],
      );
      return r ? toRecordRow(r) : undefined;
    },
    async stats() {
      const r = await one<Record<string, string>>(
        pool,
        `SELECT (SELECT COUNT(*) FROM records) AS records, (SELECT COUNT(*) FROM changes) AS changes,
         (SELECT COUNT(*) FROM mutations) AS verdicts, (SELECT value FROM hub_sequencer) AS head`,
        [],
      );
      return {
        records: Number(r?.['records']),
        changes: Number(r?.['changes']),
        verdicts: Number(r?.['verdicts']),
        head: Number(r?.['head']),
      };
    },
    async createEnrolment(codeHash, spaceId, expiresAt) {
      await pool.query(
        'INSERT INTO enrolments (code_hash, space_id, expires_at) VALUES ($1, $2, $3)',
        [codeHash, spaceId, expiresAt],
      );
    },
    redeemEnrolment: (codeHash, kioskId, tokenHash, now) =>
      inTransaction(pool, async (c) => {
        const e = await one<{ space_id: string }>(
          c,
          'SELECT space_id FROM enrolments WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 FOR UPDATE',
          [codeHash, now],
        );
        if (!e) return { ok: false, code: 'enrolment-invalid' } as const;
        const existing = await one<{ space_id: string }>(
          c,
          'SELECT space_id FROM kiosks WHERE kiosk_id = $1 FOR UPDATE',
          [kioskId],
        );
        if (existing && existing.space_id !== e.space_id)
          return { ok: false, code: 'kiosk-other-space' } as const;
        await c.query('UPDATE enrolments SET used_at = $1, kiosk_id = $2 WHERE code_hash = $3', [
          now,
          kioskId,
          codeHash,
        ]);
        await c.query(
          `INSERT INTO kiosks (kiosk_id, space_id, token_hash, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (kiosk_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, revoked_at = NULL`,
          [kioskId, e.space_id, tokenHash, now],
        );
        return { ok: true, spaceId: e.space_id } as const;
      }),
    async findKiosk(kioskId) {
      const r = await one<Record<string, unknown>>(
        pool,
        'SELECT * FROM kiosks WHERE kiosk_id = $1',
        [kioskId],
      );
      return r ? toKiosk(r) : undefined;
    },
    async revokeKiosk(kioskId, now) {
      const res = await pool.query(
        'UPDATE kiosks SET revoked_at = COALESCE(revoked_at, $1) WHERE kiosk_id = $2',
        [now, kioskId],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async listKiosks() {
      const res = await pool.query<Record<string, unknown>>(
        'SELECT * FROM kiosks ORDER BY kiosk_id',
      );
      return res.rows.map(toKiosk);
    },
    async recordPull(kioskId, cursor) {
      // Unchanged marks (an idle kiosk polling) rewrite no row.
      await pool.query(
        'UPDATE kiosks SET pulled_through = $1 WHERE kiosk_id = $2 AND pulled_through <> $1',
        [cursor, kioskId],
      );
    },
    close: () => pool.end(),
  };
}
