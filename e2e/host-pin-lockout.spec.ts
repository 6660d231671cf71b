import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { LANGS, type Lang } from '#shared/domain/types';
import { localeFor } from '#shared/time/format';
import { expect, test } from './fixtures';
import { createKioskMain, type KioskMain } from './support/kiosk-main';
import { appOrigin } from './support/origin';
import { startSyncHub, type SyncHub } from './support/sync-hub';
import { SPACES_CSV } from './support/sync-kiosk';

/**
 * Issue 5: "five wrong PINs lock host mode for a while". Five wrong PINs lock the pad with a
 * message in the kiosk's language naming when it opens again; the right PIN is refused while
 * locked; once the lock has run out it opens host mode. Once on the browser platform (the lockout
 * runs in the page, on the page's clock: Playwright's) and once through main's real PIN service
 * behind the IPC double (the lockout runs in main, on a clock the test holds).
 */

const RIGHT_PIN = '1234';
const LOCK_MS = 5 * 60_000;
type Catalogue = { hostPin: { wrong: string; locked: string } };
const CATALOGUES = Object.fromEntries(
  LANGS.map((lang) => [
    lang,
    JSON.parse(
      readFileSync(new URL(`../renderer/src/i18n/${lang}.json`, import.meta.url), 'utf8'),
    ) as Catalogue,
  ]),
) as Record<Lang, Catalogue>;
// Tuesday 4 March 2025, 10:00 in Brussels.
const T0 = Date.UTC(2025, 2, 4, 9, 0);

/** The lock message the kiosk should show in `lang` for a lock ending at `until`. */
async function lockedText(page: Page, lang: Lang, until: number): Promise<string> {
  // Formatted by the page's own Intl, as the app formats it (shared/time/format.ts).
  const time = await page.evaluate(
    ([at, locale]) =>
      new Intl.DateTimeFormat(locale, {
        timeZone: 'Europe/Brussels',
        hour: '2-digit',
        minute: '2-digit',
      }).format(at),
    [until, localeFor(lang)] as const,
  );
  return CATALOGUES[lang].hostPin.locked.replace('{time}', time);
}

async function openPinPad(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId(`lang-${lang}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await page.getByTestId('open-host').click();
  await expect(page.getByTestId('screen-host-pin')).toBeVisible();
}

/** Types `pin` on the pad and submits it; resolves once the check is over, whatever its answer. */
async function submitPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pad-${digit}`).click();
  await page.getByTestId('host-pin-submit').click();
  await expect(
    page.getByTestId('screen-host').or(page.locator('[data-testid=host-pin-submit]:enabled')),
  ).toBeVisible({ timeout: 15_000 });
}

/** Five wrong PINs; the fifth locks. Checks the messages on the way. */
async function lockWithWrongPins(page: Page, lang: Lang, lockEnd: number): Promise<void> {
  const message = page.getByTestId('host-pin-message');
  for (let i = 1; i <= 4; i++) {
    await submitPin(page, '9999');
    await expect(message).toHaveText(CATALOGUES[lang].hostPin.wrong);
    await expect(page.getByTestId('host-pin-input')).toHaveValue('');
  }
  await submitPin(page, '9999');
  await expect(message).toHaveText(await lockedText(page, lang, lockEnd));
  await expect(message).toBeVisible();
}

/** The right PIN while locked: refused, the lock message stays, no host screen. */
async function expectRightPinRefused(page: Page, lang: Lang, lockEnd: number): Promise<void> {
  await submitPin(page, RIGHT_PIN);
  await expect(page.getByTestId('host-pin-message')).toHaveText(
    await lockedText(page, lang, lockEnd),
  );
  await expect(page.getByTestId('screen-host-pin')).toBeVisible();
  await expect(page.getByTestId('screen-host')).toHaveCount(0);
}

for (const lang of LANGS) {
  test(`five wrong PINs lock the pad in ${lang}; the right PIN opens it after the lock`, async ({
    kiosk,
  }) => {
    // The page's clock stands still (timers still run): the lockout reads Date.now.
    await kiosk.page.clock.setFixedTime(T0);
    const page = await kiosk.open();
    await openPinPad(page, lang);
    await lockWithWrongPins(page, lang, T0 + LOCK_MS);
    await kiosk.page.clock.setFixedTime(T0 + LOCK_MS - 1000);
    await expectRightPinRefused(page, lang, T0 + LOCK_MS);

    await kiosk.page.clock.setFixedTime(T0 + LOCK_MS);
    await submitPin(page, RIGHT_PIN);
    await expect(page.getByTestId('screen-host')).toBeVisible();
  });
}

test.describe('through main', () => {
  let hub: SyncHub;
  let main: KioskMain;

  test.afterEach(async () => {
    await main.dispose();
    await hub.dispose();
  });

  test('main locks host mode after five wrong PINs and opens it after the lock', async ({
    kiosk,
  }) => {
    hub = await startSyncHub();
    await hub.importCsv('spaces', SPACES_CSV);
    let mainNow = Date.now();
    main = await createKioskMain({
      kioskId: 'mons-desk-1',
      spaceId: 'co-nnexion-mons',
      hubUrl: hub.url,
      enrolmentCode: await hub.enrolmentCode('co-nnexion-mons'),
      appOrigin: appOrigin(),
      pinClock: () => mainNow,
    });
    await main.install(kiosk.page);
    const page = await kiosk.open();
    await openPinPad(page, 'nl');
    const lockEnd = mainNow + LOCK_MS;
    await lockWithWrongPins(page, 'nl', lockEnd);
    // A reload of the page does not lift a lock kept by main.
    await page.reload();
    await expect(page.getByTestId('screen-home')).toBeVisible();
    await openPinPad(page, 'nl');
    await expectRightPinRefused(page, 'nl', lockEnd);

    mainNow = lockEnd;
    await submitPin(page, RIGHT_PIN);
    await expect(page.getByTestId('screen-host')).toBeVisible();
  });
});
