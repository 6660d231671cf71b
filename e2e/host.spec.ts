import type { Page } from '@playwright/test';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { Visit } from '#shared/domain/types';
import { expect, test } from './fixtures';
import { readStore } from './idb';
import { untilPageTime } from './support/page-clock';
import { localCard, lilleGuestCard } from './demo';
import { swipeCard } from './wedge';

/** The demo config's host PIN (shared/demo/demo-data.ts). */
const DEMO_PIN = '1234';

async function typePinOnPad(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pad-${digit}`).click();
}

test('a wrong PIN is refused; the right one opens host mode with who is in', async ({ kiosk }) => {
  const page = await kiosk.open();
  await swipeCard(page, localCard.dec10);
  await expect(page.getByTestId('welcome-name')).toHaveText(localCard.member.displayName);
  await page.getByTestId('welcome-done').click();
  await swipeCard(page, lilleGuestCard.dec10);
  await expect(page.getByTestId('welcome-name')).toHaveText(lilleGuestCard.member.displayName);
  await page.getByTestId('welcome-done').click();

  await page.getByTestId('open-host').click();
  await typePinOnPad(page, '9999');
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('host-pin-message')).not.toBeEmpty();
  await expect(page.getByTestId('host-pin-input')).toHaveValue('');
  await expect(page.getByTestId('screen-host-pin')).toBeVisible();

  await typePinOnPad(page, DEMO_PIN);
  await expect(page.getByTestId('host-pin-input')).toHaveValue(DEMO_PIN);
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
  const rows = page.getByTestId('host-presence').getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: localCard.member.displayName })).toHaveCount(1);
  await expect(rows.filter({ hasText: lilleGuestCard.member.displayName })).toContainText(
    lilleGuestCard.home.name,
  );

  await page.getByTestId('host-back').click();
  await expect(page.getByTestId('screen-home')).toBeVisible();
});

test('the host checks a member out after confirming, in the kiosk language', async ({ kiosk }) => {
  const page = await kiosk.open();
  await swipeCard(page, localCard.dec10);
  await expect(page.getByTestId('welcome-name')).toHaveText(localCard.member.displayName);
  await page.getByTestId('welcome-done').click();
  await page.getByTestId('open-host').click();
  await typePinOnPad(page, DEMO_PIN);
  await page.getByTestId('host-pin-submit').click();
  const row = page
    .getByTestId('host-presence')
    .getByRole('listitem')
    .filter({ hasText: localCard.member.displayName });
  await expect(row).toHaveCount(1);

  // The first press only asks; "No" leaves the member in, with nothing written.
  await row.getByTestId('host-check-out').click();
  await expect(row.getByTestId('host-check-out-question')).toContainText(
    localCard.member.displayName,
  );
  await row.getByTestId('host-check-out-cancel').click();
  await expect(row.getByTestId('host-check-out-question')).toHaveCount(0);
  expect((await readStore<Visit>(page, 'visits'))[0]?.checkOutAt).toBeUndefined();

  await row.getByTestId('host-check-out').click();
  await row.getByTestId('host-check-out-confirm').click();
  await expect(page.getByTestId('host-empty')).toBeVisible();
  const [visit] = await readStore<Visit>(page, 'visits');
  expect(visit).toMatchObject({ personKind: 'member', checkOutMethod: 'host' });
  const queued = await readStore<{ record?: Partial<Visit> }>(page, 'outbox');
  expect(queued.at(-1)?.record).toMatchObject({ id: visit?.id, checkOutMethod: 'host' });

  // Checked out: once the badge hold-off after it is over, the member's next tap checks them in.
  await page.getByTestId('host-back').click();
  await untilPageTime(page, (visit?.checkOutAt ?? Infinity) + DEMO_KIOSK_CONFIG.badge.holdOffMs);
  await swipeCard(page, localCard.dec10);
  await expect(page.getByTestId('screen-welcome')).toHaveAttribute('data-kind', 'checked-in');
  expect(await readStore<Visit>(page, 'visits')).toHaveLength(2);
});

test('an invalid config shows the error screen with every detail', async ({ kiosk }) => {
  const page = kiosk.page;
  await page.goto('./?screenMs=1&holdOffMs=-5');
  const screen = page.getByTestId('screen-config-error');
  await expect(screen).toBeVisible();
  await expect(page.getByTestId('config-error-path')).toContainText('(query string)');
  const details = page.getByTestId('config-error-details').getByRole('listitem');
  await expect(details.filter({ hasText: 'idle.screenMs' })).toHaveCount(1);
  await expect(details.filter({ hasText: 'badge.holdOffMs' })).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
});
