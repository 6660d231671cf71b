/**
 * Periods of the indicators' picker: local dates `YYYY-MM-DD`, `to` exclusive, as the API takes
 * them (hub/indicators/query.ts). Pure: "today" is given, so the presets are testable.
 */

/** A period, `to` exclusive. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** The picker's presets, in the order shown. */
export const PRESETS = ['lastMonth', 'lastQuarter', 'last12Months', 'thisYear'] as const;
export type Preset = (typeof PRESETS)[number];

/** Longest period the API answers (hub/indicators/query.ts MAX_PERIOD_DAYS). */
export const MAX_PERIOD_DAYS = 3 * 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date `YYYY-MM-DD` of year, month (0-based, may overflow either way) and day. */
function ymd(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

/** Year, 0-based month and day of a `YYYY-MM-DD`; throws a RangeError on anything else. */
function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (m === null || ymd(Number(m[1]), Number(m[2]) - 1, Number(m[3])) !== date) {
    throw new RangeError(`not a date: ${date}`);
  }
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

/** The browser's local date today, `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  return ymd(now.getFullYear(), now.getMonth(), now.getDate());
}

/**
 * The period of `preset` seen from `today` (`YYYY-MM-DD`): the last whole month, the last whole
 * quarter, the twelve months up to today included, this year up to today included. Throws a
 * RangeError when `today` is not a date.
 */
export function presetPeriod(preset: Preset, today: string): Period {
  const [y, m, d] = parts(today);
  const tomorrow = ymd(y, m, d + 1);
  switch (preset) {
    case 'lastMonth':
      return { from: ymd(y, m - 1, 1), to: ymd(y, m, 1) };
    case 'lastQuarter': {
      const quarter = m - (m % 3);
      return { from: ymd(y, quarter - 3, 1), to: ymd(y, quarter, 1) };
    }
    case 'last12Months': {
      // A year before tomorrow, so 29 February never rolls into March twice.
      const [ty, tm, td] = parts(tomorrow);
      return { from: ymd(ty - 1, tm, td), to: tomorrow };
    }
    case 'thisYear':
      return { from: ymd(y, 0, 1), to: tomorrow };
  }
}

/** What is wrong with a period the operator typed, or null when the API would take it. */
export function periodProblem(from: string, to: string): 'invalid' | 'order' | 'long' | null {
  try {
    parts(from);
    parts(to);
  } catch {
    return 'invalid';
  }
  if (to <= from) return 'order';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  return days > MAX_PERIOD_DAYS ? 'long' : null;
}

/** The last day a period includes (its `to` is exclusive). */
export function lastDay(to: string): string {
  const [y, m, d] = parts(to);
  return ymd(y, m, d - 1);
}

/** The day after `date`: the exclusive `to` of a period whose last day is `date`. */
export function dayAfter(date: string): string {
  const [y, m, d] = parts(date);
  return ymd(y, m, d + 1);
}
