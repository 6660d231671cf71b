import type { Kysely } from 'kysely';
import { jsonText, readAttendance } from './attendance';
import type { SqlEngine } from './engine';
import { newVisitors, presentPeople, visitedSpaces } from './indicators-presence';
import type {
  CrossBorder,
  IndicatorPeriod,
  IndicatorsStore,
  IndicatorSpace,
} from './indicators-rows';
import { DAY_MS, visitScope, type VisitScope } from './indicators-scope';
import {
  foldCrossBorder,
  foldStay,
  TALLY,
  tallyCrossBorder,
  tallyHours,
  tallyStay,
  tallyWeeks,
  toWeeks,
} from './indicators-tallied';
import { sql } from './kysely';
import type { SqlKind } from './migrations';
import type { HubDatabase } from './schema';

/**
 * The indicators over either database (indicators-rows.ts states the rules; decision 0028 why
 * they are computed this way). Each figure is one statement over the visit columns of migration
 * 11, read in the range of `records_visit_time`; the spaces' zones enter as CASE expressions of
 * offsets (indicators-scope.ts), so neither database needs a time-zone table and both read local
 * time the same way. Computed columns are grouped in an outer query: PostgreSQL matches a GROUP
 * BY expression to the select list by its text, and the same bound value twice is two parameters.
 * The additive figures sum migration 13's hour tallies when exact (indicators-tallied.ts); the
 * distinct counts read migration 16's presence rows (indicators-presence.ts, decision 0048).
 */

/** Live spaces, parsed in JS (a handful of rows); one without a zone or country is skipped. */
async function loadSpaces(db: Kysely<HubDatabase>): Promise<IndicatorSpace[]> {
  const rows = await db
    .selectFrom('records')
    .select(['record_id', 'state'])
    .where('tbl', '=', 'spaces')
    .where('erased', '=', 0)
    .orderBy('record_id')
    .execute();
  return rows.flatMap((r) => {
    const state = JSON.parse(r.state) as {
      kind: string;
      fields?: Record<string, { value: unknown }>;
    };
    const value = (name: string) => state.fields?.[name]?.value;
    const [name, country, timezone] = [value('name'), value('country'), value('timezone')];
    if (state.kind !== 'fields' || typeof country !== 'string' || typeof timezone !== 'string') {
      return [];
    }
    return [
      { id: r.record_id, name: typeof name === 'string' ? name : r.record_id, country, timezone },
    ];
  });
}

/**
 * What an aggregate gives: a number, but PostgreSQL's sum() is NUMERIC, which pg hands over as
 * text (only BIGINT is parsed as a number: postgres-store.ts); read through Number().
 */
type Counted = number | string;

const localDay = (s: VisitScope) => sql<Counted>`(${s.localMs} / ${sql.lit(DAY_MS)})`;

/**
 * Cross-border visits grouped by origin, visited space and local day. The people are every live
 * member (origin: home space) and every visitor who gave a country (origin: `country:XX`), with
 * the origin's country; a visit counts when that country is not its space's.
 */
async function crossBorder(
  db: Kysely<HubDatabase>,
  kind: SqlKind,
  s: VisitScope,
): Promise<CrossBorder> {
  const home = jsonText(kind, 'p.state', ['fields', 'homeSpaceId', 'value']);
  const country = sql<string>`upper(${jsonText(kind, 'p.state', ['fields', 'country', 'value'])})`;
  const members = db
    .selectFrom('records as p')
    .where('p.tbl', '=', 'members')
    .where('p.erased', '=', 0)
    .select([
      sql<string>`'member:' || p.record_id`.as('person_key'),
      home.as('origin'),
      s.countryOf(home).as('origin_country'),
      sql<Counted>`1`.as('is_member'),
    ]);
  const visitors = db
    .selectFrom('records as p')
    .where('p.tbl', '=', 'visitors')
    .where('p.erased', '=', 0)
    .where(country, 'is not', null)
    .select([
      sql<string>`'visitor:' || p.record_id`.as('person_key'),
      sql<string>`'country:' || ${country}`.as('origin'),
      country.as('origin_country'),
      sql<Counted>`0`.as('is_member'),
    ]);
  const rows = await db
    .with('people', () => members.unionAll(visitors))
    .selectFrom((qb) =>
      qb
        .selectFrom('records as v')
        .innerJoin('people as o', 'o.person_key', 'v.person_key')
        .where(s.where)
        .where(sql<boolean>`o.origin_country <> ${s.countryOf(sql.ref('v.owner_space'))}`)
        .select(['o.origin', 'o.is_member', 'v.owner_space as visited', localDay(s).as('day')])
        .as('x'),
    )
    .groupBy(['x.origin', 'x.is_member', 'x.visited', 'x.day'])
    .select(['x.origin', 'x.is_member', 'x.visited', 'x.day', sql<Counted>`count(*)`.as('visits')])
    .execute();
  return foldCrossBorder(rows);
}

