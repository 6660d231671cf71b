import { expect, test } from '@playwright/test';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import { signIn, watchProblems } from './support/console-page';

/**
 * Wrong passwords are throttled by the hub (decision 0026: after 5 failures, a wait); the sign-in
 * page says so in words with the wait the hub gives, never a code, even for the right password
 * during the wait. Its own hub: the throttle also counts per address, which every spec shares.
 */
let hub: ConsoleHub;
const EMAIL = 'coordinator@example.org';

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(EMAIL, 'network');
});
test.afterAll(async () => {
  await hub.dispose();
});

test('a wrong password, five times, then a wait shown in words', async ({ page }) => {
  const problems = watchProblems(page);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, hub.url, EMAIL, `wrong password ${attempt}`);
    await expect(page.getByRole('alert')).toHaveText('Wrong email address or password.');
  }
  await signIn(page, hub.url, EMAIL);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(
    /^Too many attempts\. Please wait ([1-9]|[12]\d|30) seconds? before trying again\.$/,
  );
  await expect(page.getByTestId('operator')).toHaveCount(0);

  await page.getByTestId('lang-fr').click();
  await signIn(page, hub.url, EMAIL);
  await expect(page.getByRole('alert')).toHaveText(
    /^Trop de tentatives\. Veuillez attendre \d+ secondes? avant de réessayer\.$/,
  );
  expect(problems).toEqual([]);
});
