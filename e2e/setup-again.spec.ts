import { expect, test } from './fixtures';
import { createDemoKioskMain } from './support/kiosk-main';
import { openHost } from './support/print-steps';

/**
 * "Run setup again" (decision 0042) through the main wiring: from host mode, the PIN is asked
 * again and checked by main; a wrong one changes nothing, the right one reloads the page into the
 * setup, which a host may cancel back to the kiosk as it was.
 */
test('the host runs setup again only with the right PIN, and may cancel it', async ({
  kiosk,
  baseURL,
}) => {
  const main = await createDemoKioskMain({ appOrigin: new URL(baseURL ?? '').origin });
  await main.install(kiosk.page);
  try {
    const page = await kiosk.open();
    await page.getByTestId('lang-en').click();
    await openHost(page);
    await page.getByTestId('host-run-setup').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Run setup again');
    await expect(page.getByTestId('host-pin-purpose')).toContainText('Enter the host PIN again');

    for (const digit of '9999') await page.getByTestId(`pad-${digit}`).click();
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('host-pin-message')).toHaveText('Wrong PIN. Please try again.');

    for (const digit of '1234') await page.getByTestId(`pad-${digit}`).click();
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('screen-setup')).toHaveAttribute('data-step', 'lang');
    await page.getByTestId('setup-lang-en').click();
    await page.getByTestId('setup-cancel').click();
    await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 15_000 });
  } finally {
    await main.dispose();
  }
});
