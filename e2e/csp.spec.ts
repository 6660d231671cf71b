import { UNKNOWN_DIGITS, localCard } from './demo';
import { expect, test } from './fixtures';
import { swipeCard } from './wedge';

test('every screen runs under the strict CSP of the built page without a violation', async ({
  kiosk,
}) => {
  await kiosk.page.addInitScript(() => {
    const w = globalThis as unknown as {
      cspViolations: string[];
      addEventListener: (
        type: string,
        f: (e: { violatedDirective: string; blockedURI: string }) => void,
      ) => void;
    };
    w.cspViolations = [];
    w.addEventListener('securitypolicyviolation', (e) => {
      w.cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI} ${(e as unknown as { sourceFile: string }).sourceFile}:${(e as unknown as { lineNumber: number }).lineNumber}:${(e as unknown as { columnNumber: number }).columnNumber}`,
      );
    });
  });
  const page = await kiosk.open();
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);

  await swipeCard(page, localCard.dec10);
  await expect(page.getByTestId('screen-welcome')).toBeVisible();
  await page.getByTestId('welcome-done').click();
  await swipeCard(page, UNKNOWN_DIGITS);
  await expect(page.getByTestId('screen-unknown')).toBeVisible();
  await page.getByTestId('unknown-done').click();
  await page.getByTestId('lang-nl').click();
  await page.getByTestId('open-host').click();
  await expect(page.getByTestId('screen-host-pin')).toBeVisible();
  for (const digit of '1234') await page.getByTestId(`pad-${digit}`).click();
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
  // The walk-in form with its on-screen keyboard (simple-keyboard and its stylesheet), typed on.
  await page.getByTestId('host-walk-in').click();
  await expect(page.getByTestId('screen-keyboard')).toBeVisible();
  await page.getByTestId('screen-keyboard').locator('[data-skbtn="{shift}"]').click();
  await page.getByTestId('screen-keyboard').locator('[data-skbtn="A"]').click();
  await expect(page.getByTestId('walkin-firstName')).toHaveValue('A');
  // simple-keyboard's own stylesheet applied (bundled by Vite, not injected inline).
  await expect(page.getByTestId('screen-keyboard').locator('.hg-row').first()).toHaveCSS(
    'display',
    'flex',
  );

  const violations = await page.evaluate(
    () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations).toEqual([]);
});
