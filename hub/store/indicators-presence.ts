import type { Kysely, RawBuilder } from 'kysely';
import type { IndicatorPeriod, IndicatorSpace, PeopleCount } from './indicators-rows';
import { visitScope, type VisitScope } from './indicators-scope';
import { TALLY } from './indicators-tallied';
import { sql } from './kysely';
import { dayNumber, periodCells } from './presence-calendar';
import type { HubDatabase } from './schema';

/**
 * The distinct counts read from migration 16's presence rows (decision 0048) instead of every
 * visit of the period: a period's local dates are whole months (month rows) and edge days (day
 * rows); a person counts once per space when any of those rows has their bit (OR per block, then
 * popcount), and once in the total when any space's has (OR over the spaces too). Exact for any
 * zone: the rows are local dates of each space. New visitors come from `person_first`.
 */

/** What an aggregate gives: PostgreSQL's sum() is NUMERIC, which pg hands over as text. */
type Counted = number | string;

/** The number of bits set in a 32-bit value `x` (a column), in integer arithmetic both speak. */
function popcount(x: string) {
  const a = `(${x} - ((${x} >> 1) & 1431655765))`;
  const b = `((${a} & 858993459) + ((${a} >> 2) & 858993459))`;
  const c = `((${b} + (${b} >> 4)) & 252645135)`;
  return sql.raw(`((((${c}) * 16843009) & 4294967295) >> 24)`);
}

/** `YYYY-MM-DD` (already validated by visitScope) → day number. */
const dayOf = (text: string) => {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  return dayNumber({ year, month, day });
};

/** Distinct members and visitors per space of the scope, and over all of them. */
export async function presentPeople(
  db: Kysely<HubDatabase>,
  s: VisitScope,
  period: IndicatorPeriod,
): Promise<{ bySpace: Map<string, PeopleCount>; total: PeopleCount }> {
  const bySpace = new Map<string, PeopleCount>();
  const total = { members: 0, visitors: 0 };
  if (s.spaces.length === 0) return { bySpace, total };
  const cells = periodCells(dayOf(period.from), dayOf(period.to));
  const ids = () => sql.join(s.spaces.map((x) => sql`${x.id}`));
  const parts: RawBuilder<unknown>[] = [];
  if (cells.months !== null) {
    parts.push(sql`SELECT space, member, block, bits FROM presence_months
      WHERE space IN (${ids()}) AND month >= ${sql.lit(cells.months.from)}
        AND month < ${sql.lit(cells.months.to)}`);
  }
  if (cells.days.length > 0) {
    const ranges = cells.days.map(
      (r) => sql`(day >= ${sql.lit(r.from)} AND day < ${sql.lit(r.to)})`,
    );
    parts.push(sql`SELECT space, member, block, bits FROM presence_days
      WHERE space IN (${ids()}) AND (${sql.join(ranges, sql` OR `)})`);
  }
  const { rows } = await sql<{ space: string | null; member: Counted; people: Counted | null }>`
    WITH cells AS (
      SELECT p.space, p.member, p.block, bit_or(p.bits) AS bits
      FROM (${sql.join(parts, sql` UNION ALL `)}) p GROUP BY p.space, p.member, p.block)
    SELECT c.space, c.member, sum(${popcount('c.bits')}) AS people
      FROM cells c GROUP BY c.space, c.member
    UNION ALL
    SELECT NULL, t.member, sum(${popcount('t.bits')}) FROM (
      SELECT member, block, bit_or(bits) AS bits FROM cells GROUP BY member, block) t
    GROUP BY t.member`.execute(db);
  for (const r of rows) {
    const n = Number(r.people ?? 0);
    const field = Number(r.member) === 1 ? 'members' : 'visitors';
    if (r.space === null) {
      total[field] += n;
      continue;
    }
    const counts = bySpace.get(r.space) ?? { members: 0, visitors: 0 };
    bySpace.set(r.space, { ...counts, [field]: counts[field] + n });
  }
  return { bySpace, total };
}

/**
 * The spaces with a visit in the scope (anonymous ones too), in the database's order, and the
 * visits: from the hour tally when the scope is hourly, else from the visit rows.
 */
export async function visitedSpaces(
  db: Kysely<HubDatabase>,
  all: readonly IndicatorSpace[],
  period: IndicatorPeriod,
  s: VisitScope,
): Promise<{ spaces: string[]; visits: number }> {
  const t = visitScope(all, period, TALLY);
  const rows: { space: string | null; visits: Counted }[] = t.hourly
    ? await db
        .selectFrom('visit_hours as h')
        .where(t.where)
        .groupBy('h.space')
        .having(sql<boolean>`sum(h.visits) > 0`)
        .select(['h.space', sql<Counted>`sum(h.visits)`.as('visits')])
        .orderBy('h.space')
        .execute()
    : await db
        .selectFrom('records as v')
        .where(s.where)
        .groupBy('v.owner_space')
        .select(['v.owner_space as space', sql<Counted>`count(*)`.as('visits')])
        .orderBy('v.owner_space')
        .execute();
  return {
    spaces: rows.map((r) => r.space ?? ''),
    visits: rows.reduce((sum, r) => sum + Number(r.visits), 0),
  };
}

/**
 * Visitors whose first visit in the network is in the scope: their first check-in is at a space
 * of the scope inside its window. When several visits share that first instant (`tied`), the
 * visitor is new if any of them is in the scope, read from `records` (today's rule: returning
 * means a visit strictly before the first one in the scope).
 */
export async function newVisitors(
  db: Kysely<HubDatabase>,
  all: readonly IndicatorSpace[],
  period: IndicatorPeriod,
  s: VisitScope,
): Promise<number> {
  const windows = [...s.windows.values()];
  if (windows.length === 0) return 0;
  const low = Math.min(...windows.map((w) => w.fromMs));
  const high = Math.max(...windows.map((w) => w.toMs));
  const first = visitScope(all, period, {
    at: 'f.first_at',
    space: 'f.first_space',
    visitsOnly: false,
  });
  const tied = visitScope(all, period, {
    at: 'w.check_in_at',
    space: 'w.owner_space',
    visitsOnly: false,
  });
  const r = await db
    .selectFrom('person_first as f')
    .where('f.first_at', '>=', low)
    .where('f.first_at', '<', high)
    .where(
      sql<boolean>`((f.tied = 0 AND ${first.where}) OR (f.tied = 1 AND EXISTS (
        SELECT 1 FROM records w WHERE w.person_key = f.person_key AND w.tbl = 'visits'
          AND w.check_in_at = f.first_at AND ${tied.where})))`,
    )
    .select(sql<Counted>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
