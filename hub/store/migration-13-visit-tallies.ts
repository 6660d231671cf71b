import type { Kysely } from 'kysely';
import { sql } from './kysely';
import { int64 as int64Of, withoutRowid, type SqlKind } from './migration-sql';
import type { HubDatabase } from './schema';

/** Milliseconds per hour: the tallies' bucket (an instant's hour since the epoch, floored). */
export const HOUR_MS = 3_600_000;

/**
 * Migration 13 (decision 0028, revision): the indicators' additive tallies, kept by the sync
 * transaction's writes (visit-tallies.ts) and rebuilt here from the rows already stored.
 * - `visit_hours` (hour_at, space): per visited space and UTC hour of check-in, the live visits
 *   with a check-in, how many of them are closed (checked out, not before their check-in) and
 *   the sum of those stays in ms.
 * - `visit_origins` (hour_at, space, origin, member): the same visits counted per origin of the
 *   person — a member's home space id, or `country:XX` for a visitor who gave country XX — as the
 *   person's record reads now; a visit without one (anonymous, no country, no home) is absent.
 * A bucket is the hour's first instant (`hour_at`, epoch ms), so the indicators read it through
 * the same local-time arithmetic as a check-in (indicators-scope.ts).
 */
export async function visitTallyTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const int64 = int64Of(kind);
  // SQLite keeps them in their key's B-tree; a period is one range of it on both databases.
  await sql`CREATE TABLE visit_hours (
    hour_at ${sql.raw(int64)} NOT NULL, space text NOT NULL,
    visits ${sql.raw(int64)} NOT NULL, closed ${sql.raw(int64)} NOT NULL,
    stay_ms ${sql.raw(int64)} NOT NULL,
    PRIMARY KEY (hour_at, space)) ${withoutRowid(kind)}`.execute(db);
  await sql`CREATE TABLE visit_origins (
    hour_at ${sql.raw(int64)} NOT NULL, space text NOT NULL, origin text NOT NULL,
    member ${sql.raw(int64)} NOT NULL, visits ${sql.raw(int64)} NOT NULL,
    PRIMARY KEY (hour_at, space, origin, member)) ${withoutRowid(kind)}`.execute(db);
  for (const statement of visitTallyRebuild(kind)) await sql.raw(statement).execute(db);
}

/**
 * The statements that empty the two tallies and count them again from `records` (the migration's
 * backfill, and a bulk loader's last step: bench-reports-seed.ts). The origin is read from the
 * person's JSON as visit-tallies.ts reads it (`originOf`).
 */
export function visitTallyRebuild(kind: SqlKind): string[] {
  const json = (column: string, path: string) =>
    kind === 'sqlite'
      ? `json_extract(${column}, '$.${path}')`
      : `(${column}::jsonb #>> '{${path.replaceAll('.', ',')}}')`;
  const hour = `(v.check_in_at - ((v.check_in_at % ${HOUR_MS}) + ${HOUR_MS}) % ${HOUR_MS})`;
  const closed = 'v.check_out_at >= v.check_in_at';
  const live = `v.tbl = 'visits' AND v.erased = 0 AND v.check_in_at IS NOT NULL AND v.owner_space IS NOT NULL`;
  const home = json('p.state', 'fields.homeSpaceId.value');
  const country = json('p.state', 'fields.country.value');
  const isFields = `${json('p.state', 'kind')} = 'fields' AND p.erased = 0`;
  return [
    'DELETE FROM visit_hours',
    'DELETE FROM visit_origins',
    `INSERT INTO visit_hours (hour_at, space, visits, closed, stay_ms)
      SELECT ${hour}, v.owner_space, count(*),
        sum(CASE WHEN ${closed} THEN 1 ELSE 0 END),
        sum(CASE WHEN ${closed} THEN v.check_out_at - v.check_in_at ELSE 0 END)
      FROM records v WHERE ${live} GROUP BY 1, 2`,
    ...(['members', 'visitors'] as const).map((table) => {
      const [prefix, origin, given] =
        table === 'members'
          ? ['member:', home, home]
          : ['visitor:', `'country:' || upper(${country})`, country];
      // A join on the person's primary key (tbl, record_id): with a join to a union of all
      // people, SQLite's rebuild of a 1 000 000-visit seed had not ended after 8 minutes.
      return `INSERT INTO visit_origins (hour_at, space, origin, member, visits)
        SELECT ${hour}, v.owner_space, ${origin}, ${table === 'members' ? 1 : 0}, count(*)
        FROM records v JOIN records p
          ON p.tbl = '${table}' AND p.record_id = substr(v.person_key, ${prefix.length + 1})
        WHERE ${live} AND v.person_key LIKE '${prefix}%' AND ${isFields} AND ${given} IS NOT NULL
        GROUP BY 1, 2, 3`;
    }),
  ];
}