/** The indicators' sub-store over `engine` (contract: indicators-rows.ts). */
export function indicatorsStore(engine: SqlEngine): IndicatorsStore {
  const inScope = <T>(
    period: IndicatorPeriod,
    fn: (db: Kysely<HubDatabase>, s: VisitScope) => Promise<T>,
  ) => engine.read(async (db) => fn(db, visitScope(await loadSpaces(db), period)));
  // The additive figures sum the hour tallies when that is exact (indicators-tallied.ts).
  const tallied = <T>(
    period: IndicatorPeriod,
    byTally: (db: Kysely<HubDatabase>, s: VisitScope) => Promise<T>,
    byRows: (db: Kysely<HubDatabase>, s: VisitScope) => Promise<T>,
  ) =>
    engine.read(async (db) => {
      const spaces = await loadSpaces(db);
      const t = visitScope(spaces, period, TALLY);
      return t.hourly ? byTally(db, t) : byRows(db, visitScope(spaces, period));
    });
  return {
    spaces: () => engine.read(loadSpaces),
    visitsPerWeek: (period) =>
      tallied(period, tallyWeeks, async (db, s) => {
        const day = localDay(s);
        const rows = await db
          .selectFrom((qb) =>
            qb
              .selectFrom('records as v')
              .where(s.where)
              .select([
                'v.owner_space as space_id',
                sql<Counted>`${day} - (${day} + 3) % 7`.as('monday'),
              ])
              .as('x'),
          )
          .groupBy(['x.monday', 'x.space_id'])
          .select(['x.monday', 'x.space_id', sql<Counted>`count(*)`.as('visits')])
          .orderBy('x.monday')
          .orderBy('x.space_id')
          .execute();
        return toWeeks(rows);
      }),
    // Distinct people: the presence rows of migration 16 (indicators-presence.ts).
    uniquePeople: (period) =>
      engine.read(async (db) => {
        const spaces = await loadSpaces(db);
        const s = visitScope(spaces, period);
        const { bySpace, total } = await presentPeople(db, s, period);
        const visited = await visitedSpaces(db, spaces, period, s);
        return {
          bySpace: visited.spaces.map((spaceId) => ({
            spaceId,
            ...(bySpace.get(spaceId) ?? { members: 0, visitors: 0 }),
          })),
          total,
        };
      }),
    newReturning: (period) =>
      engine.read(async (db) => {
        const spaces = await loadSpaces(db);
        const s = visitScope(spaces, period);
        const { total } = await presentPeople(db, s, period);
        const fresh = await newVisitors(db, spaces, period, s);
        return { newVisitors: fresh, returningVisitors: total.visitors - fresh };
      }),
    crossBorder: (period) =>
      tallied(period, tallyCrossBorder, (db, s) => crossBorder(db, engine.kind, s)),
    busiestHours: (period) =>
      tallied(period, tallyHours, async (db, s) => {
        const rows = await db
          .selectFrom((qb) =>
            qb
              .selectFrom('records as v')
              .where(s.where)
              .select(sql<number>`${s.localMs}`.as('local_ms'))
              .as('x'),
          )
          .select([
            sql<Counted>`(x.local_ms / ${sql.lit(DAY_MS)} + 3) % 7 + 1`.as('weekday'),
            sql<Counted>`(x.local_ms % ${sql.lit(DAY_MS)}) / 3600000`.as('hour'),
            sql<Counted>`count(*)`.as('visits'),
          ])
          .groupBy([sql`1`, sql`2`])
          .orderBy(sql`1`)
          .orderBy(sql`2`)
          .execute();
        return rows.map((r) => ({
          weekday: Number(r.weekday),
          hour: Number(r.hour),
          visits: Number(r.visits),
        }));
      }),
    averageStay: (period) =>
      tallied(period, tallyStay, async (db, s) => {
        const rows = await db
          .selectFrom('records as v')
          .where(s.where)
          .where(sql<boolean>`v.check_out_at >= v.check_in_at`)
          .groupBy('v.owner_space')
          .select([
            'v.owner_space',
            sql<Counted>`count(*)`.as('closed'),
            sql<Counted | null>`sum(v.check_out_at - v.check_in_at)`.as('stay_ms'),
          ])
          .orderBy('v.owner_space')
          .execute();
        return foldStay(
          rows.map((r) => ({ space: r.owner_space, closed: r.closed, stayMs: r.stay_ms })),
        );
      }),
    eventAttendance: (period) =>
      inScope(period, async (db, s) => {
        const ranges = [...s.windows.values()];
        if (ranges.length === 0) return [];
        const rows = await readAttendance(db, engine.kind, {
          fromMs: Math.min(...ranges.map((w) => w.fromMs)),
          toMs: Math.max(...ranges.map((w) => w.toMs)),
        });
        return rows.filter((r) => {
          const w = s.windows.get(r.spaceId);
          return w !== undefined && r.startsAt >= w.fromMs && r.startsAt < w.toMs;
        });
      }),
    networkTotals: ({ from, to }) =>
      engine.read(async (db) => {
        const spaces = await loadSpaces(db);
        const t = visitScope(spaces, { from, to }, TALLY);
        const s = visitScope(spaces, { from, to });
        const { total } = await presentPeople(db, s, { from, to });
        const { visits } = await visitedSpaces(db, spaces, { from, to }, s);
        const cross = t.hourly
          ? await tallyCrossBorder(db, t)
          : await crossBorder(db, engine.kind, s);
        return { visits, ...total, crossBorder: cross.total };
      }),
  };
}
