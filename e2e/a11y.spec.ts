import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { LANGS } from '#shared/domain/types';
import { cardGreetingIn, UNKNOWN_DIGITS } from './demo';
import { expect, test } from './fixtures';
import { swipeCard } from './wedge';

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const lang of LANGS) {
  test(`home, welcome and unknown-card screens have no serious violation in ${lang}`, async ({
    kiosk,
  }) => {
    const page = await kiosk.open('?resultScreenMs=60000');
    await page.getByTestId(`lang-${lang}`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    expect(await seriousViolations(page)).toEqual([]);

    await swipeCard(page, cardGreetingIn(lang).dec10);
    await expect(page.getByTestId('screen-welcome')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('welcome-done').click();
    await page.getByTestId(`lang-${lang}`).click();
    await swipeCard(page, UNKNOWN_DIGITS);
    await expect(page.getByTestId('screen-unknown')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

for (const lang of LANGS) {
  test(`the agenda and an opened event have no serious violation in ${lang}`, async ({ kiosk }) => {
    const page = await kiosk.open('?screenMs=600000');
    await page.getByTestId(`lang-${lang}`).click();
    await page.getByTestId('open-agenda').click();
    await expect(page.getByTestId('agenda-event').first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('agenda-lang-nl').click();
    await page.getByTestId('agenda-day-1').click();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('agenda-lang-all').click();
    await expect(page.getByTestId('agenda-lang-all')).toHaveAttribute('aria-pressed', 'true');
    // The list is read again after the filter tap: a tap on an event the new list replaced opens
    // nothing, as on the screen, and is made again (under load the read can take seconds here).
    const detail = page.getByTestId('agenda-detail');
    await expect(async () => {
      if (!(await detail.isVisible())) {
        await page.getByTestId('agenda-event').first().click({ timeout: 2000 });
      }
      await expect(detail).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
}
