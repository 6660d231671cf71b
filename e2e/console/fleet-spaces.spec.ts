import { expect, test, type Page } from '@playwright/test';
import { LANGS } from '#shared/domain/types';
import { startFeedServer, type FeedServer } from '#hub/test-support/feed-server';
import { icsFeed } from '#hub/test-support/ics';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import {
  expectNoSidewaysScroll,
  seriousViolations,
  signIn,
  watchProblems,
} from './support/console-page';
import { apiSession, heartbeat, redeem, seedKiosk, type ApiSession } from './support/kiosk-seed';

/**
 * The Fleet, Spaces and Feeds screens (issue 12) against the real hub: kiosks enrolled through
 * the console API, redeemed and heard from over the kiosk protocol; feeds served by a local HTTP
 * server (never the internet). A space manager sees their space only, and the API refuses them
 * another's; each screen passes axe and fits, in fr, nl and en, on a laptop and a tablet.
 */
test.describe.configure({ mode: 'serial' });

const NETWORK = 'coordinator@example.org';
const MANAGER = 'lille.manager@example.org';
const MONS = 'co-nnexion-mons';
const LILLE = 'mutualab-lille';
let hub: ConsoleHub;
let feeds: FeedServer;
let network: ApiSession;
let monsToken = '';
let monsFeed = '';

/** An iCalendar feed with one event a week from now (inside the hub's agenda window). */
function nextWeekFeed(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  const day = d.toISOString().slice(0, 10).replaceAll('-', '');
  return icsFeed([
    { uid: 'apero@e2e', start: `${day}T180000`, end: `${day}T200000`, summary: 'Apéro' },
  ]);
}

test.beforeAll(async () => {
  // Its feeds are served on 127.0.0.1, which a hub fetches only when told to.
  hub = await startConsoleHub(test.info().project.name, { HUB_FEEDS_ALLOW_PRIVATE: '1' });
  await hub.addOperator(NETWORK, 'network');
  await hub.addOperator(MANAGER, 'space', LILLE);
  feeds = await startFeedServer();
  feeds.route('/mons.ics', { body: nextWeekFeed() });
  network = await apiSession(hub.url, NETWORK);
  monsToken = (await seedKiosk(hub.url, network, MONS, 'mons-desk-1')).token;
  await seedKiosk(hub.url, network, LILLE, 'lille-desk-1');
  const added = await network.http.post('/console/api/feeds', {
    headers: { 'x-csrf-token': network.csrf },
    data: { spaceId: LILLE, url: `${feeds.url}/lille.ics`, lang: 'fr' },
  });
  expect(added.status()).toBe(201);
});
test.afterAll(async () => {
  await network.dispose();
  await feeds.close();
  await hub.dispose();
});

const row = (page: Page, kioskId: string) => page.locator(`[data-kiosk="${kioskId}"]`);

test('the fleet shows a kiosk OK with its history, enrols a kiosk the hub accepts, and revokes one', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.clock.install();
  await signIn(page, hub.url, NETWORK);
  await page.locator('a[href="#/fleet"]').click();
  const mons = row(page, 'mons-desk-1');
  await expect(mons.getByTestId('kiosk-state')).toHaveAttribute('data-state', 'ok');
  await expect(mons.getByTestId('kiosk-state')).toHaveText('✓OK');
  await expect(mons).toContainText('Co-nnexion Mons');
  await expect(mons).toContainText('1.4.0');
  // Last heartbeat: seconds ago in words, the exact time on hover; last good sync 2 minutes ago.
  await expect(mons.locator('time').first()).toHaveAttribute('title', /2026|20\d\d/);
  await expect(mons.locator('time').nth(1)).toHaveText('2 minutes ago');

  await mons.getByRole('button', { name: 'Details: mons-desk-1' }).click();
  const detail = page.getByTestId('kiosk-detail');
  await expect(detail.getByRole('heading', { name: 'Kiosk mons-desk-1' })).toBeFocused();
  await expect(detail.getByTestId('heartbeat-history').locator('tbody tr')).toHaveCount(1);
  await expect(detail.getByTestId('heartbeat-history')).toContainText('keyboard-wedge: listening');
  await detail.getByRole('button', { name: 'Close the details' }).click();

  await page.getByLabel('Space', { exact: true }).selectOption(MONS);
  await page.getByRole('button', { name: 'Get a one-time code' }).click();
  const code = (await page.getByTestId('enrolment-code').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByRole('status').filter({ hasText: hub.url })).toContainText('Valid until');
  const redeemed = await redeem(hub.url, code.toLowerCase(), 'mons-desk-2');
  expect(redeemed.status).toBe(200);
  expect((await redeem(hub.url, code, 'mons-desk-3')).status).not.toBe(200);
  await page.getByRole('button', { name: 'I have noted it' }).click();
  await expect(page.getByTestId('enrolment-code')).toHaveCount(0);

  // The list is read again every 30 seconds: the new kiosk appears, never seen yet.
  await expect(row(page, 'mons-desk-2')).toHaveCount(0);
  await page.clock.fastForward(30_000);
  await expect(row(page, 'mons-desk-2').getByTestId('kiosk-state')).toHaveText('?Never seen');

  await mons.getByRole('button', { name: 'Revoke: mons-desk-1' }).click();
  await expect(mons.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await mons.getByRole('button', { name: 'Yes, revoke it' }).click();
  await expect(page.getByTestId('fleet-said')).toHaveText(
    'Kiosk mons-desk-1 is revoked: its next sync will be refused.',
  );
  await expect(mons.getByTestId('kiosk-state')).toHaveAttribute('data-state', 'revoked');
  await expect(mons).toContainText('Access revoked on');
  expect(await heartbeat(hub.url, 'mons-desk-1', monsToken)).toBe(403);
  expect(problems).toEqual([]);
});

