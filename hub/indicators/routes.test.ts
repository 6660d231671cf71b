import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '#test/support/pdf-check';
import type { OperatorPrincipal } from '../console-api/contract';
import { consoleClient } from '../console-api/testing/console-client';
import type { HubStore } from '../store/store';
import {
  FORMULA_NAME,
  FORMULA_TITLE,
  PERIOD,
  seedNetwork,
} from '../test-support/indicator-network';
import { witnessIndicators } from '../test-support/indicator-witness';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { indicatorRoutes } from './routes';

const NETWORK: OperatorPrincipal = {
  operatorId: 'op-1',
  email: 'coordinator@example.org',
  role: 'network',
  spaceId: null,
};
const MONS_MANAGER: OperatorPrincipal = {
  operatorId: 'op-2',
  email: 'mons@example.org',
  role: 'space',
  spaceId: 'be-mons',
};
const QUERY = `from=${PERIOD.from}&to=${PERIOD.to}`;

describe.each(storeCases())('indicator routes on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeAll(async () => {
    db = await storeCase.create();
    store = await db.open();
    await seedNetwork(store);
  }, 30_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });
  const as = (operator: OperatorPrincipal) =>
    consoleClient({ store, routes: [indicatorRoutes], operator });

  it('answers every chart, the CSV and the XLSX equal to an independent computation', async () => {
    const want = await witnessIndicators(db.url, PERIOD);
    const client = await as(NETWORK);
    try {
      const json = await client.request('GET', `/indicators?${QUERY}`);
      expect(json.status).toBe(200);
      const report = json.json as Record<string, unknown>;
      expect(report['uniquePeople']).toEqual(want.uniquePeople);
      expect(report['crossBorder']).toEqual(want.crossBorder);
      expect(report['busiestHours']).toEqual(want.busiestHours);
      expect(report['averageStay']).toEqual(want.averageStay);
      expect(report['newReturning']).toEqual(want.newReturning);

      const csv = await client.request('GET', `/indicators.csv?${QUERY}&lang=fr`);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows: string[][] = parse(csv.body.toString('utf8').replace(/^\uFEFF/, ''), {
        relaxColumnCount: true,
        skipEmptyLines: true,
      });
      // The monthly cross-border block: its rows, as the witness counts them.
      const start = rows.findIndex((r) => r[0] === 'Transfrontalier par mois');
      const months = rows.slice(start + 2, start + 2 + want.crossBorder.byMonth.length);
      expect(months.map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual(
        want.crossBorder.byMonth.map((m) => [m.month, m.members, m.visitors]),
      );
      // Text cells that begin like a formula are neutralised; none is left bare.
      expect(rows.flat()).toContain(`'${FORMULA_NAME}`);
      expect(rows.flat()).toContain(`'${FORMULA_TITLE}`);
      expect(rows.flat().some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);

      const xlsx = await client.request('GET', `/indicators.xlsx?${QUERY}&lang=en`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Uint8Array.from(xlsx.body).buffer);
      const sheet = book.getWorksheet('Busiest hours');
      const hours: [string, number, number][] = [];
      sheet?.eachRow((row, n) => {
        if (n > 1) hours.push((row.values as unknown[]).slice(1) as [string, number, number]);
      });
      const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
      expect(hours).toEqual(want.busiestHours.map((h) => [days[h.weekday - 1], h.hour, h.visits]));
      const people = book.getWorksheet('Unique people');
      expect(people?.getRow(people.rowCount).values).toEqual([
        undefined,
        'All chosen spaces',
        want.uniquePeople.total.members,
        want.uniquePeople.total.visitors,
      ]);
      const cells: unknown[] = [];
      book.eachSheet((s) => {
        s.eachRow((r) => {
          cells.push(...(r.values as unknown[]));
        });
      });
      expect(cells).toContain(`'${FORMULA_NAME}`);
      expect(cells.some((c) => typeof c === 'string' && /^[=+\-@\t\r]/.test(c))).toBe(false);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('prints the period report for funders as a PDF, in the asked language', async () => {
    const client = await as(NETWORK);
    try {
      const fr = await client.request('GET', `/indicators.pdf?${QUERY}&lang=fr`);
      expect(fr.status).toBe(200);
      expect(fr.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(fr.body);
      for (const words of [
        'Indicateurs du réseau',
        'Du 2026-09-01 au 2026-11-30 inclus',
        'Liège Café',
        'Flux transfrontaliers',
        'Heures chargées',
        'Totaux du réseau',
      ]) {
        expect(text).toContain(words);
      }
      const nl = await pdfText(
        (await client.request('GET', `/indicators.pdf?${QUERY}&lang=nl`)).body,
      );
      expect(nl).toContain('Indicatoren van het netwerk');
      expect(nl).toContain('Grensoverschr. stromen');
    } finally {
      await client.close();
    }
  }, 60_000);

  it("gives a space manager their space and the network's totals, and 403 for another space", async () => {
    const client = await as(MONS_MANAGER);
    try {
      const own = await client.request('GET', `/indicators?${QUERY}`);
      expect(own.status).toBe(200);
      const report = own.json as { spaces: { id: string }[]; network: { visits: number } };
      expect(report.spaces.map((s) => s.id)).toEqual(['be-mons']);
      const all = await witnessIndicators(db.url, PERIOD);
      expect(report.network.visits).toBe(all.visits);
      for (const path of [
        '/indicators',
        '/indicators.csv',
        '/indicators.xlsx',
        '/indicators.pdf',
      ]) {
        const other = await client.request('GET', `${path}?${QUERY}&spaces=be-mons,fr-lille`);
        expect(other.status, path).toBe(403);
        expect(other.json).toMatchObject({ code: 'forbidden' });
      }
    } finally {
      await client.close();
    }
  }, 60_000);

  it('refuses bad queries with 400, never 5xx', async () => {
    const client = await as(NETWORK);
    try {
      for (const query of [
        '',
        'from=2026-09-01',
        'from=2026-09-01&to=2026-08-01',
        'from=2026-02-30&to=2026-03-01',
        'from=2020-01-01&to=2026-01-01',
        `from=2026-09-01&to=2026-10-01&spaces=${'x'.repeat(200)}`,
        'from=2026-09-01&to=2026-10-01&lang=de',
        'from[]=1&to=2',
      ]) {
        const answer = await client.request('GET', `/indicators.csv?${query}`);
        expect(answer.status, query).toBe(400);
        expect(answer.json).toMatchObject({ code: 'bad-query' });
      }
    } finally {
      await client.close();
    }
  });
});
