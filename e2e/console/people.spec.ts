import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { LANGS } from '#shared/domain/types';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import {
  SCREENS,
  expectNoSidewaysScroll,
  screenPage,
  seriousViolations,
  signIn,
  watchProblems,
} from './support/console-page';
import { pullAll, seedPeople, type Desk } from './support/people-seed';

/**
 * Members and visitor requests (issue 12): search, edit, cards, deactivate and the CSV import
 * with its preview, each read back from the API; a visitor found, exported and erased
 * everywhere (gone from the kiosks' pull); a space manager's view and 403s; axe and the
 * sideways check of each screen in fr, nl and en on a laptop and a tablet.
 */
test.describe.configure({ mode: 'serial' });

let hub: ConsoleHub;
let monsDesk: Desk;
const NETWORK = 'coordinator@example.org';
const MANAGER = 'mons@example.org';

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(NETWORK, 'network');
  await hub.addOperator(MANAGER, 'space', 'co-nnexion-mons');
  monsDesk = await seedPeople(hub.url, NETWORK);
});
test.afterAll(async () => {
  await hub.dispose();
});

/** The member `id` as the console API answers it now, from the page's own session. */
async function memberOf(page: Page, id: string) {
  const answer = await page.request.get(`${hub.url}/console/api/members/${id}`);
  return { status: answer.status(), body: (await answer.json()) as { member?: unknown } };
}

async function csrfOf(page: Page): Promise<string> {
  const answer = await page.request.get(`${hub.url}/console/api/session`);
  return ((await answer.json()) as { csrfToken: string }).csrfToken;
}

const csvFile = (name: string, lines: readonly string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(lines.join('\n')),
});
const HEADER = 'id,displayName,homeSpaceId,cardIds,active';

test('a network operator finds and edits a member, adds and removes a card, deactivates them', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-row')).toHaveCount(4);
  await page.getByLabel('Name, card number or id').fill('janssens');
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dirk Janssens' }).click();

  const edit = page.getByTestId('member-edit');
  const status = page.getByTestId('member-status');
  await expect(edit.getByRole('heading', { name: 'Dirk Janssens' })).toBeFocused();
  await edit.getByLabel('Name', { exact: true }).fill('Dirk Janssens-Maes');
  await edit.getByLabel('Home space').selectOption('mutualab-lille');
  await edit.getByLabel('Language').selectOption('nl');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(status).toHaveText(/The member is saved/);
  expect((await memberOf(page, 'm-mons-3')).body.member).toMatchObject({
    displayName: 'Dirk Janssens-Maes',
    homeSpaceId: 'mutualab-lille',
    preferredLang: 'nl',
  });
  await expect(page.getByTestId('member-row')).toContainText(['MutuaLab Lille']);

  // A card typed in lower case with separators comes back as the hub keeps it.
  await edit.getByLabel(/Card number/).fill('4b:00:42:3c:15');
  await edit.getByRole('button', { name: 'Add the card' }).click();
  await expect(status).toHaveText('Card 4B00423C15 is added.');
  await expect(edit.getByTestId('member-card')).toContainText(['4B00423C15']);
  expect((await memberOf(page, 'm-mons-3')).body.member).toMatchObject({
    cardIds: ['4B00423C15'],
  });
  // Anneke's card, in another form: refused in words.
  await edit.getByLabel(/Card number/).fill('14008ec793');
  await edit.getByRole('button', { name: 'Add the card' }).click();
  await expect(edit.getByRole('alert')).toHaveText('This card already belongs to another member.');

  await edit.getByRole('button', { name: 'Remove card 4B00423C15' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Remove card 4B00423C15?');
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(status).toHaveText('Card 4B00423C15 is removed.');
  expect((await memberOf(page, 'm-mons-3')).body.member).toMatchObject({ cardIds: [] });

  await edit.getByRole('button', { name: 'Deactivate' }).click();
  await expect(confirm).toContainText('Deactivate Dirk Janssens-Maes?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await memberOf(page, 'm-mons-3')).body.member).toMatchObject({ isActive: true });
  await edit.getByRole('button', { name: 'Deactivate' }).click();
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(status).toHaveText(/The member is deactivated/);
  expect((await memberOf(page, 'm-mons-3')).body.member).toMatchObject({ isActive: false });
  expect(problems).toEqual([]);
});

test("a member's panel takes one change at a time, its cards included", async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('Name, card number or id').fill('peeters');
  await page.getByRole('button', { name: 'Bram Peeters' }).click();
  const edit = page.getByTestId('member-edit');
  // The hub's answer is held back, as on a slow network, until the buttons have been looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/console/api/members/m-mons-2', async (route) => {
    await held;
    await route.continue();
  });
  await edit.getByLabel('Language').selectOption('nl');
  await edit.getByRole('button', { name: 'Save' }).click();
  for (const name of ['Save', 'Add the card', 'Deactivate']) {
    await expect(edit.getByRole('button', { name, exact: true })).toBeDisabled();
  }
  release();
  await expect(page.getByTestId('member-status')).toHaveText(/The member is saved/);
  await expect(edit.getByRole('button', { name: 'Add the card' })).toBeEnabled();
  await page.unroute('**/console/api/members/m-mons-2');
  expect((await memberOf(page, 'm-mons-2')).body.member).toMatchObject({ preferredLang: 'nl' });
  expect(problems).toEqual([]);
});

