import { expect, test } from './fixtures';
import { createDemoKioskMain } from './support/kiosk-main';
import { openHost } from './support/print-steps';

/**
 * "Leave kiosk mode" (issue 13, point 5) through the main wiring: the host asks, main checks the
 * PIN again and quits normally only when it is right. The window's close guard and main's
 * `before-quit` are Electron's: what runs here is everything up to main's quit.
 */
test('the host leaves kiosk mode only with the right PIN, asked again', async ({
  kiosk,
  baseURL,
}) => {
  const main = await createDemoKioskMain({ appOrigin: new URL(baseURL ?? '').origin });
  await main.install(kiosk.page);
  try {
    const page = await kiosk.open();
    await page.getByTestId('lang-en').click();
    await openHost(page);
    await page.getByTestId('host-leave-kiosk').click();
    await expect(page.getByTestId('screen-host-pin')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leave kiosk mode');
    await expect(page.getByTestId('host-pin-purpose')).toContainText('Enter the host PIN again');

    // Back returns to the host screen, still open.
    await page.getByTestId('host-pin-back').click();
    await expect(page.getByTestId('screen-host')).toBeVisible();

    await page.getByTestId('host-leave-kiosk').click();
    for (const digit of '9999') await page.getByTestId(`pad-${digit}`).click();
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('host-pin-message')).toHaveText('Wrong PIN. Please try again.');
    expect(main.quits).toBe(0);

    for (const digit of '1234') await page.getByTestId(`pad-${digit}`).click();
    await page.getByTestId('host-pin-submit').click();
    await expect(page.getByTestId('host-pin-purpose')).toHaveText(
      'PIN accepted. The kiosk is closing…',
    );
    await expect.poll(() => main.quits).toBe(1);
    expect(main.logs.some((l) => l.includes('the host left kiosk mode'))).toBe(true);
  } finally {
    await main.dispose();
  }
});

test('a plain browser has no kiosk mode to leave: the host screen offers none', async ({
  kiosk,
}) => {
  const page = await kiosk.open();
  await openHost(page);
  await expect(page.getByTestId('host-back')).toBeVisible();
  await expect(page.getByTestId('host-leave-kiosk')).toHaveCount(0);
});
