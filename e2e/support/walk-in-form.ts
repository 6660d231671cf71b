import { expect, type Page } from '@playwright/test';

/**
 * The walk-in form's steps (who → contact → visit → consent), filled the quick way (`fill`, as
 * a physical keyboard would) for the specs whose subject is what happens after the form. The
 * on-screen keyboard and taps are e2e/fit.spec.ts's and walkin.spec.ts's subject.
 */

/** What to enter; a missing field is left as it is (a returning visitor's name is never typed). */
export interface WalkInEntry {
  first?: string;
  last?: string;
  company?: string;
  email?: string;
  phone?: string;
  /** Three letters or more of the member met: the purpose becomes "meeting" and the first match is picked. */
  meet?: string;
  /** The visitor's country (a two-letter code among the form's buttons). */
  country?: string;
  /** The id of an event on now to register for (its button on the visit step). */
  event?: string;
  /** Tick the consent box (default true). */
  consent?: boolean;
}

/** Taps "Next" and waits for `step` (who, contact, visit, consent). */
export async function nextStep(page: Page, step: string): Promise<void> {
  await page.getByTestId('walkin-next').click();
  await expect(page.getByTestId(`walkin-step-${step}`)).toBeVisible();
}

/**
 * Fills every step of an open walk-in form from the first and stops on the consent step, the box
 * ticked unless `consent` is false; the caller taps "Register". Fails the test when a step does
 * not follow (a field refused).
 */
export async function fillWalkIn(page: Page, v: WalkInEntry): Promise<void> {
  await expect(page.getByTestId('walkin-step-who')).toBeVisible();
  if (v.first !== undefined) await page.getByTestId('walkin-firstName').fill(v.first);
  if (v.last !== undefined) await page.getByTestId('walkin-lastName').fill(v.last);
  await nextStep(page, 'contact');
  if (v.company !== undefined) await page.getByTestId('walkin-company').fill(v.company);
  if (v.email !== undefined) await page.getByTestId('walkin-email').fill(v.email);
  if (v.phone !== undefined) await page.getByTestId('walkin-phone').fill(v.phone);
  await nextStep(page, 'visit');
  if (v.country !== undefined) await page.getByTestId(`walkin-country-${v.country}`).click();
  if (v.event !== undefined) {
    await page.getByTestId(`walkin-event-${v.event}`).click();
    await expect(page.getByTestId(`walkin-event-${v.event}`)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  }
  if (v.meet !== undefined) {
    await page.getByTestId('walkin-purpose-meeting').click();
    await page.getByTestId('walkin-member-query').fill(v.meet);
    await page.getByTestId('walkin-member-result').first().click();
    await expect(page.getByTestId('walkin-member')).toBeVisible();
  }
  await nextStep(page, 'consent');
  if (v.consent !== false) await page.getByTestId('walkin-consent').check();
}

/** Fills the form (fillWalkIn), taps "Register" and waits for the spare-card step. */
export async function submitWalkIn(page: Page, v: WalkInEntry): Promise<void> {
  await fillWalkIn(page, v);
  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('screen-bind-card')).toBeVisible();
}
