import type { Lang } from '#shared/domain/types';
import type { IndicatorReport } from '../../api/indicators';
import type { Formats } from './format';

/**
 * A report as the data-table view of each chart, in the console's language: exactly the API's
 * numbers (left as numbers; the table formats them), with names, dates and months in words.
 * The same figures the exports hold (hub/indicators/tables.ts), worded by the console's catalogue.
 */

/** The charts of the page, in the order shown. */
export const CHART_IDS = [
  'weeks',
  'people',
  'newReturning',
  'crossMonths',
  'crossFlows',
  'hours',
  'stay',
  'events',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** A cell: a number (formatted when drawn) or text. */
export type Cell = string | number;

/** One chart's data as a table; `rows` empty when the period has nothing for it. */
export interface ChartTable {
  readonly id: ChartId;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** A catalogue lookup (`indicators.<key>`), e.g. svelte-i18n's `$_`. */
export type Words = (key: string, values?: Record<string, string>) => string;

/** The name of an origin: a space, or the visitors of a country (`country:XX`). */
export function originName(report: IndicatorReport, id: string, w: Words, f: Formats): string {
  if (id.startsWith('country:')) {
    return w('indicators.visitorsFrom', { country: f.country(id.slice('country:'.length)) });
  }
  return report.names[id] ?? id;
}

/** An event's title in `lang`, else in another language, else its id. */
export function eventTitle(e: IndicatorReport['events'][number], lang: Lang): string {
  return e.title[lang] ?? e.title.en ?? e.title.fr ?? e.title.nl ?? e.eventId;
}

/** The tables of `report`, one per chart, in CHART_IDS order. */
export function chartTables(
  report: IndicatorReport,
  lang: Lang,
  w: Words,
  f: Formats,
): ChartTable[] {
  const c = (key: string) => w(`indicators.column.${key}`);
  const name = (id: string) => report.names[id] ?? id;
  const all = w('indicators.allSpaces');
  const zones = new Map(report.spaces.map((s) => [s.id, s.timezone]));
  const { uniquePeople: people, averageStay: stay, crossBorder: cross, newReturning: nr } = report;
  return [
    {
      id: 'weeks',
      columns: [c('space'), c('week'), c('monday'), c('visits')],
      rows: report.visitsPerWeek.map((v) => [name(v.spaceId), v.week, f.date(v.monday), v.visits]),
    },
    {
      id: 'people',
      columns: [c('space'), c('members'), c('visitors')],
      rows:
        people.bySpace.length === 0
          ? []
          : [
              ...people.bySpace.map((p) => [name(p.spaceId), p.members, p.visitors]),
              [all, people.total.members, people.total.visitors],
            ],
    },
    {
      id: 'newReturning',
      columns: [c('newVisitors'), c('returningVisitors')],
      rows:
        nr.newVisitors + nr.returningVisitors === 0 ? [] : [[nr.newVisitors, nr.returningVisitors]],
    },
    {
      id: 'crossMonths',
      columns: [c('month'), c('members'), c('visitors'), c('total')],
      rows:
        cross.byMonth.length === 0
          ? []
          : [
              ...cross.byMonth.map((m) => [
                f.month(m.month),
                m.members,
                m.visitors,
                m.members + m.visitors,
              ]),
              [c('total'), '', '', cross.total],
            ],
    },
    {
      id: 'crossFlows',
      columns: [c('from'), c('to'), c('visits')],
      rows: cross.flows.map((x) => [originName(report, x.from, w, f), name(x.to), x.visits]),
    },
    {
      id: 'hours',
      columns: [c('weekday'), c('hour'), c('visits')],
      rows: report.busiestHours.map((h) => [f.weekday(h.weekday), h.hour, h.visits]),
    },
    {
      id: 'stay',
      columns: [c('space'), c('closedVisits'), c('averageMinutes')],
      rows:
        stay.bySpace.length === 0
          ? []
          : [
              ...stay.bySpace.map((s) => [name(s.spaceId), s.closedVisits, s.averageMinutes]),
              [all, stay.total.closedVisits, stay.total.averageMinutes],
            ],
    },
    {
      id: 'events',
      columns: [
        c('date'),
        c('space'),
        c('event'),
        c('attendees'),
        c('firstTime'),
        c('crossBorder'),
      ],
      rows: report.events.map((e) => [
        f.dateTime(e.startsAt, zones.get(e.spaceId) ?? 'UTC'),
        name(e.spaceId),
        eventTitle(e, lang),
        e.attendees,
        e.firstTime,
        e.crossBorder,
      ]),
    },
  ];
}

/** Whether the period holds no visit and no event at all (the page says so in a sentence). */
export function isEmptyReport(report: IndicatorReport): boolean {
  return report.visitsPerWeek.length === 0 && report.events.length === 0;
}
