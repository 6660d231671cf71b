import { expect, test } from '@playwright/test';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import { signIn, watchProblems } from './support/console-page';

/**
 * The Indicators screen of a hub with no space yet (its first hour, before the spaces CSV): it
 * says so in a sentence, not "… for ." with an empty list, and shows no empty box of spaces.
 */
let hub: ConsoleHub;
const NETWORK = 'coordinator@example.org';

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name, {}, { withSpaces: false });
  await hub.addOperator(NETWORK, 'network');
});
test.afterAll(async () => {
  await hub.dispose();
});

test('a hub without any space says so above the figures', async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, hub.url, NETWORK);
  const shown = page.getByTestId('shown');
  await expect(shown).toContainText('no space is registered on the hub yet.');
  await expect(shown).not.toContainText(' for .');
  // No empty "Spaces" box to pick from: a sentence that says where spaces are added.
  await expect(page.getByTestId('no-space-yet')).toHaveText(
    'No space is registered on the hub yet: add one under Spaces, then its figures appear here.',
  );
  await expect(page.getByRole('group', { name: 'Spaces' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('indicators-no-space.png') });
  expect(problems).toEqual([]);
});

const NO_SPACE_YET = {
  fr: 'Aucun espace n’est encore enregistré sur le hub : ajoutez-en un sous Espaces, ses chiffres apparaîtront ici.',
  nl: 'Er is nog geen ruimte op de hub geregistreerd: voeg er een toe onder Ruimtes, dan verschijnen de cijfers hier.',
} as const;

for (const [lang, text] of Object.entries(NO_SPACE_YET)) {
  test(`in ${lang}, on a tablet, the same sentence stands in for the spaces`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width: 768, height: 1024 },
      hasTouch: true,
      locale: `${lang}-BE`,
    });
    try {
      const page = await context.newPage();
      const problems = watchProblems(page);
      await signIn(page, hub.url, NETWORK);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByTestId('no-space-yet')).toHaveText(text);
      await page.screenshot({ path: test.info().outputPath(`indicators-no-space-${lang}.png`) });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
