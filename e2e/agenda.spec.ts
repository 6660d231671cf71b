import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { AgendaEvent, Lang } from '#shared/domain/types';
import { addDays, toInstant, wallDateOf } from '#shared/time/zoned';
import { putHubEvents } from '#test/support/hub-events';
import { chromiumArgs, chromiumPath } from '../scripts/chromium';
import { createKioskMain, type KioskMain } from './support/kiosk-main';
import { appOrigin } from './support/origin';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { SPACES_CSV, syncAndWait } from './support/sync-kiosk';

/**
 * The agenda end to end: occurrences written at the real hub (its admin write path, on its SQLite
 * file, while the hub process runs), pulled by a kiosk of Co-nnexion in Mons through main's real
 * hub client, shown in fr, nl and en. The browser runs in New York's zone, so a time shown on
 * Brussels's clock proves the kiosk uses its space's zone, not the machine's.
 */

const SPACE = 'co-nnexion-mons';
const KIOSK_ZONE = 'Europe/Brussels';
const H = 3_600_000;

let hub: SyncHub;
let main: KioskMain;
let profileDir: string;
let context: BrowserContext;

/** Tomorrow in Brussels at `hour`:`minute`, in `zone`'s wall clock (default Brussels). */
function tomorrowAt(hour: number, minute: number, zone = KIOSK_ZONE, days = 1): number {
  const date = addDays(wallDateOf(Date.now(), KIOSK_ZONE), days);
  return toInstant({ ...date, hour, minute }, zone);
}

function occurrence(over: Partial<AgendaEvent> & Pick<AgendaEvent, 'id' | 'spaceId'>): AgendaEvent {
  const startsAt = over.startsAt ?? tomorrowAt(10, 0);
  return {
    uid: `${over.id}@hub.test`,
    startsAt,
    endsAt: startsAt + H,
    allDay: false,
    title: { en: over.id },
    status: 'confirmed',
    updatedAt: Date.now(),
    ...over,
  };
}

const lilleWorkshop = occurrence({
  id: 'lille-workshop',
  spaceId: 'mutualab-lille',
  startsAt: tomorrowAt(18, 30, 'Europe/Paris'),
  timeZone: 'Europe/Paris',
  lang: 'fr',
  title: { fr: 'Atelier climat', nl: 'Klimaatworkshop', en: 'Climate workshop' },
  url: 'https://mutualab.example/climat',
});
const monsBreakfast = occurrence({
  id: 'mons-breakfast',
  spaceId: SPACE,
  startsAt: tomorrowAt(8, 0),
  lang: 'nl',
  title: { nl: 'Netwerkontbijt' },
  description: { nl: 'Koffie en croissants.' },
});
const londonTalk = occurrence({
  id: 'london-talk',
  spaceId: 'switch-charleroi',
  startsAt: tomorrowAt(16, 0, 'Europe/London'),
  timeZone: 'Europe/London',
  lang: 'en',
  title: { en: 'Talk from London' },
});
const scripted = occurrence({
  id: 'scripted',
  spaceId: 'esco-tournai',
  startsAt: tomorrowAt(12, 0),
  lang: 'fr',
  title: { fr: '<script>alert(1)</script> Midi' },
  description: { fr: '<b>gras</b> <img src=x onerror=alert(2)>' },
  url: 'https://esco.example/midi',
});

test.beforeEach(async () => {
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  await putHubEvents(hubDb(), [lilleWorkshop, monsBreakfast, londonTalk, scripted]);
  main = await createKioskMain({
    kioskId: 'mons-desk-1',
    spaceId: SPACE,
    hubUrl: hub.url,
    enrolmentCode: await hub.enrolmentCode(SPACE),
    appOrigin: appOrigin(),
  });
  profileDir = await mkdtemp(join(tmpdir(), 'coffee-agenda-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    viewport: { width: 1920, height: 1080 },
    locale: 'en-GB',
    timezoneId: 'America/New_York',
  });
});

test.afterEach(async () => {
  await context.close();
  await main.dispose();
  await hub.dispose();
  await rm(profileDir, { recursive: true, force: true });
});

function hubDb(): string {
  return `sqlite:${join(hub.dir, 'hub.sqlite')}`;
}

/** The kiosk page, watched: every request off the app's origin, and every CSP violation. */
async function openKiosk(): Promise<{ page: Page; offOrigin: string[] }> {
  const page = context.pages()[0] ?? (await context.newPage());
  const offOrigin: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(appOrigin()) && !r.url().startsWith('data:')) offOrigin.push(r.url());
  });
  await page.addInitScript(() => {
    const w = globalThis as unknown as {
      cspViolations: string[];
      addEventListener: (type: string, f: (e: { violatedDirective: string }) => void) => void;
    };
    w.cspViolations = [];
    w.addEventListener('securitypolicyviolation', (e) => {
      w.cspViolations.push(e.violatedDirective);
    });
  });
  await main.install(page);
  await page.goto(`${appOrigin()}/?screenMs=600000`);
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
  return { page, offOrigin };
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);
}

