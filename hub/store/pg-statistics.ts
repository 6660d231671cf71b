import type { Kysely } from 'kysely';
import { sql } from './kysely';
import type { HubDatabase } from './schema';

/** Any key: one hub at a time analyzes (a second would only wait for the first's table locks). */
const ANALYZE_LOCK = 4_242_003;

export interface StatisticsKeeperOptions {
  /** Changes on top of a table's size at its last analyze before it is analyzed again. */
  readonly minChanges?: number;
  /** Least time between two looks at the counters. */
  readonly intervalMs?: number;
  /** A look or an ANALYZE failed (the write it followed has committed all the same). */
  readonly onError?: (e: unknown) => void;
  readonly now?: () => number;
}

export interface StatisticsKeeper {
  /** Call after a write commits: looks at the counters in the background, at most per interval. */
  noteWrite(): void;
  /** Resolves when no look or ANALYZE is running (call before closing the pool). */
  idle(): Promise<void>;
}

interface TableCounters {
  relname: string;
  changed: number | string;
  tuples: number | string;
}

/**
 * Keeps PostgreSQL's planner statistics in step with tables that grow fast (decision 0050).
 * Autovacuum analyzes a table once its changes exceed a tenth of its size, but looks at each
 * database once a minute (autovacuum_naptime): a hub whose `records` grows from a few thousand
 * rows to 200 000 in that minute (a network's first night, a bulk import) is planned with
 * statistics saying there are no visits, and PostgreSQL then finds a push's rows by `tbl` alone
 * and filters: every push reads every visit. After a write this reads the hub's tables' counters
 * (pg_stat_user_tables, shared by every hub on the database) and analyzes those changed by more
 * than their size at the last analyze plus `minChanges`: a table that doubled. A table of steady
 * size is left to autovacuum. Never awaited by a write; failures go to `onError`, and autovacuum
 * stays in charge.
 */
export function statisticsKeeper(
  db: Kysely<HubDatabase>,
  opts: StatisticsKeeperOptions = {},
): StatisticsKeeper {
  const minChanges = opts.minChanges ?? 1000;
  const intervalMs = opts.intervalMs ?? 1000;
  const now = opts.now ?? Date.now;
  let running: Promise<void> | null = null;
  let lastLook = -Infinity;

  const look = async (): Promise<void> => {
    const { rows } = await sql<TableCounters>`
      SELECT s.relname, s.n_mod_since_analyze AS changed, c.reltuples AS tuples
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()`.execute(db);
    const stale = rows
      .filter((r) => Number(r.changed) > minChanges + Math.max(0, Number(r.tuples)))
      .map((r) => r.relname);
    if (stale.length === 0) return;
    await db.transaction().execute(async (tx) => {
      const { rows: got } = await sql<{
        ok: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${ANALYZE_LOCK}) AS ok`.execute(tx);
      if (got[0]?.ok !== true) return;
      await sql`ANALYZE ${sql.join(stale.map((t) => sql.table(t)))}`.execute(tx);
    });
  };

  return {
    noteWrite() {
      if (running !== null || now() - lastLook < intervalMs) return;
      lastLook = now();
      running = look()
        .catch((e: unknown) => opts.onError?.(e))
        .finally(() => {
          running = null;
        });
    },
    idle: () => running ?? Promise.resolve(),
  };
}
