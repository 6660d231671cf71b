import { z } from 'zod';
import type { Lang } from '#shared/domain/types';
import type { ConsoleApi } from './client';

/**
 * The indicators' part of the console API (hub/indicators/routes.ts): the report of a period as
 * JSON, and the links of its CSV, XLSX and PDF exports. The answer is parsed, not trusted.
 */

const Count = z.number().int().nonnegative();
const PeopleCount = { members: Count, visitors: Count };
const StayFigures = { closedVisits: Count, averageMinutes: z.number().nonnegative() };

export const IndicatorReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  spaces: z.array(
    z.object({ id: z.string(), name: z.string(), country: z.string(), timezone: z.string() }),
  ),
  names: z.record(z.string(), z.string()),
  visitsPerWeek: z.array(
    z.object({ spaceId: z.string(), week: z.string(), monday: z.string(), visits: Count }),
  ),
  uniquePeople: z.object({
    bySpace: z.array(z.object({ spaceId: z.string(), ...PeopleCount })),
    total: z.object(PeopleCount),
  }),
  newReturning: z.object({ newVisitors: Count, returningVisitors: Count }),
  crossBorder: z.object({
    total: Count,
    byMonth: z.array(z.object({ month: z.string(), ...PeopleCount })),
    flows: z.array(z.object({ from: z.string(), to: z.string(), visits: Count })),
  }),
  busiestHours: z.array(
    z.object({
      weekday: z.number().int().min(1).max(7),
      hour: z.number().int().min(0).max(23),
      visits: Count,
    }),
  ),
  averageStay: z.object({
    bySpace: z.array(z.object({ spaceId: z.string(), ...StayFigures })),
    total: z.object(StayFigures),
  }),
  events: z.array(
    z.object({
      eventId: z.string(),
      spaceId: z.string(),
      startsAt: z.number(),
      title: z.object({ fr: z.string(), nl: z.string(), en: z.string() }).partial(),
      attendees: Count,
      firstTime: Count,
      crossBorder: Count,
    }),
  ),
  network: z.object({ visits: Count, crossBorder: Count, ...PeopleCount }),
});
export type IndicatorReport = z.infer<typeof IndicatorReportSchema>;

/** A period, `to` exclusive (`YYYY-MM-DD` both), and the spaces asked (undefined: all one may see). */
export interface IndicatorQuery {
  readonly from: string;
  readonly to: string;
  readonly spaces?: readonly string[];
}

/** The three exports of a report. */
export type ExportKind = 'csv' | 'xlsx' | 'pdf';

function queryString(q: IndicatorQuery, lang?: Lang): string {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.spaces !== undefined) params.set('spaces', q.spaces.join(','));
  if (lang !== undefined) params.set('lang', lang);
  return params.toString();
}

/**
 * The report of `q`. Rejects with an ApiError: 400 `bad-query` for a bad period, 403
 * `forbidden` when a space manager names another space.
 */
export function loadIndicators(api: ConsoleApi, q: IndicatorQuery): Promise<IndicatorReport> {
  return api.request('GET', `/indicators?${queryString(q)}`, IndicatorReportSchema);
}

/** The download link of an export of `q`, its words in `lang` (the session cookie goes with it). */
export function exportHref(
  api: ConsoleApi,
  q: IndicatorQuery,
  kind: ExportKind,
  lang: Lang,
): string {
  return api.href(`/indicators.${kind}?${queryString(q, lang)}`);
}
