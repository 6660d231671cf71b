import type { Expression, RawBuilder, SqlBool } from 'kysely';
import { offsetSpans } from '#shared/time/offsets';
import { startOfDay } from '#shared/time/zoned';
import type { IndicatorPeriod, IndicatorSpace } from './indicators-rows';
import { sql } from './kysely';

/** Milliseconds per day: local days are counted from 1970-01-01, a Thursday. */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (nothing else: the period is validated again here, since stores trust no caller). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function wallDate(text: string): { year: number; month: number; day: number } {
  const m = DATE.exec(text);
  if (m === null) throw new RangeError(`Not a date (YYYY-MM-DD): ${text}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** A period's visits, resolved against the spaces' zones, as SQL over `records as v`. */
export interface VisitScope {
  /** The counted spaces (asked and known), by id. */
  readonly spaces: readonly IndicatorSpace[];
  /**
   * The visits of the period at the counted spaces: a range of `records_visit_time` (the widest
   * window of any zone) narrowed to each space's own local dates.
   */
  readonly where: Expression<SqlBool>;
  /** Each counted space's period as instants: [fromMs, toMs) of its zone's local dates. */
  readonly windows: ReadonlyMap<string, { readonly fromMs: number; readonly toMs: number }>;
  /** The check-in as local wall time of its space, in epoch ms (instant + the zone's offset then). */
  readonly localMs: RawBuilder<number>;
  /** The country (ISO code) of the space whose id `spaceId` gives; null for a space not held. */
  countryOf(spaceId: Expression<string | null>): RawBuilder<string | null>;
  /**
   * Every window bound, offset and offset change is a whole hour, so an hour bucket of check-ins
   * (the tallies, migration 13) lies in one window and one offset: sums over buckets are exact.
   */
  readonly hourly: boolean;
}

/** Where a scope reads its check-ins: the visit rows, or an hour tally (migration 13). */
export interface ScopeColumns {
  readonly at: string;
  readonly space: string;
  /** Restricts `records` to visits; none for a tally. */
  readonly visitsOnly: boolean;
}

/** The visit rows of `records as v`. */
export const VISIT_ROWS: ScopeColumns = {
  at: 'v.check_in_at',
  space: 'v.owner_space',
  visitsOnly: true,
};

const HOUR = 3_600_000;

/** The spaces grouped by zone, so each zone's offsets and window are written once. */
function byZone(spaces: readonly IndicatorSpace[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of spaces) out.set(s.timezone, [...(out.get(s.timezone) ?? []), s.id]);
  return out;
}

const list = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}`));

/**
 * The scope of `period` over `all` (every live space, which cross-border reads countries from).
 * Throws a RangeError for a bad date, an unknown zone or `to` not after `from`.
 */
export function visitScope(
  all: readonly IndicatorSpace[],
  period: IndicatorPeriod,
  columns: ScopeColumns = VISIT_ROWS,
): VisitScope {
  const from = wallDate(period.from);
  const to = wallDate(period.to);
  if (period.to <= period.from) throw new RangeError('The period must end after it starts.');
  const asked = period.spaces === undefined ? undefined : new Set(period.spaces);
  const spaces = all.filter((s) => asked === undefined || asked.has(s.id));
  const checkIn = sql.ref(columns.at);
  const owner = sql.ref(columns.space);
  let hourly = true;
  const windows: RawBuilder<SqlBool>[] = [];
  const instants = new Map<string, { fromMs: number; toMs: number }>();
  const offsets: RawBuilder<number>[] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const [zone, ids] of byZone(spaces)) {
    const start = startOfDay(from, zone);
    const end = startOfDay(to, zone);
    for (const id of ids) instants.set(id, { fromMs: start, toMs: end });
    low = Math.min(low, start);
    high = Math.max(high, end);
    windows.push(
      sql<SqlBool>`(${owner} in (${list(ids)}) and ${checkIn} >= ${sql.lit(start)} and ${checkIn} < ${sql.lit(end)})`,
    );
    const spans = offsetSpans(zone, start, end);
    const bounds = [start, end, ...spans.flatMap((s) => [s.toMs, s.offsetMs])];
    hourly &&= bounds.every((ms) => ms % HOUR === 0);
    const last = spans.at(-1)?.offsetMs ?? 0;
    const steps = spans
      .slice(0, -1)
      .map((s) => sql`when ${checkIn} < ${sql.lit(s.toMs)} then ${sql.lit(s.offsetMs)}`);
    const offset =
      steps.length === 0
        ? sql`${sql.lit(last)}`
        : sql`case ${sql.join(steps, sql` `)} else ${sql.lit(last)} end`;
    offsets.push(sql<number>`when ${owner} in (${list(ids)}) then ${offset}`);
  }
  const where =
    spaces.length === 0
      ? sql<SqlBool>`1 = 0`
      : sql<SqlBool>`${columns.visitsOnly ? sql`v.tbl = 'visits' and ` : sql``}${checkIn} >= ${sql.lit(low)}
          and ${checkIn} < ${sql.lit(high)} and (${sql.join(windows, sql` or `)})`;
  const localMs =
    offsets.length === 0
      ? sql<number>`${checkIn}`
      : sql<number>`(${checkIn} + case ${sql.join(offsets, sql` `)} else 0 end)`;
  const countries = all.map((s) => sql`when ${s.id} then ${s.country}`);
  return {
    spaces,
    where,
    windows: instants,
    localMs,
    hourly,
    countryOf: (spaceId) =>
      countries.length === 0
        ? sql<string | null>`null`
        : sql<string | null>`(case ${spaceId} ${sql.join(countries, sql` `)} end)`,
  };
}

/** The local date `day` (days since 1970-01-01) as `YYYY-MM-DD`. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week (`YYYY-Www`) of the Monday `monday` (days since 1970-01-01). */
export function isoWeekOf(monday: number): string {
  // The ISO week's year is its Thursday's, and week 1 holds the year's first Thursday.
  const thursday = new Date((monday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday + 3 - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
