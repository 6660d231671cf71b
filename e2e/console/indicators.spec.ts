import { readFile } from 'node:fs/promises';
import { expect, request as http, test, type Locator, type Page } from '@playwright/test';
import { LANGS } from '#shared/domain/types';
import type { IndicatorReport } from '#hub/indicators/report';
import { INDICATOR_TEXTS } from '#hub/indicators/texts';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import {
  expectNoSidewaysScroll,
  seriousViolations,
  signIn,
  watchProblems,
} from './support/console-page';
import { LILLE, MONS, NOVEMBER, OCTOBER, TOURNAI, seedIndicators } from './support/indicator-seed';

/**
 * The Indicators screen against the real hub, its visits pushed by enrolled kiosks over the sync
 * protocol (support/indicator-seed.ts): every data table equals the JSON API's numbers for the
 * same query, and the figures counted by hand; the period and the spaces change them; the three
 * exports download; a space manager sees their space and the network's totals only, and the API
 * refuses them another space; axe and the sideways check in fr, nl and en, laptop and tablet.
 */
test.describe.configure({ mode: 'serial' });

let hub: ConsoleHub;
const NETWORK = 'coordinator@example.org';
const MANAGER = 'mons.manager@example.org';
const en = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const n = (x: number) => en.format(x);

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(NETWORK, 'network');
  await hub.addOperator(MANAGER, 'space', MONS);
  const request = await http.newContext();
  await seedIndicators(request, hub.url, NETWORK);
  await request.dispose();
});
test.afterAll(async () => {
  await hub.dispose();
});

/** Asks the page for a period (last day included) and waits for the hub's answer. */
async function showPeriod(page: Page, period: { from: string; last: string }) {
  await page.locator('input[name="from"]').fill(period.from);
  await page.locator('input[name="last"]').fill(period.last);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/console/api/indicators?') && r.ok()),
    page.getByRole('button', { name: 'Show', exact: true }).click(),
  ]);
}

/** The text of every cell of a chart's table, row by row (its "Show as a table" opened). */
async function tableOf(page: Page, id: string): Promise<string[][]> {
  const details = page.getByTestId(`details-${id}`);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return page
    .getByTestId(`table-${id}`)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => c.textContent.trim())),
    );
}

async function keyFigures(page: Page): Promise<string[][]> {
  return page
    .getByTestId('key-figures')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent.trim())),
    );
}

async function apiReport(page: Page, query: string): Promise<IndicatorReport> {
  const answer = await page.request.get(`${hub.url}/console/api/indicators?${query}`);
  expect(answer.status()).toBe(200);
  return (await answer.json()) as IndicatorReport;
}

/** Every table of the page equals the report's numbers, cell for cell where they are numbers. */
async function expectTablesOf(page: Page, report: IndicatorReport) {
  const name = (id: string) => report.names[id] ?? id;
  const pick = (rows: string[][], columns: number[]) => rows.map((r) => columns.map((c) => r[c]));
  expect(pick(await tableOf(page, 'weeks'), [0, 1, 3])).toEqual(
    report.visitsPerWeek.map((w) => [name(w.spaceId), w.week, n(w.visits)]),
  );
  const people = report.uniquePeople;
  expect(pick(await tableOf(page, 'people'), [1, 2])).toEqual(
    [...people.bySpace, people.total].map((p) => [n(p.members), n(p.visitors)]),
  );
  expect(await tableOf(page, 'newReturning')).toEqual([
    [n(report.newReturning.newVisitors), n(report.newReturning.returningVisitors)],
  ]);
  const cross = report.crossBorder;
  expect(pick(await tableOf(page, 'crossMonths'), [1, 2, 3])).toEqual([
    ...cross.byMonth.map((m) => [n(m.members), n(m.visitors), n(m.members + m.visitors)]),
    ['', '', n(cross.total)],
  ]);
  expect(pick(await tableOf(page, 'crossFlows'), [1, 2])).toEqual(
    cross.flows.map((f) => [name(f.to), n(f.visits)]),
  );
  expect(pick(await tableOf(page, 'hours'), [1, 2])).toEqual(
    report.busiestHours.map((h) => [n(h.hour), n(h.visits)]),
  );
  const stay = report.averageStay;
  expect(pick(await tableOf(page, 'stay'), [1, 2])).toEqual(
    [...stay.bySpace, stay.total].map((s) => [n(s.closedVisits), n(s.averageMinutes)]),
  );
  const visits = report.visitsPerWeek.reduce((sum, w) => sum + w.visits, 0);
  const net = report.network;
  expect(await keyFigures(page)).toEqual([
    [n(visits), n(net.visits)],
    [n(people.total.members), n(net.members)],
    [n(people.total.visitors), n(net.visitors)],
    [n(cross.total), n(net.crossBorder)],
    [n(stay.total.averageMinutes), '—'],
  ]);
}

