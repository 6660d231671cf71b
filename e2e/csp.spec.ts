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

  const violations = await page.evaluate(
    () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations).toEqual([]);
});
