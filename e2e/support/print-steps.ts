import type { Page } from '@playwright/test';
import type { Lang } from '#shared/domain/types';
import { expect } from '../fixtures';
import { submitWalkIn } from './walk-in-form';

/** Steps the print specs share: host mode, then a walk-in who meets a member. */

/** The demo config's host PIN (shared/demo/demo-data.ts). */
export const DEMO_PIN = '1234';

export async function openHost(page: Page): Promise<void> {
  await page.getByTestId('open-host').click();
  await page.getByTestId('host-pin-input').fill(DEMO_PIN);
  await page.getByTestId('host-pin-submit').click();
  await expect(page.getByTestId('screen-host')).toBeVisible();
}

/** Registers a walk-in in `lang` who meets Elise Peeters; resolves on the bind-card step. */
export async function registerWalkIn(
  page: Page,
  lang: Lang,
  first: string,
  last: string,
): Promise<void> {
  await page.getByTestId('host-walk-in').click();
  await page.getByTestId(`lang-${lang}`).click();
  await submitWalkIn(page, { first, last, company: 'Grenswerk vzw', meet: 'elise' });
}
