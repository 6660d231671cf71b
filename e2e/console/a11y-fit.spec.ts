import { expect, test } from '@playwright/test';
import { LANGS } from '#shared/domain/types';
import { startConsoleHub, type ConsoleHub } from './support/console-hub';
import {
  SCREENS,
  expectNoSidewaysScroll,
  screenPage,
  seriousViolations,
  signIn,
} from './support/console-page';

/**
 * Every console page, in fr, nl and en: no serious or critical WCAG 2.1 A/AA finding (axe), and
 * no sideways scrolling on a laptop (1366×768, mouse) nor a tablet (768×1024, touch: the pages
 * are opened by taps there).
 */
test.describe.configure({ mode: 'serial' });

let hub: ConsoleHub;
const NETWORK = 'coordinator@example.org';
const MANAGER = 'manager.with.a.rather.long.address@example.org';

test.beforeAll(async () => {
  hub = await startConsoleHub(test.info().project.name);
  await hub.addOperator(NETWORK, 'network');
  await hub.addOperator(MANAGER, 'space', 'mutualab-lille');
});
test.afterAll(async () => {
  await hub.dispose();
});

for (const lang of LANGS) {
  for (const screen of SCREENS) {
    test(`every page in ${lang} on a ${screen.name}`, async ({ browser }) => {
      const { context, page, problems, press } = await screenPage(browser, screen, lang);
      const isAxe = screen.name === 'laptop';
      const check = async (where: string) => {
        await expectNoSidewaysScroll(page, `${lang} ${screen.name} ${where}`);
        if (isAxe) expect(await seriousViolations(page), where).toEqual([]);
      };

      await page.goto(`${hub.url}/console/`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await check('sign-in');
      if (isAxe) {
        // Once per language: from the 5th failure, the hub would throttle this test address.
        await signIn(page, hub.url, 'nobody@example.org', 'not a password at all');
        await expect(page.getByRole('alert')).toBeVisible();
        await check('sign-in refused');
      }

      await signIn(page, hub.url, NETWORK);
      // Indicators open first (their own spec checks them): the operators are one link away.
      await expect(page.getByTestId('operator')).toBeVisible();
      await press(page.locator('a[href="#/operators"]'));
      await expect(page.getByTestId('operator-row').first()).toBeVisible();
      await check('operators');
      await page.locator('select').first().selectOption('network');
      await page.locator('input[type="email"]').fill(`${lang}-${screen.name}@example.org`);
      await page.locator('form button[type="submit"]').first().click();
      await expect(page.getByTestId('one-time-password')).toBeVisible();
      await page.getByTestId('operator-row').last().getByRole('button').first().click();
      await check('operators, one-time password and a row in edit');

      await press(page.locator('a[href="#/audit"]'));
      await expect(page.getByTestId('audit-row').first()).toBeVisible();
      await check('audit log');

      await press(page.getByTestId('change-password'));
      await expect(page.locator('input[autocomplete="new-password"]')).toBeVisible();
      await check('change password');

      await press(page.getByTestId('sign-out'));
      await expect(page.getByTestId('signed-out')).toBeVisible();
      await signIn(page, hub.url, MANAGER);
      await expect(page.getByTestId('operator-role')).toBeVisible();
      await check('a space manager’s shell');
      expect(problems).toEqual([]);
      await context.close();
    });
  }
}
