import type { EChartsOption } from 'echarts';
import type { Lang } from '#shared/domain/types';
import type { IndicatorReport } from './report';
import { INDICATOR_TEXTS } from './texts';

/**
 * Apache ECharts options for every indicator chart, from a report, in one language: the one
 * definition the PDF report renders server-side (SVG) and the console's pages can render in the
 * browser. Pure data in, options out: no DOM, no Node, so either side imports it. Animation is
 * off (a printed chart has no time to animate, and a person who asked for less motion gets none).
 */

/** One chart: its key (the table of the same `id` holds its data), title and options. */
export interface IndicatorChart {
  readonly id: 'weeks' | 'people' | 'crossMonths' | 'crossFlows' | 'hours' | 'stay' | 'events';
  readonly title: string;
  readonly option: EChartsOption;
}

/** The font every chart names: DejaVu Sans, which the PDF embeds (accents print). */
export const CHART_FONT = 'DejaVu Sans';

const base = (): EChartsOption => ({
  animation: false,
  textStyle: { fontFamily: CHART_FONT, fontSize: 11 },
  grid: { left: 110, right: 16, top: 36, bottom: 64 },
  legend: { top: 0, type: 'scroll' },
  tooltip: {},
});

function heatmap(
  xs: readonly string[],
  ys: readonly string[],
  cells: readonly [number, number, number][],
): EChartsOption {
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return {
    ...base(),
    legend: { show: false },
    xAxis: { type: 'category', data: [...xs], axisLabel: { rotate: xs.length > 12 ? 45 : 0 } },
    yAxis: { type: 'category', data: [...ys] },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data: cells.map((c) => [...c]) }],
  };
}

/** The charts of `report` in `lang`, in the order the PDF shows them. */
export function indicatorCharts(report: IndicatorReport, lang: Lang): IndicatorChart[] {
  const t = INDICATOR_TEXTS[lang];
  const name = (id: string) => report.names[id] ?? id;
  const weeks = [...new Set(report.visitsPerWeek.map((w) => w.week))].sort();
  const spaces = [...new Set(report.visitsPerWeek.map((w) => w.spaceId))];
  const origins = [...new Set(report.crossBorder.flows.map((f) => f.from))].sort();
  const visited = [...new Set(report.crossBorder.flows.map((f) => f.to))].sort();
  const originName = (id: string) =>
    id.startsWith('country:') ? t.visitorsFrom(id.slice('country:'.length)) : name(id);
  const bars = (labels: string[], series: { name: string; data: number[] }[], stack = false) => ({
    ...base(),
    xAxis: {
      type: 'category' as const,
      data: labels,
      axisLabel: { rotate: labels.length > 8 ? 30 : 0 },
    },
    yAxis: { type: 'value' as const },
    series: series.map((s) => ({ type: 'bar' as const, ...s, ...(stack ? { stack: 'all' } : {}) })),
  });
  return [
    {
      id: 'weeks',
      title: t.sheets.weeks,
      option: bars(
        weeks,
        spaces.map((s) => ({
          name: name(s),
          data: weeks.map(
            (w) => report.visitsPerWeek.find((v) => v.week === w && v.spaceId === s)?.visits ?? 0,
          ),
        })),
        true,
      ),
    },
    {
      id: 'people',
      title: t.sheets.people,
      option: bars(
        report.uniquePeople.bySpace.map((p) => name(p.spaceId)),
        [
          { name: t.members, data: report.uniquePeople.bySpace.map((p) => p.members) },
          { name: t.visitors, data: report.uniquePeople.bySpace.map((p) => p.visitors) },
        ],
      ),
    },
    {
      id: 'crossMonths',
      title: t.sheets.crossMonths,
      option: bars(
        report.crossBorder.byMonth.map((m) => m.month),
        [
          { name: t.members, data: report.crossBorder.byMonth.map((m) => m.members) },
          { name: t.visitors, data: report.crossBorder.byMonth.map((m) => m.visitors) },
        ],
        true,
      ),
    },
    {
      id: 'crossFlows',
      title: t.sheets.crossFlows,
      option: heatmap(
        visited.map(name),
        origins.map(originName),
        report.crossBorder.flows.map((f) => [
          visited.indexOf(f.to),
          origins.indexOf(f.from),
          f.visits,
        ]),
      ),
    },
    {
      id: 'hours',
      title: t.sheets.hours,
      option: heatmap(
        Array.from({ length: 24 }, (_, h) => String(h)),
        [...t.weekdays],
        report.busiestHours.map((h) => [h.hour, h.weekday - 1, h.visits]),
      ),
    },
    {
      id: 'stay',
      title: t.sheets.stay,
      option: bars(
        report.averageStay.bySpace.map((s) => name(s.spaceId)),
        [{ name: t.averageMinutes, data: report.averageStay.bySpace.map((s) => s.averageMinutes) }],
      ),
    },
    {
      id: 'events',
      title: t.sheets.events,
      option: bars(
        report.events.map((e) => e.title[lang] ?? e.title.en ?? e.title.fr ?? e.eventId),
        [
          { name: t.attendees, data: report.events.map((e) => e.attendees) },
          { name: t.crossBorder, data: report.events.map((e) => e.crossBorder) },
        ],
      ),
    },
  ];
}