test('the CSV import lists every bad row, writes nothing until confirmed, then the members exist', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.getByRole('link', { name: 'Members' }).click();
  const file = page.getByLabel('CSV file', { exact: true });
  const good = [
    'm-new-1,Els Wouters,co-nnexion-mons,,true',
    'm-new-2,Hugo Lambert,mutualab-lille,0004340123,true',
  ];
  await file.setInputFiles(
    csvFile('members.csv', [
      HEADER,
      ...good,
      'm-new-3,,co-nnexion-mons,,true',
      'm-new-4,Ines Roels,atlantis,,true',
      'm-new-5,Jan Smet,co-nnexion-mons,14008EC793,true',
    ]),
  );
  const bad = page.getByTestId('bad-row');
  await expect(bad).toHaveCount(3);
  await expect(bad.nth(0).locator('td').first()).toHaveText('4');
  await expect(bad.nth(0)).toContainText('displayName is empty');
  await expect(bad.nth(1)).toContainText('the hub has no space atlantis');
  await expect(bad.nth(2)).toContainText('member m-mons-1 already holds this card');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  expect((await memberOf(page, 'm-new-1')).status).toBe(404);

  await file.setInputFiles(csvFile('members-fixed.csv', [HEADER, ...good]));
  await expect(page.getByTestId('import-preview')).toContainText('New: 2. Changed: 0.');
  expect((await memberOf(page, 'm-new-1')).status).toBe(404);
  await page.getByRole('button', { name: 'Import 2 members' }).click();
  await expect(page.getByTestId('import-status')).toHaveText(/^2 members imported\./);
  expect((await memberOf(page, 'm-new-2')).body.member).toMatchObject({
    displayName: 'Hugo Lambert',
    cardIds: ['0004340123'],
  });
  await expect(page.getByRole('button', { name: 'Els Wouters' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('a visitor is found, exported as JSON and erased everywhere', async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  await page.getByRole('link', { name: 'Visitor requests' }).click();
  const query = page.getByLabel('Name or e-mail address');
  await query.fill('griselda');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  const row = page.getByTestId('visitor-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('griselda@example.be');

  const downloading = page.waitForEvent('download');
  await row.getByRole('link', { name: /Export the data of Griselda Vanderkerckhove/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('visitor-v-mons-1.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as unknown;
  expect(exported).toMatchObject({
    visitor: { id: 'v-mons-1', firstName: 'Griselda', email: 'griselda@example.be' },
  });

  await row.getByRole('button', { name: 'Erase Griselda Vanderkerckhove everywhere' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('every kiosk removes it at its next sync');
  await expect(confirm).toContainText('This cannot be undone.');
  await confirm.getByRole('button', { name: 'Yes, erase everywhere' }).click();
  await expect(page.getByTestId('visitors-status')).toHaveText(/The visitor is erased/);
  await expect(row).toHaveCount(0);

  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page.getByTestId('visitors-status')).toHaveText('No visitor found.');
  const pulled = (await pullAll(monsDesk)).filter((c) => c.recordId === 'v-mons-1');
  expect(pulled.map((c) => c.op)).toEqual(['erase']);
  expect(JSON.stringify(pulled)).not.toContain('Griselda');
  expect(problems).toEqual([]);
});

test('a space manager sees only their space, and each endpoint refuses another space with 403', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, MANAGER);
  await page.getByRole('link', { name: 'Members' }).click();
  const rows = page.getByTestId('member-row');
  await expect(rows.first()).toBeVisible();
  const names = await rows.locator('td:first-child').allTextContents();
  expect(names).toEqual(expect.arrayContaining(["Anneke Van 't Hof", 'Bram Peeters']));
  expect(names.join()).not.toMatch(/Camille|Hugo|Dirk/);
  await page.getByRole('button', { name: 'Bram Peeters' }).click();
  await expect(page.getByTestId('member-edit')).toBeVisible();
  await expect(page.getByLabel('Home space')).toHaveCount(0);

  await page.getByRole('link', { name: 'Visitor requests' }).click();
  await page.getByLabel('Name or e-mail address').fill('jules');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page.getByTestId('visitors-status')).toHaveText('No visitor found.');
  await page.getByLabel('Name or e-mail address').fill('lotte');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page.getByTestId('visitor-row')).toHaveCount(1);

  const api = `${hub.url}/console/api`;
  const headers = { 'x-csrf-token': await csrfOf(page) };
  const answers = await Promise.all([
    page.request.get(`${api}/members/m-lille-1`),
    page.request.patch(`${api}/members/m-lille-1`, { headers, data: { displayName: 'X' } }),
    page.request.post(`${api}/members/m-lille-1/cards`, { headers, data: { card: '04A1B2C3' } }),
    page.request.get(`${api}/visitors/v-lille-1/export`),
    page.request.post(`${api}/visitors/v-lille-1/erase`, { headers, data: {} }),
  ]);
  expect(answers.map((a) => a.status())).toEqual([403, 403, 403, 403, 403]);
  expect(problems).toEqual([]);
});

for (const lang of LANGS) {
  for (const screen of SCREENS) {
    test(`the people screens in ${lang} on a ${screen.name}: axe and no sideways scroll`, async ({
      browser,
    }) => {
      const { context, page, problems, press } = await screenPage(browser, screen, lang);
      const check = async (where: string) => {
        await expectNoSidewaysScroll(page, `${lang} ${screen.name} ${where}`);
        expect(await seriousViolations(page), where).toEqual([]);
      };
      await signIn(page, hub.url, NETWORK);
      await press(page.locator('a[href="#/members"]'));
      await expect(page.getByTestId('member-row').first()).toBeVisible();
      await check('member search results');
      await press(page.getByTestId('member-row').first().locator('button'));
      await expect(page.getByTestId('member-edit')).toBeVisible();
      await check('a member in edit');
      await page
        .locator('input[type="file"]')
        .setInputFiles(csvFile('bad.csv', [HEADER, 'm-bad-1,,nowhere,zz,maybe']));
      await expect(page.getByTestId('bad-row')).toHaveCount(1);
      await check('the import preview');

      await press(page.locator('a[href="#/visitors"]'));
      // The members page has a search field too: wait until the visitors' form replaced it.
      const find = page.locator('form[role="search"]');
      await expect(find).toBeVisible();
      await find.locator('input[type="search"]').fill('lotte');
      await press(find.locator('button[type="submit"]'));
      await press(page.getByTestId('visitor-row').locator('button'));
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await check('the erase confirmation');
      expect(problems).toEqual([]);
      await context.close();
    });
  }
}