async function download(page: Page, link: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(path) };
}

test('a network operator reads the figures of a period and of chosen spaces, and downloads them', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await expect(page.locator('nav a').first()).toHaveText('Indicators');
  await expect(page.getByTestId('shown')).toBeVisible();

  await showPeriod(page, OCTOBER);
  await expect(page.getByTestId('shown')).toHaveText(
    'Figures from 1 Oct 2026 to 31 Oct 2026 for Co-nnexion Mons, MutuaLab Lille and Tournai Lab.',
  );
  const october = await apiReport(page, `from=${OCTOBER.from}&to=${OCTOBER.to}`);
  await expectTablesOf(page, october);
  // Counted by hand from the seed.
  expect((await keyFigures(page)).slice(0, 4)).toEqual([
    ['7', '7'],
    ['4', '4'],
    ['2', '2'],
    ['4', '4'],
  ]);
  expect(
    (await tableOf(page, 'weeks')).filter((r) => r[0] === 'Co-nnexion Mons').map((r) => r[3]),
  ).toEqual(['3', '1']);
  // The hub takes events only from feeds, none here: their chart is a sentence, not empty axes.
  await expect(page.getByTestId('chart-events')).toContainText('Nothing to show for this period.');

  // Mons alone: its own figures, the network's totals beside them.
  await page.getByLabel('MutuaLab Lille').uncheck();
  await page.getByLabel('Tournai Lab').uncheck();
  await showPeriod(page, OCTOBER);
  await expectTablesOf(
    page,
    await apiReport(page, `from=${OCTOBER.from}&to=${OCTOBER.to}&spaces=${MONS}`),
  );
  expect((await keyFigures(page))[0]).toEqual(['4', '7']);

  // Every space, November.
  await page.getByLabel('MutuaLab Lille').check();
  await page.getByLabel('Tournai Lab').check();
  await showPeriod(page, NOVEMBER);
  await expectTablesOf(page, await apiReport(page, `from=${NOVEMBER.from}&to=${NOVEMBER.to}`));
  expect((await keyFigures(page)).map((r) => r[0])).toEqual(['4', '3', '1', '1', '60']);

  // The exports of what is shown.
  const csv = await download(page, page.locator('a[data-export="csv"]'));
  expect(csv.name).toBe(`indicators-${NOVEMBER.from}-${NOVEMBER.to}.csv`);
  const lines = csv.body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const words = INDICATOR_TEXTS.en;
  expect(lines.slice(0, 2)).toEqual([
    words.sheets.weeks,
    [words.space, words.week, words.monday, words.visits].join(','),
  ]);
  const xlsx = await download(page, page.locator('a[data-export="xlsx"]'));
  expect(xlsx.name.endsWith('.xlsx') && xlsx.body.subarray(0, 2).toString()).toBe('PK');
  const pdf = await download(page, page.locator('a[data-export="pdf"]'));
  expect(pdf.name.endsWith('.pdf') && pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  const types = await Promise.all(
    ['csv', 'xlsx', 'pdf'].map(async (kind) => {
      const href = await page.locator(`a[data-export="${kind}"]`).getAttribute('href');
      return (await page.request.get(`${hub.url}${href ?? ''}`)).headers()['content-type'];
    }),
  );
  expect(types).toEqual([
    'text/csv; charset=utf-8',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/pdf',
  ]);

  // A period without visits is a sentence; a period backwards is refused in words.
  await showPeriod(page, { from: '2026-01-01', last: '2026-01-31' });
  await expect(page.getByTestId('empty')).toBeVisible();
  await expect(page.locator('canvas')).toHaveCount(0);
  await page.locator('input[name="last"]').fill('2025-12-31');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByTestId('query-problem')).toHaveText(
    'The last day cannot come before the first day.',
  );
  expect(problems).toEqual([]);
});

