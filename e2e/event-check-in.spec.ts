import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { Lang, Member } from '#shared/domain/types';
import { openSqliteStore } from '#hub/store/sqlite-store';
import { agendaEvent, hubPut } from '#hub/test-support/hub-writes';
import { demoCardHolders, lilleGuestCard } from './demo';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { createKioskMain, type KioskMain } from './support/kiosk-main';
import { appOrigin } from './support/origin';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { SPACES_CSV, syncAndWait } from './support/sync-kiosk';
import { openHost } from './support/print-steps';
import { fillWalkIn } from './support/walk-in-form';
import { swipeCard } from './wedge';

/**
 * Event check-in end to end (issue 11, decision 0025): events made at the real hub process reach
 * the kiosk by sync; members' taps during them go through the event picker in fr, nl and en, and
 * a walk-in visitor is registered for one at the desk; after the kiosk syncs, `events attendance`
 * (the hub's CLI, a real process) counts them, the member from Lille and the visitor from France
 * at a Belgian event as cross-border.
 */

const SPACE = 'co-nnexion-mons';
const KIOSK_ID = 'mons-desk-1';
const MIN = 60_000;

function membersCsv(members: readonly Member[]): string {
  const rows = members.map(
    (m) =>
      `${m.id},${m.displayName},${m.homeSpaceId},${m.cardIds.join(';')},${m.isActive ? 'true' : 'false'}`,
  );
  return ['id,displayName,homeSpaceId,cardIds,active', ...rows].join('\n');
}

/** Active members of the kiosk's space without a stored language, so the screen's one greets. */
const locals = demoCardHolders.filter((h) => h.member.isActive && h.home.id === SPACE);

let hub: SyncHub;
let main: KioskMain;

test.beforeEach(async ({ kiosk }) => {
  hub = await startSyncHub();
  await hub.importCsv('spaces', SPACES_CSV);
  await hub.importCsv('members', membersCsv(DEMO_MEMBERS));
  // Two events on now at Mons, through the hub's own write path (the admin push).
  const now = Date.now();
  const store = await openSqliteStore(join(hub.dir, 'hub.sqlite'));
  try {
    await hubPut(
      store,
      'events',
      [
        agendaEvent({
          id: 'evt-branding',
          spaceId: SPACE,
          startsAt: now + 10 * MIN,
          endsAt: now + 130 * MIN,
          lang: 'fr',
          title: { fr: 'Atelier e-branding', nl: 'Workshop e-branding', en: 'E-branding workshop' },
        }),
        agendaEvent({
          id: 'evt-meetup',
          spaceId: SPACE,
          startsAt: now + 20 * MIN,
          endsAt: now + 140 * MIN,
          title: { fr: 'Rencontre des membres' },
        }),
        agendaEvent({
          id: 'evt-off',
          spaceId: SPACE,
          startsAt: now,
          endsAt: now + 60 * MIN,
          status: 'cancelled',
          title: { fr: 'Annulé' },
        }),
      ],
      now,
    );
  } finally {
    await store.close();
  }
  main = await createKioskMain({
    kioskId: KIOSK_ID,
    spaceId: SPACE,
    hubUrl: hub.url,
    enrolmentCode: await hub.enrolmentCode(SPACE),
    appOrigin: appOrigin(),
  });
  await main.install(kiosk.page);
});

test.afterEach(async () => {
  await main.dispose();
  await hub.dispose();
});

