import type { Kysely } from 'kysely';
import type { AverageStay, CrossBorder, HourVisits, WeekVisits } from './indicators-rows';
import { DAY_MS, dayText, isoWeekOf, type ScopeColumns, type VisitScope } from './indicators-scope';
import { sql } from './kysely';
import type { HubDatabase } from './schema';

/**
 * The additive indicators summed from the hour tallies of migration 13 (visit-tallies.ts keeps
 * them): a period reads one bucket per space and hour instead of every visit. Exact when the
 * scope is `hourly` (every zone's window bounds and offsets whole hours: each bucket then lies in
 * one window and one offset); indicators.ts reads the visit rows otherwise. Same figures, same
 * order as the row statements (indicators-rows.ts states the rules).
 */

/** What an aggregate gives: PostgreSQL's sum() is NUMERIC, which pg hands over as text. */
type Counted = number | string;

/** The scope's columns over a tally read as `h` (`visit_hours` or `visit_origins`). */
export const TALLY: ScopeColumns = { at: 'h.hour_at', space: 'h.space', visitsOnly: false };

const localDay = (s: VisitScope) => sql<Counted>`(${s.localMs} / ${sql.lit(DAY_MS)})`;

/** Visits per space per ISO week (IndicatorsStore.visitsPerWeek). */
export async function tallyWeeks(db: Kysely<HubDatabase>, s: VisitScope): Promise<WeekVisits[]> {
  const day = localDay(s);
  const rows = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('visit_hours as h')
        .where(s.where)
        .select([
          'h.space as space_id',
          'h.visits',
          sql<Counted>`${day} - (${day} + 3) % 7`.as('monday'),
        ])
        .as('x'),
    )
    .groupBy(['x.monday', 'x.space_id'])
    .having(sql<boolean>`sum(x.visits) > 0`)
    .select(['x.monday', 'x.space_id', sql<Counted>`sum(x.visits)`.as('visits')])
    .orderBy('x.monday')
    .orderBy('x.space_id')
    .execute();
  return toWeeks(rows);
}

/** Rows of visits per space and week's Monday (a day number) → the figure. */
export function toWeeks(
  rows: readonly { space_id: string | null; monday: Counted; visits: Counted }[],
): WeekVisits[] {
  return rows.map((r) => ({
    spaceId: r.space_id ?? '',
    week: isoWeekOf(Number(r.monday)),
    monday: dayText(Number(r.monday)),
    visits: Number(r.visits),
  }));
}

/** Check-ins per local weekday and hour (IndicatorsStore.busiestHours). */
export async function tallyHours(db: Kysely<HubDatabase>, s: VisitScope): Promise<HourVisits[]> {
  const rows = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('visit_hours as h')
        .where(s.where)
        .select(['h.visits', sql<number>`${s.localMs}`.as('local_ms')])
        .as('x'),
    )
    .select([
      sql<Counted>`(x.local_ms / ${sql.lit(DAY_MS)} + 3) % 7 + 1`.as('weekday'),
      sql<Counted>`(x.local_ms % ${sql.lit(DAY_MS)}) / 3600000`.as('hour'),
      sql<Counted>`sum(x.visits)`.as('visits'),
    ])
    .groupBy([sql`1`, sql`2`])
    .having(sql<boolean>`sum(x.visits) > 0`)
    .orderBy(sql`1`)
    .orderBy(sql`2`)
    .execute();
  return rows.map((r) => ({
    weekday: Number(r.weekday),
    hour: Number(r.hour),
    visits: Number(r.visits),
  }));
}

/** Closed visits and mean stay per space and in all (IndicatorsStore.averageStay). */
export async function tallyStay(db: Kysely<HubDatabase>, s: VisitScope): Promise<AverageStay> {
  const rows = await db
    .selectFrom('visit_hours as h')
    .where(s.where)
    .groupBy('h.space')
    .having(sql<boolean>`sum(h.closed) > 0`)
    .select([
      'h.space',
      sql<Counted>`sum(h.closed)`.as('closed'),
      sql<Counted>`sum(h.stay_ms)`.as('stay_ms'),
    ])
    .orderBy('h.space')
    .execute();
  return foldStay(rows.map((r) => ({ space: r.space, closed: r.closed, stayMs: r.stay_ms })));
}

/** Per-space closed counts and stay sums → the figures, per space and in all. */
export function foldStay(
  rows: readonly { space: string | null; closed: Counted; stayMs: Counted | null }[],
): AverageStay {
  const figures = (closed: number, ms: number) => ({
    closedVisits: closed,
    averageMinutes: closed === 0 ? 0 : Math.round(ms / closed / 6_000) / 10,
  });
  let closed = 0;
  let ms = 0;
  const bySpace = rows.map((r) => {
    closed += Number(r.closed);
    ms += Number(r.stayMs);
    return { spaceId: r.space ?? '', ...figures(Number(r.closed), Number(r.stayMs)) };
  });
  return { bySpace, total: figures(closed, ms) };
}

/** Cross-border visits per origin, kind of person, visited space and local day. */
export interface CrossBorderRow {
  readonly origin: string | null;
  readonly is_member: Counted;
  readonly visited: string | null;
  readonly day: Counted;
  readonly visits: Counted;
}

/** Cross-border visits (IndicatorsStore.crossBorder), from the origin tally. */
export async function tallyCrossBorder(
  db: Kysely<HubDatabase>,
  s: VisitScope,
): Promise<CrossBorder> {
  const originCountry = sql<string | null>`case when h.member = 1 then ${s.countryOf(
    sql.ref('h.origin'),
  )} else substr(h.origin, 9) end`;
  const rows = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('visit_origins as h')
        .where(s.where)
        .where(sql<boolean>`${originCountry} <> ${s.countryOf(sql.ref('h.space'))}`)
        .select([
          'h.origin',
          'h.member as is_member',
          'h.space as visited',
          'h.visits',
          localDay(s).as('day'),
        ])
        .as('x'),
    )
    .groupBy(['x.origin', 'x.is_member', 'x.visited', 'x.day'])
    .having(sql<boolean>`sum(x.visits) > 0`)
    .select([
      'x.origin',
      'x.is_member',
      'x.visited',
      'x.day',
      sql<Counted>`sum(x.visits)`.as('visits'),
    ])
    .execute();
  return foldCrossBorder(rows);
}

/** Rows per origin, kind, space and day → the total, the months and the flows, ordered. */
export function foldCrossBorder(rows: readonly CrossBorderRow[]): CrossBorder {
  const months = new Map<string, { members: number; visitors: number }>();
  const flows = new Map<string, { from: string; to: string; visits: number }>();
  let total = 0;
  for (const r of rows) {
    const visits = Number(r.visits);
    total += visits;
    const month = dayText(Number(r.day)).slice(0, 7);
    const m = months.get(month) ?? { members: 0, visitors: 0 };
    if (Number(r.is_member) === 1) m.members += visits;
    else m.visitors += visits;
    months.set(month, m);
    const key = `${r.origin}\u0000${r.visited}`;
    const f = flows.get(key) ?? { from: r.origin ?? '', to: r.visited ?? '', visits: 0 };
    f.visits += visits;
    flows.set(key, f);
  }
  return {
    total,
    byMonth: [...months]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, m]) => ({ month, ...m })),
    flows: [...flows.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1)),
  };
}