test('a space’s time zone, opening hours and retention are edited and read back from the API', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.locator('a[href="#/spaces"]').click();
  await page.getByRole('button', { name: 'Change settings: Co-nnexion Mons' }).click();
  const form = page.getByTestId('space-form');
  await form.getByLabel('Time zone').selectOption('Europe/Paris');
  await form.getByLabel(/Days a visitor’s data is kept/).fill('90');
  await form.getByLabel(/State opening hours/).check();
  const monday = form.getByTestId('hours-mon');
  await monday.getByRole('button', { name: 'Add a span to Monday' }).click();
  await monday.getByRole('button', { name: 'Add a span to Monday' }).click();
  await monday.getByLabel('Monday, span 2, from').fill('16:00');
  await monday.getByLabel('Monday, span 2, until').fill('20:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('space-problems')).toHaveText(
    'Monday: the spans must not overlap.',
  );
  await monday.getByLabel('Monday, span 2, from').fill('18:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('spaces-said')).toHaveText(
    'The settings of Co-nnexion Mons are saved.',
  );
  await expect(page.locator(`[data-space="${MONS}"]`)).toContainText(
    'Monday: 09:00–17:00, 18:00–20:00',
  );

  const listed = await page.request.get(`${hub.url}/console/api/spaces`);
  const { spaces } = (await listed.json()) as {
    spaces: { id: string; timezone: string; retentionDays: number; openingHours: unknown }[];
  };
  expect(spaces.find((s) => s.id === MONS)).toMatchObject({
    timezone: 'Europe/Paris',
    retentionDays: 90,
    openingHours: {
      mon: [
        { from: '09:00', to: '17:00' },
        { from: '18:00', to: '20:00' },
      ],
      tue: [],
    },
  });
  expect(problems).toEqual([]);
});

test('a feed is added, imported (unreachable, then good, each said in words) and removed', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.locator('a[href="#/feeds"]').click();
  const submit = async (url: string) => {
    await page.getByLabel('Address (URL)').fill(url);
    await page.getByLabel('Space', { exact: true }).selectOption(MONS);
    await page.getByRole('button', { name: 'Add the feed' }).click();
  };
  const add = async (url: string) => {
    await submit(url);
    await expect(page.getByTestId('feeds-said')).toHaveText(
      'The feed is added. Import it now to fill the agenda.',
    );
  };
  await submit('ftp://example.org/feed.ics');
  await expect(page.getByTestId('error')).toHaveText(
    'The address must be a whole http or https URL.',
  );
  // Port 9 (discard) has no server here: the hub cannot reach it.
  const unreachable = 'http://127.0.0.1:9/mons.ics';
  await add(unreachable);
  const bad = page.getByTestId('feed-row').filter({ hasText: unreachable });
  await bad.getByRole('button', { name: `Import now: ${unreachable}` }).click();
  await expect(page.getByTestId('feeds-said')).toHaveText(
    'The import failed: the feed’s server cannot be reached.',
  );
  await expect(bad.getByTestId('feed-result')).toContainText('Failed on');

  const good = `${feeds.url}/mons.ics`;
  await add(good);
  const row = page.getByTestId('feed-row').filter({ hasText: good });
  monsFeed = (await row.getAttribute('data-feed')) ?? '';
  await row.getByRole('button', { name: `Import now: ${good}` }).click();
  await expect(page.getByTestId('feeds-said')).toHaveText(
    'Imported: 1 new, 0 changed, 0 removed, 0 unchanged.',
  );
  await expect(row.getByTestId('feed-result')).toHaveText('Succeeded');

  await bad.getByRole('button', { name: `Remove: ${unreachable}` }).click();
  await bad.getByRole('button', { name: 'Yes, remove it' }).click();
  await expect(page.getByTestId('feeds-said')).toHaveText('The feed is removed, with 0 events.');
  await expect(page.getByTestId('feed-row').filter({ hasText: unreachable })).toHaveCount(0);
  const listed = (await (await page.request.get(`${hub.url}/console/api/feeds`)).json()) as {
    feeds: { url: string }[];
  };
  expect(listed.feeds.map((f) => f.url).sort()).toEqual([`${feeds.url}/lille.ics`, good].sort());
  expect(problems).toEqual([]);
});

