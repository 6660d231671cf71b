import { describe, expect, it } from 'vitest';
import { IndicatorReportSchema, type IndicatorReport } from '../../api/indicators';
import { chartOption } from './chart-options';
import { indicatorFormats } from './format';
import { CHART_IDS, chartTables, isEmptyReport, type Words } from './tables';

/** A two-space report as the hub answers it (parsed by the console's schema). */
function report(over: Partial<IndicatorReport> = {}): IndicatorReport {
  return IndicatorReportSchema.parse({
    from: '2026-10-01',
    to: '2026-11-01',
    spaces: [
      { id: 'mons', name: 'Mons', country: 'BE', timezone: 'Europe/Brussels' },
      { id: 'lille', name: 'Lille', country: 'FR', timezone: 'Europe/Paris' },
    ],
    names: { mons: 'Mons', lille: 'Lille', gent: 'Gent' },
    visitsPerWeek: [
      { spaceId: 'mons', week: '2026-W41', monday: '2026-10-05', visits: 3 },
      { spaceId: 'lille', week: '2026-W41', monday: '2026-10-05', visits: 2 },
      { spaceId: 'mons', week: '2026-W42', monday: '2026-10-12', visits: 1 },
    ],
    uniquePeople: {
      bySpace: [
        { spaceId: 'mons', members: 3, visitors: 1 },
        { spaceId: 'lille', members: 1, visitors: 1 },
      ],
      total: { members: 3, visitors: 2 },
    },
    newReturning: { newVisitors: 2, returningVisitors: 0 },
    crossBorder: {
      total: 4,
      byMonth: [{ month: '2026-10', members: 2, visitors: 2 }],
      flows: [
        { from: 'country:fr', to: 'mons', visits: 1 },
        { from: 'gent', to: 'lille', visits: 3 },
      ],
    },
    busiestHours: [{ weekday: 2, hour: 10, visits: 2 }],
    averageStay: {
      bySpace: [{ spaceId: 'mons', closedVisits: 3, averageMinutes: 67.5 }],
      total: { closedVisits: 3, averageMinutes: 67.5 },
    },
    events: [
      {
        eventId: 'ev-1',
        spaceId: 'lille',
        startsAt: Date.UTC(2026, 9, 20, 16),
        title: { fr: 'Atelier', en: 'Workshop' },
        status: 'confirmed',
        attendees: 5,
        firstTime: 2,
        crossBorder: 1,
      },
    ],
    network: { visits: 9, members: 4, visitors: 2, crossBorder: 4 },
    ...over,
  });
}

const words: Words = (key, values) => `${key}${values ? JSON.stringify(values) : ''}`;
const formats = indicatorFormats('en-GB');

describe('the indicators as tables', () => {
  it('holds exactly the report numbers, names and dates in words, one table per chart', () => {
    const tables = chartTables(report(), 'fr', words, formats);
    expect(tables.map((t) => t.id)).toEqual([...CHART_IDS]);
    const rows = Object.fromEntries(tables.map((t) => [t.id, t.rows]));
    expect(rows['weeks']).toEqual([
      ['Mons', '2026-W41', '5 Oct 2026', 3],
      ['Lille', '2026-W41', '5 Oct 2026', 2],
      ['Mons', '2026-W42', '12 Oct 2026', 1],
    ]);
    expect(rows['people']).toEqual([
      ['Mons', 3, 1],
      ['Lille', 1, 1],
      ['indicators.allSpaces', 3, 2],
    ]);
    expect(rows['newReturning']).toEqual([[2, 0]]);
    expect(rows['crossMonths']).toEqual([
      ['October 2026', 2, 2, 4],
      ['indicators.column.total', '', '', 4],
    ]);
    expect(rows['crossFlows']).toEqual([
      ['indicators.visitorsFrom{"country":"France"}', 'Mons', 1],
      ['Gent', 'Lille', 3],
    ]);
    expect(rows['hours']).toEqual([['Tuesday', 10, 2]]);
    expect(rows['stay']).toEqual([
      ['Mons', 3, 67.5],
      ['indicators.allSpaces', 3, 67.5],
    ]);
    // Lille's wall clock, the French title.
    expect(rows['events']).toEqual([['20 Oct 2026, 18:00', 'Lille', 'Atelier', 5, 2, 1]]);
  });

  it('leaves a table empty, not zero-filled, when the period has nothing for it', () => {
    const empty = report({
      visitsPerWeek: [],
      uniquePeople: { bySpace: [], total: { members: 0, visitors: 0 } },
      newReturning: { newVisitors: 0, returningVisitors: 0 },
      crossBorder: { total: 0, byMonth: [], flows: [] },
      busiestHours: [],
      averageStay: { bySpace: [], total: { closedVisits: 0, averageMinutes: 0 } },
      events: [],
    });
    expect(isEmptyReport(empty)).toBe(true);
    expect(isEmptyReport(report())).toBe(false);
    expect(chartTables(empty, 'en', words, formats).every((t) => t.rows.length === 0)).toBe(true);
  });

  it('draws the weeks stacked per space and the hours as a weekday × hour heat map', () => {
    const r = report();
    expect(chartOption('weeks', 'Visits', r, 'en', words, formats)).toMatchObject({
      aria: { enabled: true, label: { description: 'Visits' }, decal: { show: true } },
      xAxis: { data: ['5 Oct 2026', '12 Oct 2026'] },
      series: [
        { name: 'Mons', stack: 'all', data: [3, 1] },
        { name: 'Lille', stack: 'all', data: [2, 0] },
      ],
    });
    const hours = chartOption('hours', 'Hours', r, 'en', words, formats);
    expect(hours).toMatchObject({
      xAxis: { data: Array.from({ length: 24 }, (_, h) => String(h)) },
      yAxis: {
        data: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
      },
      series: [{ type: 'heatmap', data: [[10, 1, 2]], label: { show: true } }],
    });
  });
});
