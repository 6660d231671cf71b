import { expect, test } from '@playwright/test';
import { PASSWORD, startConsoleHub, type ConsoleHub } from './support/console-hub';
import { signIn, watchProblems } from './support/console-page';

/**
 * Signing in and out with the real session layer: the shell shows who is signed in and as what;
 * sign out ends this session only, sign out everywhere every session of the operator (another
 * browser is sent back to sign-in with "your session ended"); a reload keeps the session; the
 * chosen language is remembered; a password change works and ends the other sessions.
 */
test.describe.configure({ mode: 'serial' });

let hub: ConsoleHub;
const EMAIL = 'coordinator@example.org';

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(EMAIL, 'network');
});
test.afterAll(async () => {
  await hub.dispose();
});

test('signs in, keeps the session over a reload, and signs out', async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, EMAIL);
  await expect(page.getByTestId('operator')).toContainText(EMAIL);
  await expect(page.getByTestId('operator-role')).toHaveText('Network operator');
  // The first section, Indicators, opens on sign-in.
  await expect(page.getByRole('link', { name: 'Indicators' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.reload();
  await expect(page.getByTestId('operator')).toContainText(EMAIL);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByTestId('signed-out')).toHaveText('You are signed out.');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  const session = await page.request.get(`${hub.url}/console/api/session`);
  expect(session.status()).toBe(401);
  expect(problems).toEqual([]);
});

test('signs out everywhere: another browser of the same operator is sent to sign in', async ({
  page,
  browser,
}) => {
  const other = await browser.newContext({ locale: 'en-GB' });
  const elsewhere = await other.newPage();
  await signIn(elsewhere, hub.url, EMAIL);
  await expect(elsewhere.getByTestId('operator')).toContainText(EMAIL);
  await signIn(page, hub.url, EMAIL);
  await expect(page.getByTestId('operator')).toContainText(EMAIL);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await elsewhere.getByRole('link', { name: 'Audit log' }).click();
  await expect(elsewhere.getByTestId('session-ended')).toHaveText(
    'Your session ended. Please sign in again.',
  );
  await other.close();
});

test('remembers the language the operator chose, in this browser', async ({ page }) => {
  await page.goto(`${hub.url}/console/`);
  await page.getByTestId('lang-nl').click();
  await expect(page.getByRole('heading', { name: 'Aanmelden' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Aanmelden' })).toBeVisible();
  await page.getByTestId('lang-fr').click();
  await signIn(page, hub.url, EMAIL);
  await expect(page.getByRole('link', { name: 'Opérateurs' })).toBeVisible();
});

test('changes the password: the new one signs in, the old one no longer does', async ({ page }) => {
  const next = 'a new and longer passphrase';
  await signIn(page, hub.url, EMAIL);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password (at least 12 characters)').fill('too short');
  await page.getByRole('button', { name: 'Change password' }).last().click();
  await expect(page.getByRole('alert')).toHaveText(
    'The new password needs at least 12 characters.',
  );
  await page.getByLabel('Current password').fill('not the password');
  await page.getByLabel('New password (at least 12 characters)').fill(next);
  await page.getByRole('button', { name: 'Change password' }).last().click();
  await expect(page.getByRole('alert')).toHaveText('The current password is not right.');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password (at least 12 characters)').fill(next);
  await page.getByRole('button', { name: 'Change password' }).last().click();
  await expect(page.getByRole('status')).toContainText('Your password is changed.');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await signIn(page, hub.url, EMAIL, PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('Wrong email address or password.');
  await signIn(page, hub.url, EMAIL, next);
  await expect(page.getByTestId('operator')).toContainText(EMAIL);
});
