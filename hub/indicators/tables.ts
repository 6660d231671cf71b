import type { Lang } from '#shared/domain/types';
import { toWall } from '#shared/time/zoned';
import type { IndicatorReport } from './report';
import { INDICATOR_TEXTS, type IndicatorTexts } from './texts';

/**
 * A report as tables, one per indicator, in one language: what the CSV and the XLSX export and
 * what the PDF prints under each chart (the accessible data-table view of each chart, too).
 * Cells hold raw text and numbers; exports neutralise text themselves (neutralise.ts).
 */
export interface IndicatorTable {
  /** Stable key, e.g. `weeks`. */
  readonly id: keyof IndicatorTexts['sheets'];
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** The name of `id`: a space's name, or the visitors of a country for `country:XX`. */
function originName(report: IndicatorReport, t: IndicatorTexts, id: string): string {
  if (id.startsWith('country:')) return t.visitorsFrom(id.slice('country:'.length));
  return report.names[id] ?? id;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM` local to `zone` (the event's space). */
function localStamp(at: number, zone: string): string {
  const w = toWall(at, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** The tables of `report` in `lang`, in the order the exports show them. */
export function reportTables(report: IndicatorReport, lang: Lang): IndicatorTable[] {
  const t = INDICATOR_TEXTS[lang];
  const name = (id: string) => report.names[id] ?? id;
  const zones = new Map(report.spaces.map((s) => [s.id, s.timezone]));
  const { uniquePeople: people, averageStay: stay, crossBorder: cross, network } = report;
  return [
    {
      id: 'weeks',
      title: t.sheets.weeks,
      columns: [t.space, t.week, t.monday, t.visits],
      rows: report.visitsPerWeek.map((w) => [name(w.spaceId), w.week, w.monday, w.visits]),
    },
    {
      id: 'people',
      title: t.sheets.people,
      columns: [t.space, t.members, t.visitors],
      rows: [
        ...people.bySpace.map((p) => [name(p.spaceId), p.members, p.visitors]),
        [t.allSpaces, people.total.members, people.total.visitors],
      ],
    },
    {
      id: 'newReturning',
      title: t.sheets.newReturning,
      columns: [t.newVisitors, t.returningVisitors],
      rows: [[report.newReturning.newVisitors, report.newReturning.returningVisitors]],
    },
    {
      id: 'crossMonths',
      title: t.sheets.crossMonths,
      columns: [t.month, t.members, t.visitors, t.total],
      rows: [
        ...cross.byMonth.map((m) => [m.month, m.members, m.visitors, m.members + m.visitors]),
        [t.total, '', '', cross.total],
      ],
    },
    {
      id: 'crossFlows',
      title: t.sheets.crossFlows,
      columns: [t.from, t.to, t.visits],
      rows: cross.flows.map((f) => [originName(report, t, f.from), name(f.to), f.visits]),
    },
    {
      id: 'hours',
      title: t.sheets.hours,
      columns: [t.weekday, t.hour, t.visits],
      rows: report.busiestHours.map((h) => [t.weekdays[h.weekday - 1] ?? '', h.hour, h.visits]),
    },
    {
      id: 'stay',
      title: t.sheets.stay,
      columns: [t.space, t.closedVisits, t.averageMinutes],
      rows: [
        ...stay.bySpace.map((s) => [name(s.spaceId), s.closedVisits, s.averageMinutes]),
        [t.allSpaces, stay.total.closedVisits, stay.total.averageMinutes],
      ],
    },
    {
      id: 'events',
      title: t.sheets.events,
      columns: [t.date, t.space, t.event, t.attendees, t.firstTime, t.crossBorder],
      rows: report.events.map((e) => [
        localStamp(e.startsAt, zones.get(e.spaceId) ?? 'UTC'),
        name(e.spaceId),
        e.title[lang] ?? e.title.en ?? e.title.fr ?? e.title.nl ?? e.eventId,
        e.attendees,
        e.firstTime,
        e.crossBorder,
      ]),
    },
    {
      id: 'network',
      title: t.sheets.network,
      columns: [t.visits, t.members, t.visitors, t.crossBorder],
      rows: [[network.visits, network.members, network.visitors, network.crossBorder]],
    },
  ];
}

/** The last day a period's exclusive `to` includes, `YYYY-MM-DD`. */
export function lastDayOf(to: string): string {
  return new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
