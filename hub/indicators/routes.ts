import type { FastifyReply, FastifyRequest } from 'fastify';
import { operatorOf, spacesFor, type ConsoleRoutes } from '../console-api/contract';
import { tablesCsv } from './csv';
import { parseIndicatorQuery, type IndicatorQuery } from './query';
import { buildReport, type IndicatorReport } from './report';
import { reportTables } from './tables';

/**
 * The indicators' console routes (relative to `/console/api`):
 * - `GET /indicators?from=YYYY-MM-DD&to=YYYY-MM-DD[&spaces=a,b]`: the report as JSON, every
 *   chart's data plus the network's totals (report.ts);
 * - `GET /indicators.csv`, `/indicators.xlsx`, `/indicators.pdf` (same query, plus
 *   `lang=fr|nl|en`): the exports, as attachments.
 * A space manager gets their own space's figures (and the network's totals); naming another
 * space is 403 `forbidden`. A bad query is 400 `bad-query`. Reads only: no audit entry.
 */

// ExcelJS, pdfkit and ECharts are loaded on the first export that needs them (`import()`), not
// with the hub: together they added about 1.5 s to every hub start, for files few hubs produce.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function reportOf(
  request: FastifyRequest,
  store: Parameters<ConsoleRoutes>[1]['store'],
): Promise<{ query: IndicatorQuery; report: IndicatorReport }> {
  const operator = operatorOf(request);
  const query = parseIndicatorQuery(request.query);
  const spaces = spacesFor(operator, query.spaces);
  return { query, report: await buildReport(store, query.from, query.to, spaces) };
}

function attachment(reply: FastifyReply, q: IndicatorQuery, ext: string, type: string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="indicators-${q.from}-${q.to}.${ext}"`)
    .header('cache-control', 'no-store');
}

/** Registers the indicator routes on the console's authenticated scope. */
export const indicatorRoutes: ConsoleRoutes = (scope, { store }) => {
  scope.get('/indicators', async (request, reply) => {
    const { report } = await reportOf(request, store);
    return reply.header('cache-control', 'no-store').send(report);
  });
  scope.get('/indicators.csv', async (request, reply) => {
    const { query, report } = await reportOf(request, store);
    const csv = tablesCsv(reportTables(report, query.lang));
    return attachment(reply, query, 'csv', 'text/csv; charset=utf-8').send(csv);
  });
  scope.get('/indicators.xlsx', async (request, reply) => {
    const { query, report } = await reportOf(request, store);
    const { tablesXlsx } = await import('./xlsx');
    const xlsx = await tablesXlsx(reportTables(report, query.lang));
    return attachment(reply, query, 'xlsx', XLSX).send(xlsx);
  });
  scope.get('/indicators.pdf', async (request, reply) => {
    const { query, report } = await reportOf(request, store);
    const { reportPdf } = await import('./pdf');
    return attachment(reply, query, 'pdf', 'application/pdf').send(
      await reportPdf(report, query.lang),
    );
  });
};