test('a preset fills the period and shows it', async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await expect(page.getByTestId('shown')).toBeVisible();
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/console/api/indicators?')),
    page.locator('button[data-preset="lastQuarter"]').click(),
  ]);
  const asked = new URL(answer.url()).searchParams;
  const today = await page.evaluate(() => {
    const d = new Date();
    return { y: d.getFullYear(), m: d.getMonth() };
  });
  const quarter = today.m - (today.m % 3);
  const first = new Date(Date.UTC(today.y, quarter - 3, 1)).toISOString().slice(0, 10);
  const end = new Date(Date.UTC(today.y, quarter, 1)).toISOString().slice(0, 10);
  expect([asked.get('from'), asked.get('to')]).toEqual([first, end]);
  await expect(page.locator('input[name="from"]')).toHaveValue(first);
  expect(problems).toEqual([]);
});

test('a space manager sees their space and the network totals only, and the API refuses them another space', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, MANAGER);
  await expect(page.getByTestId('own-space')).toHaveText('Your space: Co-nnexion Mons');
  await expect(page.locator('input[name="space"]')).toHaveCount(0);
  await showPeriod(page, OCTOBER);
  await expectTablesOf(page, await apiReport(page, `from=${OCTOBER.from}&to=${OCTOBER.to}`));
  expect((await keyFigures(page))[0]).toEqual(['4', '7']);
  const spacesShown = (await tableOf(page, 'weeks')).map((r) => r[0]);
  expect(new Set(spacesShown)).toEqual(new Set(['Co-nnexion Mons']));
  await expect(page.getByTestId('shown')).not.toContainText('Lille');

  const session = await page.request.get(`${hub.url}/console/api/session`);
  const headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const period = `from=${OCTOBER.from}&to=${OCTOBER.to}`;
  const refused = await Promise.all(
    [
      `/indicators?${period}&spaces=${LILLE}`,
      `/indicators?${period}&spaces=${MONS},${TOURNAI}`,
      `/indicators.csv?${period}&spaces=${LILLE}`,
      `/indicators.xlsx?${period}&spaces=${TOURNAI}`,
      `/indicators.pdf?${period}&spaces=${LILLE}`,
    ].map((path) => page.request.get(`${hub.url}/console/api${path}`, { headers })),
  );
  expect(refused.map((r) => r.status())).toEqual([403, 403, 403, 403, 403]);
  expect(await refused[0]?.json()).toMatchObject({ code: 'forbidden' });
  expect(problems).toEqual([]);
});

const SCREENS = [
  { name: 'laptop', viewport: { width: 1366, height: 768 }, hasTouch: false },
  { name: 'tablet', viewport: { width: 768, height: 1024 }, hasTouch: true },
] as const;

for (const lang of LANGS) {
  test(`the indicators in ${lang}, laptop and tablet: axe finds nothing serious, nothing scrolls sideways`, async ({
    browser,
  }) => {
    for (const screen of SCREENS) {
      const context = await browser.newContext({
        viewport: screen.viewport,
        hasTouch: screen.hasTouch,
        locale: `${lang}-BE`,
      });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await signIn(page, hub.url, NETWORK);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await page.locator('input[name="from"]').fill(OCTOBER.from);
      await page.locator('input[name="last"]').fill(OCTOBER.last);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/console/api/indicators?') && r.ok()),
        page.locator('form button[type="submit"]').first().click(),
      ]);
      await expect(page.locator('canvas')).not.toHaveCount(0);
      const summary = page.getByTestId('details-weeks').locator('summary');
      await (screen.hasTouch ? summary.tap() : summary.click());
      await expect(page.getByTestId('table-weeks')).toBeVisible();
      await expectNoSidewaysScroll(page, `${lang} ${screen.name}`);
      expect(await seriousViolations(page), `${lang} ${screen.name}`).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
}
