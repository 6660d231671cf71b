import type { AttendanceRow } from '../store/attendance';
import type {
  AverageStay,
  CrossBorder,
  HourVisits,
  IndicatorSpace,
  NetworkTotals,
  NewReturning,
  UniquePeople,
  WeekVisits,
} from '../store/indicators-rows';
import type { HubStore } from '../store/store';

/**
 * The indicators of one period as the console and the exports read them: every chart's data,
 * for the spaces asked (a space manager: their own), plus the network's totals.
 */
export interface IndicatorReport {
  readonly from: string;
  readonly to: string;
  /** The spaces counted, as named in the charts. */
  readonly spaces: readonly IndicatorSpace[];
  /** Every live space's name, so flows from other spaces are named too. */
  readonly names: Readonly<Record<string, string>>;
  readonly visitsPerWeek: readonly WeekVisits[];
  readonly uniquePeople: UniquePeople;
  readonly newReturning: NewReturning;
  readonly crossBorder: CrossBorder;
  readonly busiestHours: readonly HourVisits[];
  readonly averageStay: AverageStay;
  readonly events: readonly AttendanceRow[];
  readonly network: NetworkTotals;
}

/**
 * The report of [from, to) for `spaces` (undefined: every space). One snapshot per figure, read
 * one after the other (a 2-core hub gains nothing from running them at once). Rejects on
 * database errors, and with a RangeError on a bad period.
 */
export async function buildReport(
  store: HubStore,
  from: string,
  to: string,
  spaces: readonly string[] | undefined,
): Promise<IndicatorReport> {
  const period = { from, to, ...(spaces !== undefined ? { spaces } : {}) };
  const i = store.indicators;
  const all = await i.spaces();
  const asked = spaces === undefined ? undefined : new Set(spaces);
  return {
    from,
    to,
    spaces: all.filter((s) => asked === undefined || asked.has(s.id)),
    names: Object.fromEntries(all.map((s) => [s.id, s.name])),
    visitsPerWeek: await i.visitsPerWeek(period),
    uniquePeople: await i.uniquePeople(period),
    newReturning: await i.newReturning(period),
    crossBorder: await i.crossBorder(period),
    busiestHours: await i.busiestHours(period),
    averageStay: await i.averageStay(period),
    events: await i.eventAttendance(period),
    network: await i.networkTotals(period),
  };
}
