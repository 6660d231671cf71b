import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { Kysely } from 'kysely';
import * as k from './kysely';
import { statisticsKeeper } from './pg-statistics';
import type { HubDatabase } from './schema';

/**
 * Decision 0050 on a real PostgreSQL (scripts/with-postgres.sh): statistics taken while `records`
 * held no visits make PostgreSQL find a push's visits by `tbl` alone; the keeper analyzes the
 * table once it has grown past them, and the lookup uses the whole key again.
 */
const postgres = storeCases().find((c) => c.name === 'postgres');

const LOOKUP = `EXPLAIN (FORMAT JSON) SELECT * FROM records WHERE tbl = 'visits'
  AND record_id IN (SELECT unnest(ARRAY['v-10', 'v-20', 'v-30']::text[]))`;

/** Every `Index Cond` of a JSON plan, as text. */
function indexConds(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(indexConds);
  if (plan === null || typeof plan !== 'object') return [];
  return Object.entries(plan).flatMap(([k, v]) =>
    k === 'Index Cond' && typeof v === 'string' ? [v] : indexConds(v),
  );
}

describe.runIf(postgres !== undefined)('statisticsKeeper (PostgreSQL)', () => {
  let database: TestDatabase | undefined;
  let client: pg.Client | undefined;
  let db: Kysely<HubDatabase> | undefined;

  afterEach(async () => {
    await db?.destroy();
    await client?.end();
    await database?.drop();
    [db, client, database] = [undefined, undefined, undefined];
  });

  async function open(): Promise<{ client: pg.Client; db: Kysely<HubDatabase>; url: string }> {
    if (postgres === undefined) throw new Error('no PostgreSQL');
    database = await postgres.create();
    await (await database.open()).close(); // migrated
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // Autovacuum must not analyze behind the test's back (it looks once a minute).
    await client.query(`ALTER TABLE records SET (autovacuum_enabled = false)`);
    db = new k.Kysely<HubDatabase>({
      dialect: new k.PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }),
    });
    return { client, db, url: database.url };
  }

  const insertVisits = (c: pg.Client, from: number, to: number) =>
    c.query(`INSERT INTO records (tbl, record_id, owner_space, person_key, state, erased)
      SELECT 'visits', 'v-' || g, 'space-1', 'visitor:p-' || g, '{}', 0
      FROM generate_series(${from}, ${to}) AS g`);

  const lookupConds = async (c: pg.Client) =>
    indexConds((await c.query<{ 'QUERY PLAN': unknown }>(LOOKUP)).rows[0]?.['QUERY PLAN']);

  const lastAnalyze = async (c: pg.Client, table: string) =>
    (
      await c.query<{ at: Date | null }>(
        `SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = $1`,
        [table],
      )
    ).rows[0]?.at ?? null;

  /**
   * Lets the keeper look until `records` is analyzed after `before` (the counters reach it within
   * ~1 s); throws after 20 s.
   */
  async function keepUntilAnalyzed(
    c: pg.Client,
    k: ReturnType<typeof statisticsKeeper>,
    before: Date | null = null,
  ) {
    const until = Date.now() + 20_000;
    while ((await lastAnalyze(c, 'records'))?.getTime() === before?.getTime()) {
      if (Date.now() > until) throw new Error('records was never analyzed');
      k.noteWrite();
      await k.idle();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('analyzes a table that outgrew its statistics; the lookup then uses the whole key', async () => {
    const { client: c, db: kdb } = await open();
    // Statistics of a hub holding its members and no visit yet (before its first night).
    await c.query(`INSERT INTO records (tbl, record_id, state)
      SELECT 'members', 'm-' || g, '{}' FROM generate_series(1, 2000) AS g`);
    await c.query(`ANALYZE records`);
    await insertVisits(c, 1, 20_000);
    expect(await lookupConds(c)).not.toContainEqual(expect.stringContaining('record_id'));
    const analyzedBefore = await lastAnalyze(c, 'records');

    const errors: unknown[] = [];
    const keeper = statisticsKeeper(kdb, { intervalMs: 0, onError: (e) => errors.push(e) });
    await keepUntilAnalyzed(c, keeper, analyzedBefore);
    expect(errors).toEqual([]);
    expect(await lookupConds(c)).toContainEqual(expect.stringContaining('record_id'));
  });

  it('leaves a table alone while its changes stay below its size plus the margin', async () => {
    const { client: c, db: kdb } = await open();
    await insertVisits(c, 1, 400);
    const keeper = statisticsKeeper(kdb, { intervalMs: 0, minChanges: 1000 });
    for (let i = 0; i < 8; i++) {
      keeper.noteWrite();
      await keeper.idle();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await lastAnalyze(c, 'records')).toBeNull();
    // Past the margin: analyzed.
    await insertVisits(c, 401, 1600);
    await keepUntilAnalyzed(c, keeper);
    expect(await lastAnalyze(c, 'records')).not.toBeNull();
  });

  it('looks at most once per interval, and reports a failure without throwing', async () => {
    const { url } = await open();
    const gone = new URL(url);
    gone.pathname = '/no_such_database';
    const pool = new pg.Pool({ connectionString: gone.toString() });
    const broken = new k.Kysely<HubDatabase>({ dialect: new k.PostgresDialect({ pool }) });
    let clock = 0;
    const errors: unknown[] = [];
    const keeper = statisticsKeeper(broken, {
      intervalMs: 1000,
      now: () => clock,
      onError: (e) => errors.push(e),
    });
    keeper.noteWrite();
    await keeper.idle();
    keeper.noteWrite(); // within the interval: no look
    await keeper.idle();
    expect(errors).toHaveLength(1);
    clock = 1000;
    keeper.noteWrite();
    await keeper.idle();
    expect(errors).toHaveLength(2);
    expect(String(errors[0])).toContain('no_such_database');
    await broken.destroy();
  });
});
