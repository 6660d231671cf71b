import type { AttendanceRow } from './attendance';

/**
 * The indicators' part of the hub store (`HubStore.indicators`, decision 0028): the network's
 * figures for a period and a set of spaces, each counted in SQL from one read snapshot over the
 * visit columns of migration 11 (indicators.ts).
 *
 * Common rules, for every figure:
 * - A visit counts in the period when its check-in falls on a local date of its space (the
 *   space's time zone) in [from, to). A visit with no check-in yet (only its check-out arrived)
 *   does not count; nor does a visit an erasure removed (a tombstone).
 * - A visit kept anonymously (retention purge, or an erasure while the person was in) counts as a
 *   visit, never as a member, a visitor, new, returning or cross-border: who it was is gone.
 * - Weeks are ISO weeks (Monday first) and hours and weekdays local wall time of the visited
 *   space, right across daylight-saving changes.
 * - Cross-border: a member whose home space is in another country than the visited space; a
 *   visitor whose `country` (asked at the walk-in) is another than the visited space's. A visitor
 *   without a country, or a member whose home space the hub does not hold, is not cross-border
 *   (as attendance.ts counts events).
 */

/** What the figures are asked for. */
export interface IndicatorPeriod {
  /** First local date, `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  /** Local date after the last, `YYYY-MM-DD`, exclusive (after `from`). */
  readonly to: string;
  /** The spaces to count; undefined = every space the hub holds. Unknown ids count nothing. */
  readonly spaces?: readonly string[];
}

/** A space as the figures name it. */
export interface IndicatorSpace {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly timezone: string;
}

/** Visits at one space in one ISO week. */
export interface WeekVisits {
  readonly spaceId: string;
  /** `YYYY-Www`, the ISO week (its year is the week's, not always the date's). */
  readonly week: string;
  /** The week's Monday, `YYYY-MM-DD`. */
  readonly monday: string;
  readonly visits: number;
}

/** Distinct people seen. */
export interface PeopleCount {
  readonly members: number;
  readonly visitors: number;
}

/** Distinct people per space, and over the spaces together (a person at two spaces counts once). */
export interface UniquePeople {
  readonly bySpace: readonly (PeopleCount & { readonly spaceId: string })[];
  readonly total: PeopleCount;
}

/** Visitors seen in the period: for the first time in the network, or again. */
export interface NewReturning {
  readonly newVisitors: number;
  readonly returningVisitors: number;
}

/** Cross-border visits of one month (`YYYY-MM`, local to the visited space). */
export interface CrossBorderMonth {
  readonly month: string;
  readonly members: number;
  readonly visitors: number;
}

/**
 * Cross-border visits from one origin to one visited space: `from` is the member's home space id,
 * or `country:XX` for visitors from country XX.
 */
export interface CrossBorderFlow {
  readonly from: string;
  readonly to: string;
  readonly visits: number;
}

/** Cross-border visits: their total, per month and as flows. */
export interface CrossBorder {
  readonly total: number;
  readonly byMonth: readonly CrossBorderMonth[];
  readonly flows: readonly CrossBorderFlow[];
}

/** Check-ins in one local hour of one local weekday (1 = Monday … 7 = Sunday, ISO). */
export interface HourVisits {
  readonly weekday: number;
  readonly hour: number;
  readonly visits: number;
}

/** Closed visits (checked out, not before their check-in) and their mean length. */
export interface StayFigures {
  readonly closedVisits: number;
  /** Mean stay in minutes, one decimal; 0 with no closed visit. */
  readonly averageMinutes: number;
}

/** Average stay per space and over the spaces together. */
export interface AverageStay {
  readonly bySpace: readonly (StayFigures & { readonly spaceId: string })[];
  readonly total: StayFigures;
}

/** The network's totals (every space), what a space manager sees beside their own figures. */
export interface NetworkTotals extends PeopleCount {
  readonly visits: number;
  readonly crossBorder: number;
}

/**
 * The indicators (rules above). Every method reads one snapshot and rejects on database errors;
 * a period whose `to` is not after `from`, or a date that is not one, is a RangeError.
 */
export interface IndicatorsStore {
  /** The live spaces, by id. */
  spaces(): Promise<IndicatorSpace[]>;
  /** Visits per space per ISO week, by week then space; weeks without visits are absent. */
  visitsPerWeek(period: IndicatorPeriod): Promise<WeekVisits[]>;
  uniquePeople(period: IndicatorPeriod): Promise<UniquePeople>;
  /**
   * Visitors with a visit in the period: `returning` when they have a visit anywhere in the
   * network before their first one in the period, else `new`.
   */
  newReturning(period: IndicatorPeriod): Promise<NewReturning>;
  /** Months and flows ordered; flows from members' home spaces and visitors' countries. */
  crossBorder(period: IndicatorPeriod): Promise<CrossBorder>;
  /** Only the weekday × hour cells that have visits, ordered. */
  busiestHours(period: IndicatorPeriod): Promise<HourVisits[]>;
  averageStay(period: IndicatorPeriod): Promise<AverageStay>;
  /** Attendance (attendance.ts) of the events of the spaces starting on a date of the period. */
  eventAttendance(period: IndicatorPeriod): Promise<AttendanceRow[]>;
  /** Visits, distinct people and cross-border visits over every space. */
  networkTotals(period: Pick<IndicatorPeriod, 'from' | 'to'>): Promise<NetworkTotals>;
}