test('a space manager sees only their space, and the API refuses them another space’s', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, MANAGER);
  await page.locator('a[href="#/fleet"]').click();
  await expect(page.getByTestId('kiosk-row')).toHaveCount(1);
  await expect(row(page, 'lille-desk-1')).toBeVisible();
  const picker = page.getByLabel('Space', { exact: true });
  await expect(picker).toHaveValue(LILLE);
  await expect(picker.locator('option:not([disabled])')).toHaveText(['MutuaLab Lille']);

  await page.locator('a[href="#/spaces"]').click();
  await expect(page.getByTestId('space-row')).toHaveCount(1);
  await expect(page.locator(`[data-space="${LILLE}"]`)).toBeVisible();
  await expect(page.getByText('Add a space')).toHaveCount(0);

  await page.locator('a[href="#/feeds"]').click();
  await expect(page.getByTestId('feed-row')).toHaveCount(1);
  await expect(page.getByTestId('feed-row')).toContainText('MutuaLab Lille');

  const api = `${hub.url}/console/api`;
  const session = await page.request.get(`${api}/session`);
  const headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const answers = await Promise.all([
    page.request.get(`${api}/kiosks/mons-desk-2`),
    page.request.post(`${api}/kiosks/mons-desk-2/revoke`, { headers, data: {} }),
    page.request.post(`${api}/kiosks/enrol`, { headers, data: { spaceId: MONS } }),
    page.request.patch(`${api}/spaces/${MONS}`, { headers, data: { retentionDays: 5 } }),
    page.request.post(`${api}/feeds`, {
      headers,
      data: { spaceId: MONS, url: `${feeds.url}/x.ics` },
    }),
    page.request.post(`${api}/feeds/${monsFeed}/import`, { headers, data: {} }),
    page.request.delete(`${api}/feeds/${monsFeed}`, { headers }),
  ]);
  expect(answers.map((a) => a.status())).toEqual([403, 403, 403, 403, 403, 403, 403]);
  expect(problems).toEqual([]);
});

const SCREENS = [
  { name: 'laptop', viewport: { width: 1366, height: 768 }, hasTouch: false, axe: true },
  // axe reads the same markup at either size (a11y-fit.spec.ts's rule): the tablet checks the fit.
  { name: 'tablet', viewport: { width: 768, height: 1024 }, hasTouch: true, axe: false },
] as const;

for (const lang of LANGS) {
  for (const screen of SCREENS) {
    test(`fleet, spaces and feeds in ${lang} on a ${screen.name}: axe and the fit`, async ({
      browser,
    }) => {
      const context = await browser.newContext({
        viewport: screen.viewport,
        hasTouch: screen.hasTouch,
        locale: `${lang}-BE`,
      });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const check = async (where: string) => {
        await expectNoSidewaysScroll(page, `${lang} ${screen.name} ${where}`);
        if (screen.axe) expect(await seriousViolations(page), where).toEqual([]);
      };
      await signIn(page, hub.url, NETWORK);
      await page.locator('a[href="#/fleet"]').click();
      await expect(page.getByTestId('kiosk-row').first()).toBeVisible();
      await page.getByTestId('kiosk-row').first().getByRole('button').first().click();
      await expect(page.getByTestId('heartbeat-history')).toBeVisible();
      await page.locator('select').first().selectOption(LILLE);
      await page.locator('form button[type="submit"]').first().click();
      await expect(page.getByTestId('enrolment-code')).toBeVisible();
      await row(page, 'lille-desk-1').getByRole('button').nth(1).click();
      await check('fleet with a kiosk’s detail, an enrolment code and a revocation to confirm');

      await page.locator('a[href="#/spaces"]').click();
      await page.getByTestId('space-row').first().getByRole('button').click();
      await page.getByTestId('space-form').locator('input[type="checkbox"]').last().check();
      await page.getByTestId('hours-mon').getByRole('button').last().click();
      await check('spaces with a space’s settings open');

      await page.locator('a[href="#/feeds"]').click();
      await expect(page.getByTestId('feed-row').first()).toBeVisible();
      await page.getByTestId('feed-row').first().getByRole('button').last().click();
      await check('feeds with a removal to confirm');
      expect(problems).toEqual([]);
      await context.close();
    });
  }
}