/** The agenda from tomorrow on, in `lang`. */
async function agendaTomorrow(page: Page, lang: Lang): Promise<void> {
  if (!(await page.getByTestId('screen-agenda').isVisible())) {
    await page.getByTestId('open-agenda').click();
  }
  await page.getByTestId(`lang-${lang}`).click();
  await page.getByTestId('agenda-day-1').click();
  await expect(page.getByTestId('agenda-day-1')).toHaveAttribute('aria-pressed', 'true');
}

const row = (page: Page, id: string) => page.locator(`[data-event-id="${id}"]`);

test('after a sync the kiosk shows the network’s events in fr, nl and en, filtered, on its own clock', async () => {
  const { page, offOrigin } = await openKiosk();
  await syncAndWait(page, main);

  await agendaTomorrow(page, 'fr');
  await expect(page.getByTestId('agenda-event')).toHaveCount(4);
  // In start order, on Brussels's clock although the browser runs in New York.
  const order = await page
    .getByTestId('agenda-event')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
  expect(order).toEqual(['mons-breakfast', 'scripted', 'london-talk', 'lille-workshop']);
  await expect(row(page, 'mons-breakfast').getByTestId('agenda-time')).toHaveText('08:00–09:00');
  await expect(row(page, 'lille-workshop').getByTestId('agenda-time')).toHaveText('18:30–19:30');
  await expect(row(page, 'london-talk').getByTestId('agenda-time')).toHaveText('17:00–18:00');
  await expect(row(page, 'london-talk').getByTestId('agenda-own-time')).toContainText('16:00');
  await expect(row(page, 'lille-workshop').getByTestId('agenda-own-time')).toHaveCount(0);

  // Titles in the visitor's language, else visibly in another.
  await expect(row(page, 'lille-workshop').getByTestId('agenda-title')).toHaveText(
    'Atelier climat',
  );
  await expect(row(page, 'mons-breakfast').getByTestId('agenda-fallback')).toHaveAttribute(
    'data-lang',
    'nl',
  );
  await expect(row(page, 'lille-workshop').getByTestId('agenda-country')).toHaveText('FR');
  await agendaTomorrow(page, 'nl');
  await expect(row(page, 'lille-workshop').getByTestId('agenda-title')).toHaveText(
    'Klimaatworkshop',
  );
  await expect(row(page, 'mons-breakfast').getByTestId('agenda-fallback')).toHaveCount(0);
  await expect(row(page, 'mons-breakfast').getByTestId('agenda-held-in')).toHaveText(
    'In het Nederlands',
  );
  await agendaTomorrow(page, 'en');
  await expect(row(page, 'lille-workshop').getByTestId('agenda-title')).toHaveText(
    'Climate workshop',
  );
  await expect(row(page, 'scripted').getByTestId('agenda-title')).toContainText(
    '<script>alert(1)</script> Midi',
  );

  // Filters.
  const listed = () =>
    page
      .getByTestId('agenda-event')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')).sort());
  await page.getByTestId('agenda-country-FR').click();
  await expect.poll(listed).toEqual(['lille-workshop']);
  await page.getByTestId('agenda-country-all').click();
  await page.getByTestId('agenda-lang-nl').click();
  await expect.poll(listed).toEqual(['mons-breakfast']);
  await page.getByTestId('agenda-lang-all').click();
  await page.getByTestId('agenda-scope-here').click();
  await expect.poll(listed).toEqual(['mons-breakfast']);
  await page.getByTestId('agenda-scope-all').click();
  await page.getByTestId('agenda-day-2').click();
  await expect(page.getByTestId('agenda-empty')).toBeVisible();
  await page.getByTestId('agenda-day-1').click();

  // An opened event: its description as text, and a QR code drawn in the page.
  await row(page, 'scripted').click();
  await expect(page.getByTestId('agenda-description')).toContainText(
    '<b>gras</b> <img src=x onerror=alert(2)>',
  );
  await expect(page.locator('[data-testid="agenda-detail"] img')).toHaveCount(0);
  await expect(page.getByTestId('agenda-qr')).toHaveAttribute(
    'data-url',
    'https://esco.example/midi',
  );
  await expect(page.getByTestId('agenda-qr').locator('path')).toHaveCount(1);

  expect(offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});

test('a cancellation at the hub shows after the next sync, and the agenda stays with the hub down', async () => {
  const { page, offOrigin } = await openKiosk();
  await syncAndWait(page, main);
  await agendaTomorrow(page, 'en');
  await expect(row(page, 'lille-workshop').getByTestId('agenda-phase')).toHaveCount(0);

  await putHubEvents(hubDb(), [{ ...lilleWorkshop, status: 'cancelled', updatedAt: Date.now() }]);
  await syncAndWait(page, main);
  await expect(row(page, 'lille-workshop').getByTestId('agenda-phase')).toHaveAttribute(
    'data-phase',
    'cancelled',
  );
  await expect(row(page, 'lille-workshop').getByTestId('agenda-phase')).toHaveText('Cancelled');

  main.isOnline = false;
  await hub.kill();
  await page.reload();
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
  await agendaTomorrow(page, 'fr');
  await expect(page.getByTestId('agenda-event')).toHaveCount(4);
  await expect(row(page, 'lille-workshop').getByTestId('agenda-phase')).toHaveText('Annulé');

  expect(offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
