import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import { signIn, watchProblems } from './support/console-page';

/**
 * What each role may do, through the pages and through the API directly. A network operator
 * manages operators (the one-time password shown once, role and space changed, disabled, a new
 * password) and reads each change in the audit log; a space manager sees neither page and gets
 * 403 from each of their endpoints; a change without the CSRF token is refused.
 */
test.describe.configure({ mode: 'serial' });

let hub: ConsoleHub;
const NETWORK = 'coordinator@example.org';
const MANAGER = 'mons@example.org';

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(NETWORK, 'network');
  await hub.addOperator(MANAGER, 'space', 'co-nnexion-mons');
});
test.afterAll(async () => {
  await hub.dispose();
});

/**
 * Picks `id` in a space picker: a list of the hub's spaces (`GET /spaces`, served by the
 * people-and-places part), or the id field the console falls back to without it. Resolves with
 * what the operators list then shows for that space: its name, or its id.
 */
async function pickSpace(scope: Locator, id: string): Promise<string> {
  const picker = scope.getByLabel('Space', { exact: true });
  if ((await picker.evaluate((e) => e.tagName)) === 'SELECT') {
    await picker.selectOption(id);
    return (await picker.locator('option:checked').textContent()) ?? id;
  }
  await picker.fill(id);
  return id;
}

async function csrfOf(request: APIRequestContext, url: string): Promise<string> {
  const answer = await request.get(`${url}/console/api/session`);
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as { csrfToken: string }).csrfToken;
}

test('a network operator adds, changes, disables and resets an operator, and reads it in the audit log', async ({
  page,
  browser,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  // Indicators open first: the operators are one link away.
  await page.locator('a[href="#/operators"]').click();
  await expect(page.getByTestId('operator-row')).toHaveCount(2);

  await page.getByLabel('Email address').fill('lille@example.org');
  await page.getByLabel('Role', { exact: true }).selectOption('space');
  const lilleShown = await pickSpace(page.locator('form').first(), 'mutualab-lille');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const once = page.getByTestId('one-time-password');
  await expect(once).toHaveText(/\S{12,}/);
  const password = (await once.textContent()) ?? '';
  await page.getByRole('button', { name: 'I have noted it' }).click();
  await expect(once).toHaveCount(0);
  const row = page.getByTestId('operator-row').filter({ hasText: 'lille@example.org' });
  await expect(row).toContainText(lilleShown);

  // The new manager signs in with the one-time password, in a browser of their own.
  const theirs = await browser.newContext({ locale: 'en-GB' });
  const lille = await theirs.newPage();
  await signIn(lille, hub.url, 'lille@example.org', password);
  await expect(lille.getByTestId('operator-role')).toHaveText('Manager of mutualab-lille');

  await row.getByRole('button', { name: 'Change role or space' }).click();
  const monsShown = await pickSpace(row, 'co-nnexion-mons');
  await row.getByRole('button', { name: 'Save' }).click();
  // The picker lists every space, Mons too: the change is read once the row is back to text.
  await expect(row.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(row).toContainText(monsShown);
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  // Disabling ended their session: their next action sends them to sign in.
  await lille.reload();
  await expect(lille.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'New password' }).click();
  await expect(once).not.toHaveText(password);
  await signIn(lille, hub.url, 'lille@example.org', (await once.textContent()) ?? '');
  await expect(lille.getByTestId('operator-role')).toHaveText('Manager of co-nnexion-mons');
  await theirs.close();

  // The last network operator cannot be demoted: said in words.
  const self = page.getByTestId('operator-row').filter({ hasText: NETWORK });
  await self.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'The last active network operator cannot be disabled or demoted.',
  );

  await page.getByRole('link', { name: 'Audit log' }).click();
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  const actions = await rows.locator('td:nth-child(3)').allTextContents();
  expect(actions).toEqual(
    expect.arrayContaining([
      'operator.add',
      'operator.update',
      'operator.disable',
      'operator.reset',
    ]),
  );
  await expect(rows.filter({ hasText: 'operator.add' }).first()).toContainText(NETWORK);
  expect(problems).toEqual([]);
});

test('a row takes one change at a time: its buttons wait while a change is on its way', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await hub.addOperator('tournai@example.org', 'space', 'co-nnexion-mons');
  await signIn(page, hub.url, NETWORK);
  await page.locator('a[href="#/operators"]').click();
  const row = page.getByTestId('operator-row').filter({ hasText: 'tournai@example.org' });
  // The hub's answer is held back, as on a slow network, until the buttons have been looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/console/api/operators/*', async (route) => {
    await held;
    await route.continue();
  });
  await row.getByRole('button', { name: 'Disable' }).click();
  for (const name of ['Change role or space', 'Disable', 'New password']) {
    await expect(row.getByRole('button', { name })).toBeDisabled();
  }
  release();
  await expect(row).toContainText('Disabled');
  await expect(row.getByRole('button', { name: 'Enable' })).toBeEnabled();
  await page.unroute('**/console/api/operators/*');
  expect(problems).toEqual([]);
});

test('a space manager sees neither Operators nor Audit log, and the API refuses each of them with 403', async ({
  page,
}) => {
  await signIn(page, hub.url, MANAGER);
  await expect(page.getByTestId('operator-role')).toHaveText('Manager of co-nnexion-mons');
  await expect(page.getByRole('link', { name: 'Operators' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

  const api = `${hub.url}/console/api`;
  const csrf = await csrfOf(page.request, hub.url);
  const headers = { 'x-csrf-token': csrf };
  const list = (await (await page.request.get(`${api}/operators`)).json()) as unknown;
  expect(list).toMatchObject({ code: 'forbidden' });
  const answers = await Promise.all([
    page.request.get(`${api}/operators`),
    page.request.get(`${api}/audit?limit=10`),
    page.request.post(`${api}/operators`, {
      headers,
      data: { email: 'x@example.org', role: 'network' },
    }),
    page.request.patch(`${api}/operators/anyone`, { headers, data: { disabled: true } }),
    page.request.post(`${api}/operators/anyone/reset`, { headers, data: {} }),
  ]);
  expect(answers.map((a) => a.status())).toEqual([403, 403, 403, 403, 403]);
});

test('a change without the CSRF token, or with a wrong one, is refused', async ({ page }) => {
  await signIn(page, hub.url, NETWORK);
  await expect(page.getByTestId('operator')).toContainText(NETWORK);
  const api = `${hub.url}/console/api`;
  const data = { email: 'nocsrf@example.org', role: 'network' };
  const without = await page.request.post(`${api}/operators`, { data });
  const wrong = await page.request.post(`${api}/operators`, {
    data,
    headers: { 'x-csrf-token': 'not-the-token' },
  });
  expect([without.status(), wrong.status()]).toEqual([403, 403]);
  expect(await without.json()).toMatchObject({ code: 'csrf-failed' });
  const list = (await (await page.request.get(`${api}/operators`)).json()) as {
    operators: { email: string }[];
  };
  expect(list.operators.map((o) => o.email)).not.toContain('nocsrf@example.org');
});
