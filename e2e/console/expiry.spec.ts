import { expect, test } from '@playwright/test';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import { signIn, watchProblems } from './support/console-page';

/**
 * An expired session sends the operator back to sign in with "your session ended". The hub runs
 * with a 2-second idle expiry (HUB_CONSOLE_IDLE_SECONDS), so the expiry is real elapsed time on
 * the hub's own clock: the wait below is what is under test, not a pause.
 */
let hub: ConsoleHub;
const EMAIL = 'coordinator@example.org';
const IDLE_MS = 2000;

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name, {
    HUB_CONSOLE_IDLE_SECONDS: String(IDLE_MS / 1000),
  });
  await hub.addOperator(EMAIL, 'network');
});
test.afterAll(async () => {
  await hub.dispose();
});

test('an idle session ends, and the next action brings back sign-in saying so', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, EMAIL);
  await expect(page.getByTestId('operator')).toContainText(EMAIL);
  const session = await page.request.get(`${hub.url}/console/api/session`);
  const { idleExpiresAt } = (await session.json()) as { idleExpiresAt: number };
  await page.waitForTimeout(Math.max(0, idleExpiresAt - Date.now()) + 500);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByTestId('session-ended')).toHaveText(
    'Your session ended. Please sign in again.',
  );
  const after = await page.request.get(`${hub.url}/console/api/session`);
  expect(after.status()).toBe(401);
  await signIn(page, hub.url, EMAIL);
  await expect(page.getByTestId('operator')).toContainText(EMAIL);
  expect(problems).toEqual([]);
});
