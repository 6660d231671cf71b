import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '#shared/domain/types';
import type { IndicatorReport } from '../../api/indicators';
import type { Formats } from './format';
import { eventTitle, originName, type ChartId, type Words } from './tables';

/**
 * The ECharts options of each indicator chart, in the console's language. Pure data in, options
 * out. Colours are the default palette with decal patterns on (aria.decal), and heat-map cells
 * carry their number, so colour never carries a meaning alone; the table under each chart says
 * the same. Animation is off: a chart redrawn on each query should not move under the reader.
 */

/** What the page hands the charts once ECharts is loaded (echarts.ts, imported lazily). */
export interface ChartMaker {
  createChart(element: HTMLElement): {
    setOption(option: EChartsCoreOption): void;
    resize(): void;
    dispose(): void;
  };
}

// ECharts' aria module names the chart's box (role img) with `description`; decals draw patterns.
const base = (description: string): EChartsCoreOption => ({
  animation: false,
  aria: { enabled: true, label: { description }, decal: { show: true } },
  textStyle: { fontFamily: 'inherit' },
  grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
  legend: { top: 0, type: 'scroll' },
  tooltip: { trigger: 'axis' },
});

function bars(
  title: string,
  labels: readonly string[],
  series: readonly { name: string; data: readonly number[] }[],
  stack: boolean,
): EChartsCoreOption {
  return {
    ...base(title),
    xAxis: { type: 'category', data: [...labels], axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: [...s.data],
      ...(stack ? { stack: 'all' } : {}),
    })),
  };
}

function heatmap(
  title: string,
  xs: readonly string[],
  ys: readonly string[],
  cells: readonly (readonly [number, number, number])[],
): EChartsCoreOption {
  return {
    ...base(title),
    legend: { show: false },
    tooltip: { position: 'top' },
    grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: [...xs], splitArea: { show: true } },
    yAxis: { type: 'category', data: [...ys], splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: Math.max(1, ...cells.map((c) => c[2])),
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
    },
    series: [{ type: 'heatmap', data: cells.map((c) => [...c]), label: { show: true } }],
  };
}

/** The option of chart `id` for `report`; `title` is what a screen reader hears of the chart. */
export function chartOption(
  id: ChartId,
  title: string,
  report: IndicatorReport,
  lang: Lang,
  w: Words,
  f: Formats,
): EChartsCoreOption {
  const c = (key: string) => w(`indicators.column.${key}`);
  const name = (sid: string) => report.names[sid] ?? sid;
  const { uniquePeople: people, crossBorder: cross, averageStay: stay } = report;
  switch (id) {
    case 'weeks': {
      const weeks = [...new Map(report.visitsPerWeek.map((v) => [v.week, v.monday]))].sort();
      const spaces = [...new Set(report.visitsPerWeek.map((v) => v.spaceId))];
      const count = (week: string, space: string) =>
        report.visitsPerWeek.find((v) => v.week === week && v.spaceId === space)?.visits ?? 0;
      return bars(
        title,
        weeks.map(([, monday]) => f.date(monday)),
        spaces.map((s) => ({ name: name(s), data: weeks.map(([week]) => count(week, s)) })),
        true,
      );
    }
    case 'people':
      return bars(
        title,
        people.bySpace.map((p) => name(p.spaceId)),
        [
          { name: c('members'), data: people.bySpace.map((p) => p.members) },
          { name: c('visitors'), data: people.bySpace.map((p) => p.visitors) },
        ],
        false,
      );
    case 'newReturning':
      return bars(
        title,
        [c('visitors')],
        [
          { name: c('newVisitors'), data: [report.newReturning.newVisitors] },
          { name: c('returningVisitors'), data: [report.newReturning.returningVisitors] },
        ],
        false,
      );
    case 'crossMonths':
      return bars(
        title,
        cross.byMonth.map((m) => f.month(m.month)),
        [
          { name: c('members'), data: cross.byMonth.map((m) => m.members) },
          { name: c('visitors'), data: cross.byMonth.map((m) => m.visitors) },
        ],
        true,
      );
    case 'crossFlows': {
      const origins = [...new Set(cross.flows.map((x) => x.from))].sort();
      const visited = [...new Set(cross.flows.map((x) => x.to))].sort();
      return heatmap(
        title,
        visited.map(name),
        origins.map((o) => originName(report, o, w, f)),
        cross.flows.map((x) => [visited.indexOf(x.to), origins.indexOf(x.from), x.visits]),
      );
    }
    case 'hours':
      return heatmap(
        title,
        Array.from({ length: 24 }, (_, h) => String(h)),
        Array.from({ length: 7 }, (_, d) => f.weekday(d + 1)),
        report.busiestHours.map((h) => [h.hour, h.weekday - 1, h.visits]),
      );
    case 'stay':
      return bars(
        title,
        stay.bySpace.map((s) => name(s.spaceId)),
        [{ name: c('averageMinutes'), data: stay.bySpace.map((s) => s.averageMinutes) }],
        false,
      );
    case 'events':
      return bars(
        title,
        report.events.map((e) => eventTitle(e, lang)),
        [
          { name: c('attendees'), data: report.events.map((e) => e.attendees) },
          { name: c('crossBorder'), data: report.events.map((e) => e.crossBorder) },
        ],
        false,
      );
  }
}