/** The hub CLI's `events attendance --json`, today and tomorrow in Brussels: one row per event. */
async function attendance(): Promise<Record<string, unknown>[]> {
  const day = (at: number) =>
    new Date(at).toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });
  // To tomorrow as well: the events start a few minutes from now, perhaps after midnight.
  const out = await hub.cli(
    'events',
    'attendance',
    '--from',
    day(Date.now()),
    '--to',
    day(Date.now() + 86_400_000),
    '--json',
  );
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Taps `dec10` with `lang` pressed, picks the e-branding workshop, and checks the greeting. */
async function tapToEvent(page: Page, dec10: string, name: string, lang: Lang, title: string) {
  await page.getByTestId(`lang-${lang}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await swipeCard(page, dec10);
  const picker = page.getByTestId('screen-event-picker');
  await expect(picker).toBeVisible();
  await expect(picker).toHaveAttribute('data-mode', 'arriving');
  await expect(page.getByTestId('event-choice-evt-off')).toHaveCount(0);
  await expect(page.getByTestId('event-choice-evt-branding')).toContainText(title);
  await page.getByTestId('event-choice-evt-branding').click();
  await expect(page.getByTestId('welcome-name')).toHaveText(name);
  await expect(page.getByTestId('welcome-event')).toContainText(title);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await page.getByTestId('welcome-done').click();
}

test('taps during an event pick it in fr, nl and en, and the hub counts them, cross-border included', async ({
  kiosk,
}) => {
  test.setTimeout(180_000);
  const page = await kiosk.open();
  await syncAndWait(page, main);
  await expect.poll(async () => (await readStore<{ id: string }>(page, 'events')).length).toBe(3);
  const [first, second] = locals;
  if (!first || !second) throw new Error('two local demo members needed');
  await tapToEvent(
    page,
    lilleGuestCard.dec10,
    lilleGuestCard.member.displayName,
    'fr',
    'Atelier e-branding',
  );
  await tapToEvent(page, first.dec10, first.member.displayName, 'nl', 'Workshop e-branding');
  await tapToEvent(page, second.dec10, second.member.displayName, 'en', 'E-branding workshop');
  const visits = await readStore<{ personId: string; eventId?: string }>(page, 'visits');
  expect(visits.map((v) => v.eventId)).toEqual(['evt-branding', 'evt-branding', 'evt-branding']);

  await syncAndWait(page, main);
  const report = await attendance();
  expect(report.find((r) => r['eventId'] === 'evt-branding')).toMatchObject({
    spaceId: SPACE,
    attendees: 3,
    firstTime: 0,
    crossBorder: 1,
  });
  expect(report.find((r) => r['eventId'] === 'evt-meetup')).toMatchObject({ attendees: 0 });
});

test('a walk-in registered for the event at the desk is counted, first-time and cross-border', async ({
  kiosk,
}) => {
  test.setTimeout(120_000);
  const page = await kiosk.open();
  await syncAndWait(page, main);
  await expect.poll(async () => (await readStore<{ id: string }>(page, 'events')).length).toBe(3);
  await page.getByTestId('lang-nl').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await openHost(page);
  await page.getByTestId('host-walk-in').click();
  await fillWalkIn(page, { first: 'Zoé', last: 'Lambert', country: 'FR', event: 'evt-branding' });
  await page.getByTestId('walkin-back').click();
  // The visit step in the visitor's language: the events on now, never the cancelled one.
  const choice = page.getByTestId('walkin-event');
  await expect(choice).toContainText('Bent u hier voor een evenement?');
  await expect(page.getByTestId('walkin-event-evt-branding')).toContainText('Workshop e-branding');
  await expect(page.getByTestId('walkin-event-evt-meetup')).toContainText('Rencontre des membres');
  await expect(page.getByTestId('walkin-event-evt-off')).toHaveCount(0);
  await expect(page.getByTestId('walkin-event-none')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('walkin-purpose-event')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('walkin-next').click();
  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
  await expect(page.getByTestId('bind-event')).toHaveText('Evenement: Workshop e-branding');
  await page.getByTestId('bind-done').click();

  const visits = await readStore<{ personKind: string; eventId?: string }>(page, 'visits');
  expect(visits.filter((v) => v.personKind === 'visitor').map((v) => v.eventId)).toEqual([
    'evt-branding',
  ]);
  await syncAndWait(page, main);
  const report = await attendance();
  expect(report.find((r) => r['eventId'] === 'evt-branding')).toMatchObject({
    spaceId: SPACE,
    attendees: 1,
    firstTime: 1,
    crossBorder: 1,
  });
  expect(report.find((r) => r['eventId'] === 'evt-meetup')).toMatchObject({ attendees: 0 });
});
